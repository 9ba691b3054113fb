package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.preprocess.L2Normalizer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * HDBSCAN's distances over a fixed set of points: exact float64 distances, core distances and the minimum spanning
 * tree of the mutual reachability graph, d_mr(a, b) = max(core(a), core(b), d(a, b)).
 *
 * <p>The points are held as the metric sees them (for cosine, unit rows, on which the cosine distance is half the
 * squared Euclidean one). Neighbour candidates come from the engine's float32 GEMM search; their distances are then
 * recomputed exactly in float64, because float32 GEMM distances lose up to |x|^2 x 1e-7 to cancellation, which would
 * shift every lambda of the hierarchy.
 */
final class MutualReachability {
    /** Extra float32 candidates per query, so that rounding cannot push a true k-th neighbour out of the search. */
    private static final int CANDIDATE_MARGIN = 8;

    private final Matrix points;
    private final Metric metric;

    /** @param points the points as the metric sees them (see {@link #space}) */
    MutualReachability(Matrix points, Metric metric) {
        this.points = points;
        this.metric = metric;
    }

    /** The rows as {@code metric} compares them: L2-normalised for cosine, unchanged for Euclidean. */
    static Matrix space(Matrix x, Metric metric) {
        return metric == Metric.COSINE ? new L2Normalizer().transform(Dataset.of(x)).features() : x;
    }

    /** The exact distance between row {@code i} and a query {@code q} given from {@code offset} in {@code queries}. */
    private double distance(float[] queries, int offset, int i) {
        float[] x = points.data();
        int d = points.cols();
        double sq = 0;
        for (int c = 0, p = i * d; c < d; c++, p++) {
            double diff = (double) queries[offset + c] - x[p];
            sq += diff * diff;
        }
        return metric == Metric.COSINE ? sq / 2 : Math.sqrt(sq);
    }

    /**
     * The {@code k} nearest points of every row of {@code queries} (already in the metric's space), by exact
     * distance, ties by lower index. With {@code excludeSelf} the queries are the points and each skips itself.
     */
    Nearest nearest(Matrix queries, int k, boolean excludeSelf) {
        int search = Math.min(points.rows() - (excludeSelf ? 1 : 0), k + CANDIDATE_MARGIN);
        Neighbors candidates = NearestNeighbors.exact(points, queries, search, Metric.EUCLIDEAN, excludeSelf);
        int[] indices = new int[queries.rows() * k];
        double[] distances = new double[indices.length];
        int[] index = new int[search];
        double[] distance = new double[search];
        for (int q = 0; q < queries.rows(); q++) {
            for (int r = 0; r < search; r++) {
                int j = candidates.index(q, r);
                double dj = distance(queries.data(), q * queries.cols(), j);
                // Insertion sort: the candidates are few, and arrive nearly in order.
                int at = r;
                while (at > 0 && (distance[at - 1] > dj || (distance[at - 1] == dj && index[at - 1] > j))) {
                    distance[at] = distance[at - 1];
                    index[at] = index[at - 1];
                    at--;
                }
                distance[at] = dj;
                index[at] = j;
            }
            System.arraycopy(index, 0, indices, q * k, k);
            System.arraycopy(distance, 0, distances, q * k, k);
        }
        return new Nearest(k, indices, distances);
    }

    /** Row-major (queries x k) neighbour indices and exact distances, nearest first. */
    record Nearest(int k, int[] indices, double[] distances) {
        int index(int query, int rank) {
            return indices[query * k + rank];
        }

        double distance(int query, int rank) {
            return distances[query * k + rank];
        }
    }

    /** Distance from every point to its {@code minSamples}-th nearest point, itself counted. */
    double[] coreDistances(int minSamples) {
        double[] core = new double[points.rows()];
        if (minSamples > 1) {
            Nearest others = nearest(points, minSamples - 1, true);
            for (int i = 0; i < core.length; i++) {
                core[i] = others.distance(i, minSamples - 2);
            }
        }
        return core;
    }

    /**
     * The single-linkage hierarchy of the mutual reachability graph, from its minimum spanning tree by Prim's
     * algorithm starting at point 0 (ties: lowest index). Prim adds one point per step and the next step needs that
     * point's distances, so each step computes one row of distances to the points not yet in the tree: O(n^2 d)
     * time, O(n) memory besides the points.
     */
    Dendrogram singleLinkage(double[] core) {
        int n = points.rows();
        double[] reach = new double[n];
        int[] via = new int[n];
        Arrays.fill(reach, Double.POSITIVE_INFINITY);
        // The points not yet in the tree, first `left` entries (a swap-remove list, so each step scans only them).
        int[] outside = IntStream.range(1, n).toArray();
        int left = n - 1;
        int[] itemA = new int[n - 1];
        int[] itemB = new int[n - 1];
        double[] height = new double[n - 1];
        int d = points.cols();
        int current = 0;
        for (int m = 0; m < n - 1; m++) {
            int best = -1;
            for (int p = 0; p < left; p++) {
                int x = outside[p];
                double bound = Math.max(core[current], core[x]);
                // d_mr >= both core distances: when they already reach reach[x], skip the distance.
                double mr = bound < reach[x] ? Math.max(bound, distance(points.data(), current * d, x)) : bound;
                if (mr < reach[x]) {
                    reach[x] = mr;
                    via[x] = current;
                }
                if (best < 0 || reach[x] < reach[outside[best]]
                        || (reach[x] == reach[outside[best]] && x < outside[best])) {
                    best = p;
                }
            }
            int next = outside[best];
            outside[best] = outside[--left];
            itemA[m] = via[next];
            itemB[m] = next;
            height[m] = reach[next];
            current = next;
        }
        return Dendrogram.fromMerges(n, itemA, itemB, height);
    }
}
