package io.latentkit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Silhouette coefficient with Euclidean distances, as scikit-learn's {@code silhouette_samples} and
 * {@code silhouette_score}: for an item, a = mean distance to the other members of its cluster, b = smallest mean
 * distance to the members of another cluster, s = (b - a) / max(a, b); s = 0 for an item alone in its cluster.
 *
 * <p>Exact and O(n^2 d) in time but O(n d) in memory: distances are computed on the engine tile by tile (one float32
 * GEMM per tile on centred data), and per-cluster distance sums by a second GEMM with a one-hot matrix in float64.
 * Items labelled noise (-1) are excluded, both as scored items and as neighbours (see the package documentation).
 */
public final class Silhouette {
    /** Query rows per tile. */
    static final int TILE_ROWS = 1024;
    /** Reference columns per tile. */
    static final int TILE_COLS = 4096;

    private Silhouette() {
    }

    /**
     * Mean silhouette over all non-noise items.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double score(Matrix x, int[] labels) {
        Partition p = Partition.forInternal(x, labels);
        return mean(compute(x, p, IntStream.range(0, p.n()).toArray(), TILE_ROWS, TILE_COLS));
    }

    /**
     * Silhouette of every item; {@link Double#NaN} for noise items.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double[] samples(Matrix x, int[] labels) {
        return samples(x, labels, TILE_ROWS, TILE_COLS);
    }

    static double[] samples(Matrix x, int[] labels, int tileRows, int tileCols) {
        Partition p = Partition.forInternal(x, labels);
        double[] kept = compute(x, p, IntStream.range(0, p.n()).toArray(), tileRows, tileCols);
        double[] out = new double[labels.length];
        Arrays.fill(out, Double.NaN);
        for (int i = 0; i < kept.length; i++) {
            out[p.items()[i]] = kept[i];
        }
        return out;
    }

    /**
     * Estimate of the mean silhouette from {@code sampleSize} non-noise items drawn uniformly without replacement:
     * the mean of their exact silhouettes, each computed against all non-noise items, so O(sampleSize n d) time and
     * unbiased for the exact score. scikit-learn's {@code sample_size} instead computes the silhouette of the
     * subsample alone (both the scored items and their neighbours are subsampled), which is biased for small samples.
     * When {@code sampleSize} is at least the number of non-noise items this is the exact {@link #score}.
     */
    public static double sampledScore(Matrix x, int[] labels, int sampleSize, long seed) {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sample size must be positive, got " + sampleSize);
        }
        Partition p = Partition.forInternal(x, labels);
        int[] all = IntStream.range(0, p.n()).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        int m = Math.min(sampleSize, p.n());
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(p.n() - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] queries = Arrays.copyOf(all, m);
        Arrays.sort(queries);
        return mean(compute(x, p, queries, TILE_ROWS, TILE_COLS));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * Silhouettes of the kept items {@code queries} (indices into the partition) against all kept items.
     * Distances come from augmented rows, [-2q, |q|^2, 1] . [r, 1, |r|^2] = |q - r|^2, so one GEMM yields a tile of
     * squared distances; centring first keeps the norms, and so the cancellation error, small.
     */
    static double[] compute(Matrix x, Partition p, int[] queries, int tileRows, int tileCols) {
        int n = p.n();
        int k = p.k();
        int width = x.cols() + 2;
        double[] reference = augmentedCentred(x, p.items());
        double[] query = new double[queries.length * width];
        for (int i = 0; i < queries.length; i++) {
            int r = queries[i] * width;
            for (int j = 0; j < width - 2; j++) {
                query[i * width + j] = -2 * reference[r + j];
            }
            query[i * width + width - 2] = reference[r + width - 1];
            query[i * width + width - 1] = 1;
        }
        double[] sums = new double[queries.length * k];
        try (NDManager manager = Tensors.newManager()) {
            List<NDArray> referenceTiles = new ArrayList<>();
            List<NDArray> oneHotTiles = new ArrayList<>();
            for (int from = 0; from < n; from += tileCols) {
                int to = Math.min(n, from + tileCols);
                referenceTiles.add(Tensors.toTensor(manager, Arrays.copyOfRange(reference, from * width, to * width),
                        to - from, width).transpose());
                double[] oneHot = new double[(to - from) * k];
                for (int j = from; j < to; j++) {
                    oneHot[(j - from) * k + p.codes()[j]] = 1;
                }
                oneHotTiles.add(Tensors.toTensor(manager, oneHot, to - from, k));
            }
            for (int from = 0; from < queries.length; from += tileRows) {
                int to = Math.min(queries.length, from + tileRows);
                clusterSums(manager, query, width, queries, from, to, referenceTiles, oneHotTiles, tileCols, sums);
            }
        }
        double[] s = new double[queries.length];
        for (int i = 0; i < queries.length; i++) {
            s[i] = silhouette(sums, i * k, k, p.codes()[queries[i]], p.sizes());
        }
        return s;
    }

    /** Adds, for query rows [from, to), the sum of distances to each cluster's members into {@code sums}. */
    private static void clusterSums(NDManager parent, double[] query, int width, int[] queries, int from, int to,
            List<NDArray> referenceTiles, List<NDArray> oneHotTiles, int tileCols, double[] sums) {
        int k = (int) oneHotTiles.get(0).getShape().get(1);
        try (NDManager manager = parent.newSubManager()) {
            NDArray q = Tensors.toTensor(manager, Arrays.copyOfRange(query, from * width, to * width), to - from,
                    width);
            NDArray total = manager.zeros(new Shape(to - from, k), DataType.FLOAT64);
            for (int t = 0; t < referenceTiles.size(); t++) {
                try (NDManager tile = manager.newSubManager()) {
                    NDArray squared = q.matMul(referenceTiles.get(t));
                    squared.attach(tile);
                    NDArray distances = squared.maximum(0);
                    distances.attach(tile);
                    distances.powi(0.5);
                    excludeSelf(tile, distances, queries, from, to, t * tileCols);
                    NDArray partial = distances.matMul(oneHotTiles.get(t));
                    partial.attach(tile);
                    total.addi(partial);
                }
            }
            double[] block = total.toDoubleArray();
            System.arraycopy(block, 0, sums, from * k, block.length);
        }
    }

    /**
     * Zeroes each query's distance to itself when it falls in this tile: with the GEMM form it comes out as the
     * square root of a rounding error, not as zero.
     */
    private static void excludeSelf(NDManager tile, NDArray distances, int[] queries, int from, int to,
            int columnFrom) {
        long columns = distances.getShape().get(1);
        long[] positions = IntStream.range(from, to)
                .filter(i -> queries[i] >= columnFrom && queries[i] < columnFrom + columns)
                .mapToLong(i -> (i - from) * columns + queries[i] - columnFrom)
                .toArray();
        if (positions.length > 0) {
            distances.put(tile.create(positions), tile.zeros(new Shape(positions.length), distances.getDataType()));
        }
    }

    private static double silhouette(double[] sums, int offset, int k, int own, int[] sizes) {
        if (sizes[own] == 1) {
            return 0.0;
        }
        double a = sums[offset + own] / (sizes[own] - 1);
        double b = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            if (c != own) {
                b = Math.min(b, sums[offset + c] / sizes[c]);
            }
        }
        double scale = Math.max(a, b);
        return scale == 0 ? 0.0 : (b - a) / scale;
    }

    /**
     * Reference rows for the distance GEMM: the kept items centred on their mean (computed in double), augmented as
     * [x, 1, |x|^2]; the matching query row is [-2x, |x|^2, 1].
     */
    private static double[] augmentedCentred(Matrix x, int[] items) {
        int d = x.cols();
        int width = d + 2;
        float[] data = x.data();
        double[] mean = new double[d];
        for (int item : items) {
            for (int j = 0; j < d; j++) {
                mean[j] += data[item * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= items.length;
        }
        double[] out = new double[items.length * width];
        for (int i = 0; i < items.length; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double centred = data[items[i] * d + j] - mean[j];
                norm += centred * centred;
                out[i * width + j] = centred;
            }
            out[i * width + d] = 1;
            out[i * width + d + 1] = norm;
        }
        return out;
    }
}
