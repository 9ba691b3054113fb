package io.latentkit.cluster;

import io.latentkit.estimator.Clustering;
import java.util.Arrays;

/**
 * What a condensed tree and its selected clusters say about points: labels, membership probabilities, GLOSH outlier
 * scores, and where a new point attaches. Selected cluster i (in ascending id) is label i; a point is in the
 * selected cluster that contains the cluster it fell out of, or noise when none does.
 */
final class HdbscanMembership {
    private final int nPoints;
    private final int[] rowParent;
    private final double[] rowLambda;
    private final int[] up;
    private final double[] birth;
    private final int[] pointRows;
    /** Label of each cluster (index: id - nPoints): its own, or its selected ancestor's, or noise. */
    private final int[] labelOf;
    /** Per label: the largest lambda among the selected cluster's own rows (hdbscan's probability scale). */
    private final double[] ownMaxLambda;
    /** Per cluster: the largest lambda anywhere in its subtree (GLOSH's lambda_max). */
    private final double[] subtreeMaxLambda;

    HdbscanMembership(HdbscanTree tree, int[] selected) {
        int n = tree.nPoints();
        nPoints = n;
        rowParent = tree.parent();
        rowLambda = tree.lambda();
        int k = tree.clusterCount();
        up = tree.clusterParents();
        birth = tree.births();
        pointRows = tree.pointRows();
        labelOf = new int[k];
        int[] number = new int[k];
        Arrays.fill(number, Clustering.NOISE);
        for (int i = 0; i < selected.length; i++) {
            number[selected[i] - n] = i;
        }
        for (int c = 0; c < k; c++) {
            labelOf[c] = number[c] != Clustering.NOISE || c == 0 ? number[c] : labelOf[up[c] - n];
        }
        double[] own = new double[k];
        subtreeMaxLambda = new double[k];
        for (int r = 0; r < rowParent.length; r++) {
            int p = rowParent[r] - n;
            own[p] = Math.max(own[p], rowLambda[r]);
        }
        System.arraycopy(own, 0, subtreeMaxLambda, 0, k);
        for (int c = k - 1; c > 0; c--) {
            int p = up[c] - n;
            subtreeMaxLambda[p] = Math.max(subtreeMaxLambda[p], subtreeMaxLambda[c]);
        }
        ownMaxLambda = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
            ownMaxLambda[i] = own[selected[i] - n];
        }
    }

    int[] labels() {
        int[] out = new int[nPoints];
        for (int i = 0; i < out.length; i++) {
            out[i] = labelOf[fallOutCluster(i)];
        }
        return out;
    }

    /** Per point: lambda at which it fell out over its cluster's largest lambda (1 if infinite), 0 for noise. */
    double[] probabilities() {
        double[] out = new double[nPoints];
        for (int i = 0; i < out.length; i++) {
            out[i] = probability(labelOf[fallOutCluster(i)], fallOutLambda(i));
        }
        return out;
    }

    /**
     * GLOSH (Campello et al., 2015): 1 - lambda(point) / lambda_max, lambda_max the largest lambda in the subtree
     * of the cluster the point fell out of; 0 when the point never fell out (infinite lambda).
     */
    double[] outlierScores() {
        double[] out = new double[nPoints];
        for (int i = 0; i < out.length; i++) {
            out[i] = outlierScore(fallOutCluster(i), fallOutLambda(i));
        }
        return out;
    }

    /**
     * The label, probability and outlier score of a new point that joins training point {@code neighbour} at
     * {@code lambda}: when the neighbour had already fallen out by then, the point joins where the neighbour fell
     * out, at the neighbour's lambda; otherwise it joins the cluster the neighbour was in at that lambda. Noise when
     * that cluster lies in no selected cluster. The outlier score is GLOSH's for a point falling out of the
     * neighbour's cluster at that lambda.
     */
    Attachment attach(int neighbour, double lambda) {
        int cluster = fallOutCluster(neighbour);
        double own = fallOutLambda(neighbour);
        double at = Math.min(lambda, own);
        double score = outlierScore(cluster, at);
        while (cluster > 0 && birth[cluster] > at) {
            cluster = up[cluster] - nPoints;
        }
        int label = labelOf[cluster];
        return new Attachment(label, probability(label, at), score);
    }

    record Attachment(int label, double probability, double outlierScore) {
    }

    private double probability(int label, double lambda) {
        if (label == Clustering.NOISE) {
            return 0;
        }
        double max = ownMaxLambda[label];
        return Double.isInfinite(lambda) || max == 0 ? 1 : Math.min(lambda, max) / max;
    }

    private double outlierScore(int cluster, double lambda) {
        double max = subtreeMaxLambda[cluster];
        return Double.isInfinite(lambda) || max == 0 ? 0 : 1 - lambda / max;
    }

    /** Index (id - nPoints) of the cluster point i fell out of; the root if it has no row (a single point). */
    private int fallOutCluster(int i) {
        return pointRows[i] < 0 ? 0 : rowParent[pointRows[i]] - nPoints;
    }

    private double fallOutLambda(int i) {
        return pointRows[i] < 0 ? Double.POSITIVE_INFINITY : rowLambda[pointRows[i]];
    }
}
