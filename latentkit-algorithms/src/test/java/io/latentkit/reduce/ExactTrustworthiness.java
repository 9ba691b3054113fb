package io.latentkit.reduce;

import io.latentkit.data.Matrix;
import java.util.Arrays;

/**
 * Trustworthiness (Venna and Kaski 2001; scikit-learn's formula) by brute force, for tests on up to a few thousand
 * points: 1 - 2 / (n k (2n - 3k - 1)) sum_i sum_{j in the k nearest of i in the map} max(0, r(i, j) - k), with
 * r(i, j) the rank of j among i's neighbours in the original space.
 */
final class ExactTrustworthiness {
    private ExactTrustworthiness() {
    }

    static double of(Matrix original, Matrix embedded, int k) {
        int n = original.rows();
        double penalty = 0;
        for (int i = 0; i < n; i++) {
            int[] originalRank = new int[n];
            Integer[] byOriginal = byDistance(original, i);
            for (int r = 0; r < n; r++) {
                originalRank[byOriginal[r]] = r;
            }
            Integer[] byEmbedded = byDistance(embedded, i);
            for (int r = 1; r <= k; r++) {
                penalty += Math.max(0, originalRank[byEmbedded[r]] - k);
            }
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * penalty;
    }

    /** All points ordered by squared distance to point i (i itself first), ties by index. */
    private static Integer[] byDistance(Matrix x, int i) {
        int n = x.rows();
        double[] d2 = new double[n];
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < x.cols(); c++) {
                double delta = (double) x.get(i, c) - x.get(j, c);
                d2[j] += delta * delta;
            }
        }
        d2[i] = -1;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, (a, b) -> Double.compare(d2[a], d2[b]));
        return order;
    }
}
