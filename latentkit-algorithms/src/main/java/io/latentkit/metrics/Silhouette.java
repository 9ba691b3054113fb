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
    /**
     * Doubles the symmetric exact path may hold for per-item, per-cluster sums (lanes x n x k: 256 MiB); with room
     * for fewer than two lanes the exact score is computed by query blocks.
     */
    static final long SUM_BUDGET = 1L << 25;

    private Silhouette() {
    }

    /**
     * Mean silhouette over all non-noise items.
     *
     * @throws IllegalArgumentException unless 2 <= clusters <= n-1 among non-noise items
     */
    public static double score(Matrix x, int[] labels) {
        return mean(exact(x, Partition.forInternal(x, labels), TILE_COLS, SUM_BUDGET));
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
        double[] kept = exact(x, p, chunk, SUM_BUDGET);
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
            return mean(exact(x, p, TILE_COLS, SUM_BUDGET));
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
     * column of partition item i, {@code itemAt[col]} the row of x at a column and {@code clusterAt[col]} its cluster.
     * {@code means} are the cluster means (k x cols).
     */
    private record Layout(int[] start, int[] column, int[] itemAt, int[] clusterAt, double[] means) {
        static Layout of(Matrix x, Partition p) {
            int k = p.k();
            int[] start = new int[k + 1];
            for (int c = 0; c < k; c++) {
                start[c + 1] = start[c] + p.sizes()[c];
            }
            int[] column = new int[p.n()];
            int[] itemAt = new int[p.n()];
            int[] clusterAt = new int[p.n()];
            int[] next = start.clone();
            for (int i = 0; i < p.n(); i++) {
                column[i] = next[p.codes()[i]]++;
                itemAt[column[i]] = p.items()[i];
                clusterAt[column[i]] = p.codes()[i];
            }
            return new Layout(start, column, itemAt, clusterAt, p.means(x));
        }

        /**
         * Consecutive columns cut into chunks of at most {@code size}: a cluster larger than that is split into
         * chunks of its own, each centred on the cluster's mean; smaller whole clusters are packed together, centred
         * on their common mean, so that many small clusters (k in the hundreds) make few large GEMMs, not k^2 tiny
         * ones.
         */
        List<Chunk> chunks(Matrix x, int size) {
            List<Chunk> chunks = new ArrayList<>();
            int n = itemAt.length;
            for (int from = 0; from < n; ) {
                int c = clusterAt[from];
                int to;
                if (from == start[c] && start[c + 1] - from <= size) {
                    to = start[c + 1];
                    while (to < n && start[clusterAt[to] + 1] - from <= size) {
                        to = start[clusterAt[to] + 1];
                    }
                } else {
                    to = Math.min(start[c + 1], from + size);
                }
                boolean single = clusterAt[to - 1] == c;
                List<int[]> segments = segments(from, to);
                chunks.add(new Chunk(from, to, single ? c : -1 - chunks.size(),
                        single ? Arrays.copyOfRange(means, c * x.cols(), (c + 1) * x.cols()) : mean(x.cols(), segments),
                        segments));
                from = to;
            }
            return chunks;
        }

        /** The clusters within columns [from, to): {cluster, from, to} each. */
        private List<int[]> segments(int from, int to) {
            List<int[]> segments = new ArrayList<>();
            for (int s = from; s < to; ) {
                int c = clusterAt[s];
                int e = Math.min(to, start[c + 1]);
                segments.add(new int[] {c, s, e});
                s = e;
            }
            return segments;
        }

        /** Mean of the whole clusters in columns [from, to): their means weighted by their sizes. */
        private double[] mean(int d, List<int[]> segments) {
            double[] mean = new double[d];
            int count = 0;
            for (int[] segment : segments) {
                int c = segment[0];
                int size = segment[2] - segment[1];
                for (int j = 0; j < d; j++) {
                    mean[j] += size * means[c * d + j];
                }
                count += size;
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= count;
            }
            return mean;
        }

        /** Reference tile of a chunk: its rows centred on the chunk's centre, augmented, transposed. */
        NDArray tile(NDManager manager, Matrix x, Chunk chunk) {
            float[] rows = augmented(x, Arrays.copyOfRange(itemAt, chunk.from(), chunk.to()), chunk.centre(), false);
            return Tensors.toTensor(manager, new Matrix(chunk.size(), x.cols() + 2, rows)).transpose();
        }
    }

    /**
     * Columns [from, to) of the layout, centred on {@code centre}; {@code centreId} is equal for chunks that share a
     * centre (a cluster's index, or a negative number of its own for packed chunks); {@code segments} are its
     * clusters, {cluster, from, to} each.
     */
    private record Chunk(int from, int to, int centreId, double[] centre, List<int[]> segments) {
        int size() {
            return to - from;
        }
    }

    /**
     * Silhouettes of all kept items (partition order). With room for every item's per-cluster sums (n x k doubles
     * per lane, at least two lanes within {@code sumBudget} doubles) it uses the symmetry of distances: each unordered
     * pair of chunks (a, b) is computed once, as one float32 GEMM of chunk a's rows against chunk b's, both centred on
     * b's centre (see {@link #ofQueries} for why). Row sums of the distance tile go to a's items (per cluster of b),
     * column sums to b's items (per cluster of a). Otherwise (many items and many clusters) it scores blocks of
     * queries against all chunks, twice the arithmetic in O(block x k) memory.
     */
    static double[] exact(Matrix x, Partition p, int chunkSize, long sumBudget) {
        int k = p.k();
        Layout layout = Layout.of(x, p);
        List<Chunk> chunks = layout.chunks(x, chunkSize);
        // As many lanes as the budget holds, up to LANES; with fewer than two the query blocks parallelise better.
        int laneCount = (int) Math.min(Math.min(LANES, chunks.size()), sumBudget / ((long) p.n() * k));
        if (laneCount < Math.min(2, chunks.size())) {
            return ofQueries(x, p, IntStream.range(0, p.n()).toArray(), TILE_ROWS, chunkSize);
        }
        // Each lane adds a fixed set of chunk pairs in a fixed order into its own buffer, and the lanes are added in
        // lane order: the sums, and so the score, are bit-identical whatever the number of threads or their timing.
        double[][] lanes = new double[laneCount][p.n() * k];
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
    private static void pairSums(NDManager parent, Matrix x, Layout layout, Chunk a, Chunk b, NDArray tileB,
            boolean same, double[] sums, int k) {
        int rows = a.size();
        int columns = b.size();
        float[] distances;
        try (NDManager manager = parent.newSubManager()) {
            float[] queries = augmented(x, Arrays.copyOfRange(layout.itemAt(), a.from(), a.to()), b.centre(), true);
            NDArray q = Tensors.toTensor(manager, new Matrix(rows, x.cols() + 2, queries));
            distances = q.matMul(tileB).toFloatArray();
        }
        if (same) {
            for (int r = 0; r < rows; r++) {
                distances[r * columns + r] = 0;
            }
        }
        sqrtClamped(distances);
        for (int[] segment : b.segments()) {
            int from = segment[1] - b.from();
            int to = segment[2] - b.from();
            for (int r = 0; r < rows; r++) {
                sums[(a.from() + r) * k + segment[0]] += sum(distances, r * columns + from, r * columns + to);
            }
        }
        if (same) {
            return;
        }
        double[] columnSums = new double[columns];
        for (int[] segment : a.segments()) {
            Arrays.fill(columnSums, 0);
            for (int r = segment[1] - a.from(); r < segment[2] - a.from(); r++) {
                for (int j = 0; j < columns; j++) {
                    columnSums[j] += distances[r * columns + j];
                }
            }
            for (int j = 0; j < columns; j++) {
                sums[(b.from() + j) * k + segment[0]] += columnSums[j];
            }
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
     * <p>References are ordered by cluster and every tile of reference columns lies within one cluster c, or packs
     * whole clusters smaller than a tile. Both sides of a tile are centred on its centre m (the mean of c, or of the
     * packed clusters), so one float32 GEMM of augmented rows, [-2q', |q'|^2, 1] . [r', 1, |r'|^2] = |q - r|^2 with
     * q' = q - m, r' = r - m, gives squared distances whose cancellation error is relative to the spread around m
     * (for a large cluster, its own; for packed ones, theirs together) rather than to the norms of the data.
     * Clamping, square roots and the per-cluster row sums (in double) are one vectorisable Java pass over the tile.
     * Query blocks run in parallel, each reducing its sums to silhouettes at once.
     */
    static double[] ofQueries(Matrix x, Partition p, int[] queries, int tileRows, int tileCols) {
        int k = p.k();
        Layout layout = Layout.of(x, p);
        List<Chunk> chunks = layout.chunks(x, tileCols);
        int[] selfColumn = Arrays.stream(queries).map(i -> layout.column()[i]).toArray();
        int[] queryItems = Arrays.stream(queries).map(i -> p.items()[i]).toArray();
        double[] s = new double[queries.length];
        try (NDManager manager = Tensors.newManager()) {
            List<NDArray> tiles = chunks.stream().map(chunk -> layout.tile(manager, x, chunk)).toList();
            int blocks = (queries.length + tileRows - 1) / tileRows;
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * tileRows;
                int to = Math.min(queries.length, from + tileRows);
                double[] block = clusterSums(manager, x, layout, Arrays.copyOfRange(queryItems, from, to),
                        Arrays.copyOfRange(selfColumn, from, to), chunks, tiles);
                for (int i = from; i < to; i++) {
                    s[i] = silhouette(block, (i - from) * k, k, p.codes()[queries[i]], p.sizes());
                }
            });
        }
        return s;
    }

    /**
     * For one block of queries (rows of x), the sum of distances to the members of each cluster (rows x k), without
     * the distance of a query to itself. The queries are centred again only when the chunk's centre changes.
     */
    private static double[] clusterSums(NDManager parent, Matrix x, Layout layout, int[] queryItems,
            int[] selfColumns, List<Chunk> chunks, List<NDArray> tiles) {
        int rows = queryItems.length;
        int k = layout.start().length - 1;
        double[] sums = new double[rows * k];
        try (NDManager manager = parent.newSubManager()) {
            NDArray q = null;
            for (int t = 0; t < chunks.size(); t++) {
                Chunk chunk = chunks.get(t);
                if (t == 0 || chunks.get(t - 1).centreId() != chunk.centreId()) {
                    if (q != null) {
                        q.close();
                    }
                    q = Tensors.toTensor(manager, new Matrix(rows, x.cols() + 2,
                            augmented(x, queryItems, chunk.centre(), true)));
                }
                float[] distances;
                try (NDArray squared = q.matMul(tiles.get(t))) {
                    distances = squared.toFloatArray();
                }
                int columns = chunk.size();
                for (int r = 0; r < rows; r++) {
                    int self = selfColumns[r] - chunk.from();
                    if (self >= 0 && self < columns) {
                        distances[r * columns + self] = 0;
                    }
                }
                sqrtClamped(distances);
                for (int[] segment : chunk.segments()) {
                    int from = segment[1] - chunk.from();
                    int to = segment[2] - chunk.from();
                    for (int r = 0; r < rows; r++) {
                        sums[r * k + segment[0]] += sum(distances, r * columns + from, r * columns + to);
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
     * The given rows of x centred on {@code centre} (in double, then rounded) and augmented for the distance GEMM:
     * as queries [-2v, |v|^2, 1], as references [v, 1, |v|^2].
     */
    private static float[] augmented(Matrix x, int[] rows, double[] centre, boolean asQuery) {
        int d = x.cols();
        int width = d + 2;
        float[] data = x.data();
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) (data[rows[i] * d + j] - centre[j]);
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
