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
    /** Independent accumulators of the exact path (work is spread over them; the result never depends on threads). */
    private static final int LANES = 4;
    /** Query rows per tile of the sampled path. */
    static final int TILE_ROWS = 256;
    /** Reference columns per tile, and chunk size of the exact path: a 512 x 512 float tile stays in L2 cache. */
    static final int TILE_COLS = 512;

    private Silhouette() {
    }

    /**
     * Mean silhouette over all non-noise items.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double score(Matrix x, int[] labels) {
        return mean(exact(x, Partition.forInternal(x, labels), TILE_COLS));
    }

    /**
     * Silhouette of every item; {@link Double#NaN} for noise items.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double[] samples(Matrix x, int[] labels) {
        return samples(x, labels, TILE_COLS);
    }

    static double[] samples(Matrix x, int[] labels, int chunk) {
        Partition p = Partition.forInternal(x, labels);
        double[] kept = exact(x, p, chunk);
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
        if (sampleSize >= p.n()) {
            return mean(exact(x, p, TILE_COLS));
        }
        int[] all = IntStream.range(0, p.n()).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < sampleSize; i++) {
            int j = i + random.nextInt(p.n() - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] queries = Arrays.copyOf(all, sampleSize);
        Arrays.sort(queries);
        return mean(ofQueries(x, p, queries, TILE_ROWS, TILE_COLS));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The kept items ordered by cluster: cluster c occupies columns [start[c], start[c+1]); {@code column[i]} is the
     * column of partition item i and {@code itemAt[col]} the row of x at a column. {@code means} are the cluster
     * means (k x cols), on which tiles are centred.
     */
    private record Layout(int[] start, int[] column, int[] itemAt, double[] means) {
        static Layout of(Matrix x, Partition p) {
            int k = p.k();
            int[] start = new int[k + 1];
            for (int c = 0; c < k; c++) {
                start[c + 1] = start[c] + p.sizes()[c];
            }
            int[] column = new int[p.n()];
            int[] itemAt = new int[p.n()];
            int[] next = start.clone();
            for (int i = 0; i < p.n(); i++) {
                column[i] = next[p.codes()[i]]++;
                itemAt[column[i]] = p.items()[i];
            }
            return new Layout(start, column, itemAt, p.means(x));
        }

        /** Chunks of at most {@code size} columns, each within one cluster: {cluster, from, to}. */
        List<int[]> chunks(int size) {
            List<int[]> chunks = new ArrayList<>();
            for (int c = 0; c + 1 < start.length; c++) {
                for (int from = start[c]; from < start[c + 1]; from += size) {
                    chunks.add(new int[] {c, from, Math.min(start[c + 1], from + size)});
                }
            }
            return chunks;
        }

        /** Reference tile of a chunk: its rows centred on their cluster mean, augmented, transposed. */
        NDArray tile(NDManager manager, Matrix x, int[] chunk) {
            float[] rows = augmented(x, Arrays.copyOfRange(itemAt, chunk[1], chunk[2]), means, chunk[0], false);
            return Tensors.toTensor(manager, new Matrix(chunk[2] - chunk[1], x.cols() + 2, rows)).transpose();
        }
    }

    /**
     * Silhouettes of all kept items (partition order), using the symmetry of distances: the kept items are cut
     * into chunks within clusters and each unordered pair of chunks (a, b) is computed once, as one float32 GEMM of
     * chunk a's rows against chunk b's, both centred on b's cluster mean (see {@link #ofQueries} for why). Row sums
     * of the distance tile go to a's items (towards b's cluster), column sums to b's items (towards a's cluster).
     */
    static double[] exact(Matrix x, Partition p, int chunkSize) {
        int k = p.k();
        Layout layout = Layout.of(x, p);
        List<int[]> chunks = layout.chunks(chunkSize);
        // Each lane adds a fixed set of chunk pairs in a fixed order into its own buffer, and the lanes are added in
        // lane order: the sums, and so the score, are bit-identical whatever the number of threads or their timing.
        double[][] lanes = new double[Math.min(LANES, chunks.size())][p.n() * k];
        try (NDManager manager = Tensors.newManager()) {
            List<NDArray> tiles = chunks.stream().map(chunk -> layout.tile(manager, x, chunk)).toList();
            IntStream.range(0, lanes.length).parallel().forEach(lane -> {
                for (int a = lane; a < chunks.size(); a += lanes.length) {
                    for (int b = 0; b <= a; b++) {
                        pairSums(manager, x, layout, chunks.get(a), chunks.get(b), tiles.get(b), a == b, lanes[lane], k);
                    }
                }
            });
        }
        double[] sums = lanes[0];
        for (int lane = 1; lane < lanes.length; lane++) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += lanes[lane][i];
            }
        }
        double[] s = new double[p.n()];
        for (int i = 0; i < p.n(); i++) {
            s[i] = silhouette(sums, layout.column()[i] * k, k, p.codes()[i], p.sizes());
        }
        return s;
    }

    /** Adds the distances between two chunks (b at or before a) to both sides' cluster sums. */
    private static void pairSums(NDManager parent, Matrix x, Layout layout, int[] a, int[] b, NDArray tileB,
            boolean same, double[] sums, int k) {
        int rows = a[2] - a[1];
        int columns = b[2] - b[1];
        float[] distances;
        try (NDManager manager = parent.newSubManager()) {
            float[] queries = augmented(x, Arrays.copyOfRange(layout.itemAt(), a[1], a[2]), layout.means(), b[0], true);
            NDArray q = Tensors.toTensor(manager, new Matrix(rows, x.cols() + 2, queries));
            distances = q.matMul(tileB).toFloatArray();
        }
        if (same) {
            for (int r = 0; r < rows; r++) {
                distances[r * columns + r] = 0;
            }
        }
        sqrtClamped(distances);
        double[] rowSums = new double[rows];
        double[] columnSums = new double[same ? 0 : columns];
        for (int r = 0; r < rows; r++) {
            rowSums[r] = sum(distances, r * columns, (r + 1) * columns);
            for (int j = 0; j < columnSums.length; j++) {
                columnSums[j] += distances[r * columns + j];
            }
        }
        for (int r = 0; r < rows; r++) {
            sums[(a[1] + r) * k + b[0]] += rowSums[r];
        }
        for (int j = 0; j < columnSums.length; j++) {
            sums[(b[1] + j) * k + a[0]] += columnSums[j];
        }
    }

    /** In place: each value v becomes sqrt(max(v, 0)), clamping the small negatives of cancellation. */
    private static void sqrtClamped(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sqrt(Math.max(values[i], 0f));
        }
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
    static double[] ofQueries(Matrix x, Partition p, int[] queries, int tileRows, int tileCols) {
        int k = p.k();
        Layout layout = Layout.of(x, p);
        List<int[]> chunks = layout.chunks(tileCols);
        int[] selfColumn = Arrays.stream(queries).map(i -> layout.column()[i]).toArray();
        int[] queryItems = Arrays.stream(queries).map(i -> p.items()[i]).toArray();
        double[] sums = new double[queries.length * k];
        try (NDManager manager = Tensors.newManager()) {
            List<NDArray> tiles = chunks.stream().map(chunk -> layout.tile(manager, x, chunk)).toList();
            int blocks = (queries.length + tileRows - 1) / tileRows;
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * tileRows;
                int to = Math.min(queries.length, from + tileRows);
                double[] block = clusterSums(manager, x, layout, Arrays.copyOfRange(queryItems, from, to),
                        Arrays.copyOfRange(selfColumn, from, to), chunks, tiles);
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
     * the distance of a query to itself. Chunks come ordered by cluster, so the queries are centred once per cluster.
     */
    private static double[] clusterSums(NDManager parent, Matrix x, Layout layout, int[] queryItems,
            int[] selfColumns, List<int[]> chunks, List<NDArray> tiles) {
        int rows = queryItems.length;
        int k = layout.start().length - 1;
        double[] sums = new double[rows * k];
        try (NDManager manager = parent.newSubManager()) {
            NDArray q = null;
            for (int t = 0; t < chunks.size(); t++) {
                int[] chunk = chunks.get(t);
                int c = chunk[0];
                if (t == 0 || chunks.get(t - 1)[0] != c) {
                    if (q != null) {
                        q.close();
                    }
                    float[] centred = augmented(x, queryItems, layout.means(), c, true);
                    q = Tensors.toTensor(manager, new Matrix(rows, x.cols() + 2, centred));
                }
                float[] distances;
                try (NDArray squared = q.matMul(tiles.get(t))) {
                    distances = squared.toFloatArray();
                }
                int columns = chunk[2] - chunk[1];
                for (int r = 0; r < rows; r++) {
                    int self = selfColumns[r] - chunk[1];
                    if (self >= 0 && self < columns) {
                        distances[r * columns + self] = 0;
                    }
                }
                sqrtClamped(distances);
                for (int r = 0; r < rows; r++) {
                    sums[r * k + c] += sum(distances, r * columns, (r + 1) * columns);
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
