package io.latentkit.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * External metrics: agreement between true classes and predicted clusters, computed from a
 * {@link ContingencyTable} (which applies the noise rule of the package documentation). Definitions and edge cases
 * follow scikit-learn 1.2.1; information is measured in nats.
 */
public final class ExternalMetrics {
    /** How NMI and AMI normalise mutual information by the two entropies. */
    public enum Average {
        MIN, GEOMETRIC, ARITHMETIC, MAX;

        double of(double u, double v) {
            return switch (this) {
                case MIN -> Math.min(u, v);
                case GEOMETRIC -> Math.sqrt(u * v);
                case ARITHMETIC -> (u + v) / 2;
                case MAX -> Math.max(u, v);
            };
        }
    }

    /**
     * The best one-to-one matching of clusters to classes.
     *
     * @param accuracy      fraction of items whose cluster is matched to their class; items in unmatched clusters
     *                      count as wrong
     * @param clusterToClass predicted label value to true label value, for matched clusters only
     */
    public record Matching(double accuracy, Map<Integer, Integer> clusterToClass) {
        public Matching {
            clusterToClass = Map.copyOf(clusterToClass);
        }
    }

    private static final double EPS = Math.ulp(1.0);

    private ExternalMetrics() {
    }

    /**
     * Clustering accuracy (ACC): the Hungarian method finds the one-to-one cluster-to-class matching with the most
     * items on the diagonal; works for any number of clusters and classes.
     */
    public static Matching accuracy(ContingencyTable t) {
        requireItems(t);
        double[][] cost = new double[t.nClusters()][t.nClasses()];
        for (int j = 0; j < t.nClusters(); j++) {
            for (int i = 0; i < t.nClasses(); i++) {
                cost[j][i] = -t.count(i, j);
            }
        }
        int[] classOfCluster = LinearAssignment.minimize(cost);
        int[] classes = t.classes();
        int[] clusters = t.clusters();
        Map<Integer, Integer> mapping = new LinkedHashMap<>();
        long matched = 0;
        for (int j = 0; j < classOfCluster.length; j++) {
            if (classOfCluster[j] >= 0) {
                matched += t.count(classOfCluster[j], j);
                mapping.put(clusters[j], classes[classOfCluster[j]]);
            }
        }
        return new Matching((double) matched / t.total(), mapping);
    }

    /** Purity: each cluster counts its most frequent class as correct; favours many small clusters. */
    public static double purity(ContingencyTable t) {
        requireItems(t);
        long sum = 0;
        for (int j = 0; j < t.nClusters(); j++) {
            long best = 0;
            for (int i = 0; i < t.nClasses(); i++) {
                best = Math.max(best, t.count(i, j));
            }
            sum += best;
        }
        return (double) sum / t.total();
    }

    /** Mutual information between classes and clusters, 0 when either side has a single label. */
    public static double mutualInformation(ContingencyTable t) {
        if (t.nClasses() == 1 || t.nClusters() == 1) {
            return 0.0;
        }
        double n = t.total();
        double logN = Math.log(n);
        double sum = 0;
        for (int i = 0; i < t.nClasses(); i++) {
            for (int j = 0; j < t.nClusters(); j++) {
                long nij = t.count(i, j);
                if (nij > 0) {
                    double term = nij / n * (Math.log(nij) + logN
                            - Math.log((double) t.classSize(i) * t.clusterSize(j)));
                    sum += Math.abs(term) < EPS ? 0.0 : term;
                }
            }
        }
        return Math.max(sum, 0.0);
    }

    /** Normalised mutual information with the arithmetic mean of the entropies (scikit-learn's default since 0.22). */
    public static double nmi(ContingencyTable t) {
        return nmi(t, Average.ARITHMETIC);
    }

    /** Normalised mutual information; 1 when both sides have the same single label, 0 when MI is 0. */
    public static double nmi(ContingencyTable t, Average average) {
        if (trivial(t)) {
            return 1.0;
        }
        double mi = mutualInformation(t);
        if (mi == 0) {
            return 0.0;
        }
        return atMostOne(mi / average.of(classEntropy(t), clusterEntropy(t)));
    }

    /** Adjusted mutual information with the arithmetic mean of the entropies (scikit-learn's default). */
    public static double ami(ContingencyTable t) {
        return ami(t, Average.ARITHMETIC);
    }

    /** Mutual information adjusted for chance by its expectation under random labellings with the same sizes. */
    public static double ami(ContingencyTable t, Average average) {
        if (trivial(t)) {
            return 1.0;
        }
        double mi = mutualInformation(t);
        double emi = expectedMutualInformation(t);
        double denominator = average.of(classEntropy(t), clusterEntropy(t)) - emi;
        denominator = denominator < 0 ? Math.min(denominator, -EPS) : Math.max(denominator, EPS);
        return atMostOne((mi - emi) / denominator);
    }

    /** Adjusted Rand index from pair counts; 1 when no pair is split differently by the two labellings. */
    public static double ari(ContingencyTable t) {
        long n = t.total();
        long sumSquares = 0;
        long rowWeighted = 0;
        long columnWeighted = 0;
        for (int i = 0; i < t.nClasses(); i++) {
            for (int j = 0; j < t.nClusters(); j++) {
                long nij = t.count(i, j);
                sumSquares += nij * nij;
                rowWeighted += nij * t.clusterSize(j);
                columnWeighted += nij * t.classSize(i);
            }
        }
        double tp = sumSquares - n;
        double fp = rowWeighted - sumSquares;
        double fn = columnWeighted - sumSquares;
        double tn = (double) n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) {
            return 1.0;
        }
        return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    /** Homogeneity: MI over class entropy, 1 when each cluster holds a single class (or there is one class). */
    public static double homogeneity(ContingencyTable t) {
        if (t.total() == 0) {
            return 1.0;
        }
        double h = classEntropy(t);
        return h == 0 ? 1.0 : atMostOne(mutualInformation(t) / h);
    }

    /** Completeness: MI over cluster entropy, 1 when each class lies in a single cluster (or there is one cluster). */
    public static double completeness(ContingencyTable t) {
        if (t.total() == 0) {
            return 1.0;
        }
        double h = clusterEntropy(t);
        return h == 0 ? 1.0 : atMostOne(mutualInformation(t) / h);
    }

    /** V-measure with beta = 1: the harmonic mean of homogeneity and completeness. */
    public static double vMeasure(ContingencyTable t) {
        double h = homogeneity(t);
        double c = completeness(t);
        return h + c == 0 ? 0.0 : 2 * h * c / (h + c);
    }

    /**
     * Expected mutual information of two random labellings with the table's row and column sums (hypergeometric
     * model), summed term by term with log-factorials; exactly 0 when either side has a single label (MI is then
     * always 0).
     */
    static double expectedMutualInformation(ContingencyTable t) {
        if (t.nClasses() == 1 || t.nClusters() == 1) {
            return 0.0;
        }
        int n = Math.toIntExact(t.total());
        double[] lnFactorial = new double[n + 1];
        for (int k = 2; k <= n; k++) {
            lnFactorial[k] = SpecialFunctions.lnGamma(k + 1.0);
        }
        double logN = Math.log(n);
        double emi = 0;
        for (int i = 0; i < t.nClasses(); i++) {
            int a = (int) t.classSize(i);
            for (int j = 0; j < t.nClusters(); j++) {
                int b = (int) t.clusterSize(j);
                double fixed = lnFactorial[a] + lnFactorial[b] + lnFactorial[n - a] + lnFactorial[n - b]
                        - lnFactorial[n];
                double logA = Math.log(a);
                double logB = Math.log(b);
                for (int nij = Math.max(1, a + b - n); nij <= Math.min(a, b); nij++) {
                    double logProbability = fixed - lnFactorial[nij] - lnFactorial[a - nij] - lnFactorial[b - nij]
                            - lnFactorial[n - a - b + nij];
                    emi += (double) nij / n * (logN + Math.log(nij) - logA - logB) * Math.exp(logProbability);
                }
            }
        }
        return emi;
    }

    private static boolean trivial(ContingencyTable t) {
        return t.nClasses() == t.nClusters() && t.nClasses() <= 1;
    }

    private static double classEntropy(ContingencyTable t) {
        long[] sizes = new long[t.nClasses()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = t.classSize(i);
        }
        return entropy(sizes, t.total());
    }

    private static double clusterEntropy(ContingencyTable t) {
        long[] sizes = new long[t.nClusters()];
        for (int j = 0; j < sizes.length; j++) {
            sizes[j] = t.clusterSize(j);
        }
        return entropy(sizes, t.total());
    }

    /**
     * A ratio of information that cannot exceed 1; MI and the entropies round differently (a perfect match gave
     * NMI 1.0000000000000004), so a value just above 1 is clipped rather than shown.
     */
    private static double atMostOne(double ratio) {
        return Math.min(ratio, 1.0);
    }

    private static double entropy(long[] sizes, long total) {
        if (sizes.length <= 1) {
            return 0.0;
        }
        double logTotal = Math.log(total);
        double h = 0;
        for (long size : sizes) {
            h -= (double) size / total * (Math.log(size) - logTotal);
        }
        return h;
    }

    private static void requireItems(ContingencyTable t) {
        if (t.total() == 0) {
            throw new IllegalArgumentException("no items with a known class");
        }
    }
}
