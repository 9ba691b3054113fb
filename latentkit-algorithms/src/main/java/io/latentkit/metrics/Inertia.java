package io.latentkit.metrics;

import io.latentkit.data.Matrix;
import io.latentkit.estimator.Clustering;

/**
 * Inertia: the sum of squared Euclidean distances of items to their cluster's centre, accumulated in double precision.
 * Noise items (-1) are excluded (see the package documentation).
 */
public final class Inertia {
    private Inertia() {
    }

    /** Inertia with respect to each cluster's own mean (the within-cluster sum of squares). */
    public static double score(Matrix x, int[] labels) {
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " rows");
        }
        Partition p = Partition.of(labels);
        return toMeans(x, p, p.means(x));
    }

    /**
     * Inertia with respect to given centres, as k-means reports it: label {@code l} refers to row {@code l} of
     * {@code centres}.
     */
    public static double score(Matrix x, int[] labels, Matrix centres) {
        if (labels.length != x.rows() || centres.cols() != x.cols()) {
            throw new IllegalArgumentException("shapes do not match: " + x + ", " + labels.length + " labels, centres "
                    + centres);
        }
        int d = x.cols();
        float[] data = x.data();
        float[] c = centres.data();
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l == Clustering.NOISE) {
                continue;
            }
            if (l < 0 || l >= centres.rows()) {
                throw new IllegalArgumentException("label " + l + " at item " + i + " has no centre");
            }
            for (int j = 0; j < d; j++) {
                double diff = (double) data[i * d + j] - c[l * d + j];
                sum += diff * diff;
            }
        }
        return sum;
    }

    /** Sum of squared distances of the partition's items to the given cluster means (k x cols, row-major). */
    static double toMeans(Matrix x, Partition p, double[] means) {
        double sum = 0;
        for (double sq : p.squaredDistancesToMeans(x, means)) {
            sum += sq;
        }
        return sum;
    }
}
