package io.latentkit.metrics;

import io.latentkit.data.Matrix;
import io.latentkit.estimator.Clustering;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Predicted labels with noise removed: the kept items, and their labels encoded 0..k-1 in ascending order of value.
 *
 * @param items  indices of the non-noise items, ascending
 * @param codes  encoded label of each kept item (parallel to {@code items})
 * @param values label value of each code, ascending
 * @param sizes  number of kept items per code
 */
record Partition(int[] items, int[] codes, int[] values, int[] sizes) {

    static Partition of(int[] labels) {
        int[] items = IntStream.range(0, labels.length)
                .filter(i -> labels[i] != Clustering.NOISE).toArray();
        int[] values = Arrays.stream(items).map(i -> labels[i]).distinct().sorted().toArray();
        int[] codes = new int[items.length];
        int[] sizes = new int[values.length];
        for (int i = 0; i < items.length; i++) {
            codes[i] = Arrays.binarySearch(values, labels[items[i]]);
            sizes[codes[i]]++;
        }
        return new Partition(items, codes, values, sizes);
    }

    /** The partition of a clustering of {@code x}, checked as internal metrics need: 2 <= k <= n-1 clusters. */
    static Partition forInternal(Matrix x, int[] labels) {
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " rows");
        }
        Partition p = of(labels);
        if (p.k() < 2 || p.k() > p.n() - 1) {
            throw new IllegalArgumentException("number of clusters is " + p.k() + " for " + p.n()
                    + " non-noise items; valid values are 2 to n-1 (inclusive)");
        }
        return p;
    }

    int n() {
        return items.length;
    }

    int k() {
        return values.length;
    }

    /** Cluster means in double precision, k x cols, row-major. */
    double[] means(Matrix x) {
        int d = x.cols();
        float[] data = x.data();
        double[] means = new double[k() * d];
        for (int i = 0; i < items.length; i++) {
            int row = items[i] * d;
            int c = codes[i] * d;
            for (int j = 0; j < d; j++) {
                means[c + j] += data[row + j];
            }
        }
        for (int c = 0; c < k(); c++) {
            for (int j = 0; j < d; j++) {
                means[c * d + j] /= sizes[c];
            }
        }
        return means;
    }

    /** Squared Euclidean distance of each kept item to its cluster's mean ({@code means} as from {@link #means}). */
    double[] squaredDistancesToMeans(Matrix x, double[] means) {
        int d = x.cols();
        float[] data = x.data();
        double[] out = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            int row = items[i] * d;
            int c = codes[i] * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                double diff = data[row + j] - means[c + j];
                sum += diff * diff;
            }
            out[i] = sum;
        }
        return out;
    }
}
