package io.latentkit.metrics;

import io.latentkit.data.Matrix;

/**
 * Davies-Bouldin index: the mean over clusters of the worst ratio of summed spreads (mean distance to the centroid)
 * to centroid distance; lower is better, 0 at best. Noise items (-1) are excluded (see the package documentation).
 */
public final class DaviesBouldin {
    /** scikit-learn's {@code np.allclose(a, 0)} tolerance, under which all spreads or all distances count as zero. */
    private static final double ZERO = 1e-8;

    private DaviesBouldin() {
    }

    /**
     * The index as scikit-learn's {@code davies_bouldin_score}: 0 when all spreads or all centroid distances are
     * zero; coincident centroids contribute no ratio.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double score(Matrix x, int[] labels) {
        Partition p = Partition.forInternal(x, labels);
        int d = x.cols();
        int k = p.k();
        double[] means = p.means(x);
        double[] spread = new double[k];
        double[] squared = p.squaredDistancesToMeans(x, means);
        for (int i = 0; i < p.n(); i++) {
            spread[p.codes()[i]] += Math.sqrt(squared[i]);
        }
        boolean allSpreadsZero = true;
        for (int c = 0; c < k; c++) {
            spread[c] /= p.sizes()[c];
            allSpreadsZero &= Math.abs(spread[c]) <= ZERO;
        }
        double[] distances = new double[k * k];
        boolean allDistancesZero = true;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                distances[a * k + b] = Math.sqrt(squaredDistance(means, a * d, means, b * d, d));
                allDistancesZero &= distances[a * k + b] <= ZERO;
            }
        }
        if (allSpreadsZero || allDistancesZero) {
            return 0.0;
        }
        double sum = 0;
        for (int a = 0; a < k; a++) {
            double worst = 0;
            for (int b = 0; b < k; b++) {
                if (b != a && distances[a * k + b] != 0) {
                    worst = Math.max(worst, (spread[a] + spread[b]) / distances[a * k + b]);
                }
            }
            sum += worst;
        }
        return sum / k;
    }

    private static double squaredDistance(double[] x, int xFrom, double[] y, int yFrom, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double diff = x[xFrom + j] - y[yFrom + j];
            sum += diff * diff;
        }
        return sum;
    }
}
