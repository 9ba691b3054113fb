package io.latentkit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * <p>Exact and O(n^2 d) in time but O(n d) in memory: squared distances are computed on the engine tile by tile
 * (one float32 GEMM per tile, on data centred per cluster for accuracy), never as an n x n matrix; sums are
 * accumulated in double.
 * Items labelled noise (-1) are excluded, both as scored items and as neighbours (see the package documentation).
 */
public final class Silhouette {
    /** Query rows per tile. */
    static final int TILE_ROWS = 256;
    /** Reference columns per tile. */
    static final int TILE_COLS = 2048;

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
     *
     * <p>References are ordered by cluster and every tile of reference columns lies within one cluster c. Both sides
     * of a tile are centred on the mean of c, so one float32 GEMM of augmented rows,
     * [-2q', |q'|^2, 1] . [r', 1, |r'|^2] = |q - r|^2 with q' = q - mean(c), r' = r - mean(c), gives squared
     * distances whose cancellation error is relative to the distances themselves (for members of c, the small
     * ones) rather than to the norms of the data. Clamping, square roots and the row sums (in double) are one
     * vectorisable Java pass over the tile. Query blocks run in parallel.
     */
    static double[] compute(Matrix x, Partition p, int[] queries, int tileRows, int tileCols) {
        int n = p.n();
        int k = p.k();
        int width = x.cols() + 2;
        double[] means = p.means(x);
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + p.sizes()[c];
        }
        int[] column = new int[n];
        int[] next = start.clone();
        int[] itemAt = new int[n];
        for (int i = 0; i < n; i++) {
            column[i] = next[p.codes()[i]]++;
            itemAt[column[i]] = p.items()[i];
        }
        int[] selfColumn = Arrays.stream(queries).map(i -> column[i]).toArray();
        int[] queryItems = Arrays.stream(queries).map(i -> p.items()[i]).toArray();
        double[] sums = new double[queries.length * k];
        try (NDManager manager = Tensors.newManager()) {
            List<List<NDArray>> tiles = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                List<NDArray> own = new ArrayList<>();
                for (int from = start[c]; from < start[c + 1]; from += tileCols) {
                    int to = Math.min(start[c + 1], from + tileCols);
                    float[] rows = augmented(x, Arrays.copyOfRange(itemAt, from, to), means, c, false);
                    own.add(Tensors.toTensor(manager, new Matrix(to - from, width, rows)).transpose());
                }
                tiles.add(own);
            }
            int blocks = (queries.length + tileRows - 1) / tileRows;
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * tileRows;
                int to = Math.min(queries.length, from + tileRows);
                double[] block = clusterSums(manager, x, means, Arrays.copyOfRange(queryItems, from, to),
                        Arrays.copyOfRange(selfColumn, from, to), tiles, start, tileCols);
                System.arraycopy(block, 0, sums, from * k, block.length);
            });
        }
        double[] s = new double[queries.length];
        for (int i = 0; i < queries.length; i++) {
            s[i] = silhouette(sums, i * k, k, p.codes()[queries[i]], p.sizes());
        }
        return s;
    }

    /**
     * For one block of queries (rows of x), the sum of distances to the members of each cluster (rows x k), without
     * the distance of a query to itself.
     */
    private static double[] clusterSums(NDManager parent, Matrix x, double[] means, int[] queryItems,
            int[] selfColumns, List<List<NDArray>> tiles, int[] start, int tileCols) {
        int rows = queryItems.length;
        int k = tiles.size();
        double[] sums = new double[rows * k];
        try (NDManager manager = parent.newSubManager()) {
            for (int c = 0; c < k; c++) {
                float[] centred = augmented(x, queryItems, means, c, true);
                try (NDArray q = Tensors.toTensor(manager, new Matrix(rows, x.cols() + 2, centred))) {
                    for (int t = 0; t < tiles.get(c).size(); t++) {
                        int from = start[c] + t * tileCols;
                        float[] distances;
                        try (NDArray squared = q.matMul(tiles.get(c).get(t))) {
                            distances = squared.toFloatArray();
                        }
                        int columns = distances.length / rows;
                        for (int r = 0; r < rows; r++) {
                            int self = selfColumns[r] - from;
                            if (self >= 0 && self < columns) {
                                distances[r * columns + self] = 0;
                            }
                        }
                        for (int i = 0; i < distances.length; i++) {
                            distances[i] = (float) Math.sqrt(Math.max(distances[i], 0f));
                        }
                        for (int r = 0; r < rows; r++) {
                            sums[r * k + c] += sum(distances, r * columns, (r + 1) * columns);
                        }
                    }
                }
            }
        }
        return sums;
    }

    /** Sum of values[from, to) in double, with four independent accumulators so the additions pipeline. */
    private static double sum(float[] values, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < to; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The given rows of x centred on the mean of cluster c (in double, then rounded) and augmented for the distance
     * GEMM: as queries [-2v, |v|^2, 1], as references [v, 1, |v|^2].
     */
    private static float[] augmented(Matrix x, int[] rows, double[] means, int c, boolean asQuery) {
        int d = x.cols();
        int width = d + 2;
        float[] data = x.data();
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) (data[rows[i] * d + j] - means[c * d + j]);
                norm += (double) v * v;
                out[i * width + j] = asQuery ? -2 * v : v;
            }
            out[i * width + d] = asQuery ? (float) norm : 1;
            out[i * width + d + 1] = asQuery ? 1 : (float) norm;
        }
        return out;
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
}
