package io.latentkit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;
import java.util.Arrays;

/**
 * Trustworthiness of an embedding (Venna and Kaski 2001), as scikit-learn's {@code sklearn.manifold.trustworthiness}
 * with Euclidean distances: T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_k(i)} (r(i, j) - k), where
 * U_k(i) are the k nearest embedded neighbours of i that are not among its k nearest original neighbours and
 * r(i, j) is the rank of j among i's neighbours by original distance. 1 means every embedded neighbourhood is a
 * true one; points that the embedding brings close from far away lower it.
 *
 * <p>Exact: original distances are computed on the engine for a block of rows against all rows at a time (one
 * float32 GEMM on column-centred data), so memory is O(block n), never n x n; a rank is found by counting, in one
 * pass over the row, the points nearer than each embedded neighbour. Ties in distance are ranked by index.
 */
public final class Trustworthiness {
    private Trustworthiness() {
    }

    /**
     * @throws IllegalArgumentException if the row counts differ or nNeighbors is not in [1, n / 2)
     */
    public static double score(Matrix original, Matrix embedded, int nNeighbors) {
        int n = original.rows();
        int k = nNeighbors;
        if (embedded.rows() != n) {
            throw new IllegalArgumentException("original has " + n + " rows, embedded " + embedded.rows());
        }
        if (k < 1 || k >= n / 2.0) {
            throw new IllegalArgumentException("nNeighbors must be in [1, n / 2) = [1, " + n / 2.0 + "), got " + k);
        }
        Neighbors near = NearestNeighbors.exact(embedded, embedded, k, Metric.EUCLIDEAN, true);
        Matrix centred = centred(original);
        int block = Math.min(n, Tensors.rowsPerBlock(n));
        long penalty = 0;
        float[] thresholds = new float[k];
        int[] order = new int[k];
        int[] counts = new int[k + 1];
        try (NDManager manager = Tensors.newManager()) {
            NDArray all = Tensors.toTensor(manager, centred);
            NDArray norms = PairwiseDistances.rowSquaredNorms(all);
            for (int from = 0; from < n; from += block) {
                int to = Math.min(n, from + block);
                float[] tile;
                try (NDManager scope = Tensors.borrow(manager, all, norms)) {
                    NDArray rows = Tensors.toTensor(scope, centred, from, to);
                    tile = PairwiseDistances.squaredEuclidean(rows, PairwiseDistances.rowSquaredNorms(rows), all, norms)
                            .toFloatArray();
                }
                for (int i = from; i < to; i++) {
                    penalty += excessRanks(tile, (i - from) * n, n, i, near, thresholds, order, counts);
                }
            }
        }
        return 1 - penalty * (2.0 / ((double) n * k * (2.0 * n - 3.0 * k - 1.0)));
    }

    /**
     * sum over the embedded neighbours j of i of max(0, r(i, j) - k), where r(i, j) = 1 + the number of other
     * points l with (d_il, l) before (d_ij, j); {@code row} holds the squared distances of i from {@code offset}.
     */
    private static long excessRanks(float[] row, int offset, int n, int i, Neighbors near, float[] thresholds,
                                    int[] order, int[] counts) {
        int k = near.k();
        Integer[] sorted = new Integer[k];
        for (int r = 0; r < k; r++) {
            sorted[r] = near.index(i, r);
        }
        Arrays.sort(sorted, (p, q) -> before(row[offset + p], p, row[offset + q], q) ? -1 : p.equals(q) ? 0 : 1);
        for (int r = 0; r < k; r++) {
            order[r] = sorted[r];
            thresholds[r] = row[offset + order[r]];
        }
        Arrays.fill(counts, 0);
        for (int l = 0; l < n; l++) {
            if (l == i) {
                continue;
            }
            // First sorted neighbour that l comes before: l is counted for it and every later one.
            float d = row[offset + l];
            int lo = 0;
            int hi = k;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (before(d, l, thresholds[mid], order[mid])) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            counts[lo]++;
        }
        long excess = 0;
        int earlier = 0;
        for (int r = 0; r < k; r++) {
            earlier += counts[r];
            excess += Math.max(0, earlier + 1 - k);
        }
        return excess;
    }

    private static boolean before(float d, int index, float otherD, int otherIndex) {
        return d < otherD || d == otherD && index < otherIndex;
    }

    private static Matrix centred(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] mean = new double[d];
        float[] data = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += data[i * d + j];
            }
        }
        float[] out = new float[data.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (data[i * d + j] - mean[j] / n);
            }
        }
        return new Matrix(n, d, out);
    }
}
