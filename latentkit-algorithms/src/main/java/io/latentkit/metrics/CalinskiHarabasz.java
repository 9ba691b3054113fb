package io.latentkit.metrics;

import io.latentkit.data.Matrix;

/**
 * Calinski-Harabasz index (variance ratio criterion): between-cluster over within-cluster dispersion, each divided by
 * its degrees of freedom; higher is better. Noise items (-1) are excluded (see the package documentation).
 */
public final class CalinskiHarabasz {
    private CalinskiHarabasz() {
    }

    /**
     * The index as scikit-learn's {@code calinski_harabasz_score}, 1.0 when every cluster is a single point value.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double score(Matrix x, int[] labels) {
        Partition p = Partition.forInternal(x, labels);
        int d = x.cols();
        double[] means = p.means(x);
        double[] mean = new double[d];
        for (int c = 0; c < p.k(); c++) {
            for (int j = 0; j < d; j++) {
                mean[j] += means[c * d + j] * p.sizes()[c] / p.n();
            }
        }
        double extra = 0;
        for (int c = 0; c < p.k(); c++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double diff = means[c * d + j] - mean[j];
                sq += diff * diff;
            }
            extra += p.sizes()[c] * sq;
        }
        double intra = Inertia.toMeans(x, p, means);
        return intra == 0.0 ? 1.0 : extra * (p.n() - p.k()) / (intra * (p.k() - 1.0));
    }
}
