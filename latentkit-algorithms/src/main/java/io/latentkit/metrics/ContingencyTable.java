package io.latentkit.metrics;

import io.latentkit.data.Labels;
import io.latentkit.estimator.Clustering;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Counts of items per (true class, predicted cluster), the input of every external metric and a report in itself.
 * Rows are the distinct true labels and columns the distinct predicted labels, both in ascending order of value.
 * Items with an unknown true label (-1) are left out; predicted noise (-1) is handled by a {@link NoisePolicy}.
 */
public final class ContingencyTable {
    /** What to do with items whose predicted label is noise (-1). */
    public enum NoisePolicy {
        /** Noise is one more cluster, as scikit-learn treats the label -1. */
        OWN_CLUSTER,
        /** Noise items are left out of the table. */
        EXCLUDE
    }

    private final int[] classes;
    private final int[] clusters;
    private final long[][] counts;
    private final long[] classSizes;
    private final long[] clusterSizes;
    private final long total;

    private ContingencyTable(int[] classes, int[] clusters, long[][] counts) {
        this.classes = classes;
        this.clusters = clusters;
        this.counts = counts;
        this.classSizes = new long[classes.length];
        this.clusterSizes = new long[clusters.length];
        long sum = 0;
        for (int i = 0; i < classes.length; i++) {
            for (int j = 0; j < clusters.length; j++) {
                classSizes[i] += counts[i][j];
                clusterSizes[j] += counts[i][j];
                sum += counts[i][j];
            }
        }
        this.total = sum;
    }

    /** The table with predicted noise as its own cluster ({@link NoisePolicy#OWN_CLUSTER}). */
    public static ContingencyTable of(int[] trueLabels, int[] predictedLabels) {
        return of(trueLabels, predictedLabels, NoisePolicy.OWN_CLUSTER);
    }

    public static ContingencyTable of(int[] trueLabels, int[] predictedLabels, NoisePolicy noise) {
        if (trueLabels.length != predictedLabels.length) {
            throw new IllegalArgumentException(trueLabels.length + " true labels but " + predictedLabels.length
                    + " predicted labels");
        }
        int[] kept = IntStream.range(0, trueLabels.length)
                .filter(i -> trueLabels[i] != Labels.UNKNOWN)
                .filter(i -> noise == NoisePolicy.OWN_CLUSTER || predictedLabels[i] != Clustering.NOISE)
                .toArray();
        int[] classes = Arrays.stream(kept).map(i -> trueLabels[i]).distinct().sorted().toArray();
        int[] clusters = Arrays.stream(kept).map(i -> predictedLabels[i]).distinct().sorted().toArray();
        long[][] counts = new long[classes.length][clusters.length];
        for (int i : kept) {
            counts[Arrays.binarySearch(classes, trueLabels[i])][Arrays.binarySearch(clusters, predictedLabels[i])]++;
        }
        return new ContingencyTable(classes, clusters, counts);
    }

    /** True label values, one per row, ascending. */
    public int[] classes() {
        return classes.clone();
    }

    /** Predicted label values, one per column, ascending (noise -1 first when it is a cluster). */
    public int[] clusters() {
        return clusters.clone();
    }

    public int nClasses() {
        return classes.length;
    }

    public int nClusters() {
        return clusters.length;
    }

    /** Items of the class in row {@code row} assigned to the cluster in column {@code column}. */
    public long count(int row, int column) {
        return counts[row][column];
    }

    /** A copy of all counts, [row][column]. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long classSize(int row) {
        return classSizes[row];
    }

    public long clusterSize(int column) {
        return clusterSizes[column];
    }

    /** Number of items counted. */
    public long total() {
        return total;
    }
}
