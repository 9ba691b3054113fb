package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.preprocess.L2Normalizer;
import io.latentkit.reduce.Pca;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * HDBSCAN's distances over a fixed set of points: exact float64 distances, core distances and the minimum spanning
 * tree of the mutual reachability graph, d_mr(a, b) = max(core(a), core(b), d(a, b)).
 *
 * <p>The points are held as the metric sees them (for cosine, unit rows, on which the cosine distance is half the
 * squared Euclidean one). Neighbour searches are exact either way: up to {@value #TREE_MAX_DIMS} columns and from
 * {@value #TREE_FROM} points on they go to a {@link KdTree}; otherwise to scans of float32 GEMM tiles on the engine
 * (see {@link ScanTiles}), whose candidates, chosen with a proven rounding bound, are recomputed exactly in float64:
 * float32 GEMM distances lose up to |x|^2 x 1e-7 to cancellation, which would shift every lambda of the hierarchy.
 */
final class MutualReachability {
    /** Most columns for which a KD-tree prunes well; beyond, its searches approach a scan of every point. */
    static final int TREE_MAX_DIMS = 16;
    /** Fewest points for which the KD-tree (and Borůvka) are used when the dimension allows. */
    static final int TREE_FROM = 4096;
    /**
     * Principal directions along which Prim first bounds each distance (see {@link #prim}), when the points have more
     * than twice as many columns: with fewer, the bound would cost nearly as much as the distance it spares.
     */
    private static final int BOUND_DIRECTIONS = 8;

    private final Matrix points;
    private final Metric metric;
    /** Built on first use and kept: core distances, the spanning tree and predictions share it. */
    private KdTree tree;

    /** @param points the points as the metric sees them (see {@link #space}) */
    MutualReachability(Matrix points, Metric metric) {
        this.points = points;
        this.metric = metric;
    }

    /** The rows as {@code metric} compares them: L2-normalised for cosine, unchanged for Euclidean. */
    static Matrix space(Matrix x, Metric metric) {
        return metric == Metric.COSINE ? new L2Normalizer().transform(Dataset.of(x)).features() : x;
    }

    /** Whether the points are many and low-dimensional enough for the KD-tree searches and Borůvka. */
    boolean suitsTree() {
        return points.rows() >= TREE_FROM && points.cols() <= TREE_MAX_DIMS;
    }

    private KdTree tree() {
        if (tree == null) {
            tree = KdTree.build(points, metric);
        }
        return tree;
    }

    /**
     * The exact distance between two rows, given from {@code ao} in {@code a} and {@code bo} in {@code b}: every
     * search and spanning tree here computes distances with this one function, in this one order, so they agree to
     * the last bit.
     */
    static double distance(float[] a, int ao, float[] b, int bo, int d, Metric metric) {
        double sq = 0;
        for (int c = 0; c < d; c++) {
            double diff = (double) a[ao + c] - b[bo + c];
            sq += diff * diff;
        }
        return metric == Metric.COSINE ? sq / 2 : Math.sqrt(sq);
    }

    /**
     * The {@code k} nearest points of every row of {@code queries} (already in the metric's space), by exact
     * distance, ties by lower index. With {@code excludeSelf} the queries are the points and each skips itself.
     */
    Nearest nearest(Matrix queries, int k, boolean excludeSelf) {
        return suitsTree() ? nearestInTree(queries, k, excludeSelf) : nearestInTiles(queries, k, excludeSelf);
    }

    /**
     * {@link #nearest} by scans of all points as float32 GEMM tiles (see {@link ScanTiles}), O(m n d) time: each
     * query keeps the points within the rounding bound of its k-th smallest product, whose exact distances then give
     * the list; every other point is provably farther than the k-th, so the lists are exact, ties included.
     */
    Nearest nearestInTiles(Matrix queries, int k, boolean excludeSelf) {
        int m = queries.rows();
        int[] indices = new int[Math.multiplyExact(m, k)];
        double[] distances = new double[indices.length];
        double[] floors = new double[m];
        try (ScanTiles tiles = new ScanTiles(points, queries)) {
            int[] rows = new int[tiles.batchRows()];
            for (int from = 0; from < m; from += rows.length) {
                int size = Math.min(rows.length, m - from);
                NearestPass[] passes = new NearestPass[size];
                for (int r = 0; r < size; r++) {
                    rows[r] = from + r;
                    passes[r] = new NearestPass(tiles, queries, from + r, k, excludeSelf);
                }
                tiles.scan(queries, rows, size, passes);
                IntStream.range(0, size).parallel().forEach(r -> passes[r].finish(indices, distances, floors));
            }
        }
        return new Nearest(k, indices, distances, floors);
    }

    /**
     * One query's scan for its k nearest points: a max-heap of the k smallest products so far, and every point whose
     * product is within the bound of the heap's top. With E the rounding bound, the heap's k points are at most
     * top + E away (squared) and a point whose product exceeds (top + 2E)(1 + 4u) is more than top + E away, rounding
     * of the float64 distances and of the bound included (see {@link TiledBoruvka}'s scan for the same argument).
     */
    private final class NearestPass implements ScanTiles.Pass {
        private final ScanTiles tiles;
        private final Matrix queries;
        private final int query;
        private final int k;
        private final int self;
        private final double rounding;
        private final float[] heap;
        private int heapSize;
        private float limit = Float.POSITIVE_INFINITY;
        private int[] candidates = new int[32];
        private float[] values = new float[32];
        private int count;

        NearestPass(ScanTiles tiles, Matrix queries, int query, int k, boolean excludeSelf) {
            this.tiles = tiles;
            this.queries = queries;
            this.query = query;
            this.k = k;
            self = excludeSelf ? query : -1;
            rounding = tiles.rounding(tiles.squaredNorm(queries, query));
            heap = new float[k];
        }

        @Override
        public void visit(float[] products, int offset, int first, int columns) {
            float bound = limit;
            for (int from = 0; from < columns; from += ScanTiles.CHUNK) {
                int to = Math.min(columns, from + ScanTiles.CHUNK);
                if (!ScanTiles.anyAtMost(products, offset + from, offset + to, bound)) {
                    continue;
                }
                for (int j = from; j < to; j++) {
                    float v = products[offset + j];
                    if (v <= bound && first + j != self) {
                        add(first + j, v);
                        if (heapSize < k) {
                            push(v);
                            if (heapSize == k) {
                                bound = limitFor(heap[0]);
                            }
                        } else if (v < heap[0]) {
                            replaceTop(v);
                            bound = limitFor(heap[0]);
                        }
                    }
                }
            }
            limit = bound;
        }

        private float limitFor(float top) {
            return ScanTiles.limit(top + 2 * rounding);
        }

        private void add(int col, float v) {
            if (count == candidates.length) {
                candidates = Arrays.copyOf(candidates, 2 * count);
                values = Arrays.copyOf(values, 2 * count);
            }
            candidates[count] = col;
            values[count++] = v;
        }

        private void push(float v) {
            int at = heapSize++;
            while (at > 0 && heap[(at - 1) / 2] < v) {
                heap[at] = heap[(at - 1) / 2];
                at = (at - 1) / 2;
            }
            heap[at] = v;
        }

        private void replaceTop(float v) {
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= heapSize) {
                    break;
                }
                if (child + 1 < heapSize && heap[child + 1] > heap[child]) {
                    child++;
                }
                if (heap[child] <= v) {
                    break;
                }
                heap[at] = heap[child];
                at = child;
            }
            heap[at] = v;
        }

        /**
         * Sorts the candidates still within the final bound by exact distance, ties by index, and writes the first
         * k. The floor is the next candidate's distance, or for the points left out by the bound, their least
         * possible distance, whichever is smaller.
         */
        void finish(int[] indices, double[] distances, double[] floors) {
            int d = points.cols();
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (values[i] <= limit) {
                    candidates[kept++] = candidates[i];
                }
            }
            double[] exact = new double[kept];
            Integer[] order = new Integer[kept];
            for (int i = 0; i < kept; i++) {
                exact[i] = distance(queries.data(), query * d, points.data(), candidates[i] * d, d, metric);
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> exact[a] != exact[b] ? Double.compare(exact[a], exact[b])
                    : Integer.compare(candidates[a], candidates[b]));
            for (int r = 0; r < k; r++) {
                indices[query * k + r] = candidates[order[r]];
                distances[query * k + r] = exact[order[r]];
            }
            double floor = kept > k ? exact[order[k]] : Double.POSITIVE_INFINITY;
            int others = points.rows() - (self >= 0 ? 1 : 0);
            if (kept < others) {
                // Left out: product > limit, so the scaled square exceeds limit - E; in float64, less its rounding.
                double sq = tiles.unscaled(limit - rounding) * (1 - f64Error(d));
                floor = Math.min(floor, sq > 0 ? fromSquared(sq) : 0);
            }
            floors[query] = floor;
        }
    }

    /**
     * A bound on the relative difference between {@link #distance}'s float64 square (a sum of squared float64
     * differences: one rounding per difference, square and addition, so within gamma_(d + 3) in float64) and the
     * exact square, with room for the few roundings of the bounds computed from it (a square root among them).
     */
    static double f64Error(int d) {
        return (d + 16) * 0x1p-53;
    }

    /** The metric's distance for a squared Euclidean distance between points of {@link #space}. */
    private double fromSquared(double sq) {
        return metric == Metric.COSINE ? sq / 2 : Math.sqrt(sq);
    }

    /** {@link #nearest} by the KD-tree, O(m log n) time in low dimensions. */
    Nearest nearestInTree(Matrix queries, int k, boolean excludeSelf) {
        return tree().nearest(queries, k, excludeSelf);
    }

    /**
     * Row-major (queries x k) neighbour indices and exact distances, nearest first, ties by lower index.
     *
     * @param floors per query, a distance that no point left out of its list is nearer than: the k-th distance for
     *               the KD-tree's search; for a tile search, the distance of the next candidate or the least the
     *               rounding bound allows for the points it left out, whichever is smaller
     */
    record Nearest(int k, int[] indices, double[] distances, double[] floors) {
        /** Lists known to be the exact k nearest, ties by lower index: every other point is at least the k-th away. */
        static Nearest exact(int k, int[] indices, double[] distances) {
            double[] floors = new double[k == 0 ? 0 : indices.length / k];
            for (int q = 0; q < floors.length; q++) {
                floors[q] = distances[q * k + k - 1];
            }
            return new Nearest(k, indices, distances, floors);
        }

        int index(int query, int rank) {
            return indices[query * k + rank];
        }

        double distance(int query, int rank) {
            return distances[query * k + rank];
        }

        /** No point outside query's list is nearer than this (0 when nothing is listed). */
        double floor(int query) {
            return k == 0 ? 0 : floors[query];
        }
    }

    /** Every point's core distance: the distance to its {@code minSamples}-th nearest point, itself counted. */
    Cores cores(int minSamples) {
        return cores(minSamples, minSamples);
    }

    /**
     * Core distances, with each point's {@code listed} nearest other points kept (at least the minSamples that set
     * its core distance and the next one, at most all others): longer lists let {@link TiledBoruvka} settle more
     * edges without a scan. Core distances do not depend on {@code listed}.
     */
    Cores cores(int minSamples, int listed) {
        int n = points.rows();
        double[] core = new double[n];
        int k = Math.min(Math.max(minSamples, listed), n - 1);
        if (minSamples == 1 && listed <= 1) {
            // Every core distance is zero, and the KD-tree's Borůvka wants no lists (see Cores#lightestEdge).
            return new Cores(minSamples, core, new Nearest(0, new int[0], new double[0], new double[0]));
        }
        Nearest neighbours = nearest(points, k, true);
        if (minSamples > 1) {
            for (int i = 0; i < n; i++) {
                core[i] = neighbours.distance(i, minSamples - 2);
            }
        }
        return new Cores(minSamples, core, neighbours);
    }

    /**
     * Core distances and the neighbour lists they come from.
     *
     * @param minSamples the k of the core distance, the point itself counted
     * @param distances  core distance per point
     * @param neighbours each point's nearest other points: the minSamples - 1 that set its core distance, the next
     *                   one and perhaps more (all when there are no more than those); for minSamples 1, none
     *                   unless longer lists were asked for
     */
    record Cores(int minSamples, double[] distances, Nearest neighbours) {
        /**
         * The other end of point q's lightest edge when its neighbour lists settle it, else -1: no edge from q is
         * lighter than core(q), and the edge to a point j within core(q) with core(j) <= core(q) weighs exactly
         * core(q); of those, the lowest index comes first in the spanning tree's order. That needs every point within
         * core(q) in the lists, so the next neighbour must be farther. (hdbscan's Borůvka starts the same way.)
         */
        int lightestEdge(int q) {
            if (neighbours.k() >= minSamples && !(neighbours.distance(q, minSamples - 1) > distances[q])) {
                return -1;
            }
            int best = -1;
            for (int r = 0; r < minSamples - 1; r++) {
                int j = neighbours.index(q, r);
                if (distances[j] <= distances[q] && (best < 0 || j < best)) {
                    best = j;
                }
            }
            return best;
        }
    }

    /**
     * A minimum spanning tree of the mutual reachability graph, its edges sorted by (weight, lower end, higher end).
     * That order is strict, so the minimum tree for it is unique: Prim and Borůvka give the same list, ties
     * included, and so the same hierarchy.
     *
     * @param from   lower end of each edge
     * @param to     higher end of each edge
     * @param weight mutual reachability distance of each edge
     */
    record SpanningTree(int[] from, int[] to, double[] weight) {
        /** Orients each edge low to high and sorts the edges. */
        static SpanningTree canonical(int[] a, int[] b, double[] weight) {
            int m = weight.length;
            int[] lo = new int[m];
            int[] hi = new int[m];
            for (int e = 0; e < m; e++) {
                lo[e] = Math.min(a[e], b[e]);
                hi[e] = Math.max(a[e], b[e]);
            }
            Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
            Arrays.sort(order, (e, f) -> lighter(weight[e], lo[e], hi[e], weight[f], lo[f], hi[f]) ? -1
                    : lighter(weight[f], lo[f], hi[f], weight[e], lo[e], hi[e]) ? 1 : 0);
            int[] from = new int[m];
            int[] to = new int[m];
            double[] w = new double[m];
            for (int r = 0; r < m; r++) {
                from[r] = lo[order[r]];
                to[r] = hi[order[r]];
                w[r] = weight[order[r]];
            }
            return new SpanningTree(from, to, w);
        }

        /** Whether edge (w1, a1, b1) comes before (w2, a2, b2), each given low end first. */
        static boolean lighter(double w1, int a1, int b1, double w2, int a2, int b2) {
            return w1 < w2 || (w1 == w2 && (a1 < a2 || (a1 == a2 && b1 < b2)));
        }

        /** The single-linkage hierarchy of the tree's n points. */
        Dendrogram hierarchy() {
            return Dendrogram.fromMerges(weight.length + 1, from, to, weight);
        }
    }

    /** The minimum spanning tree by Borůvka over the KD-tree (see {@link Boruvka}). */
    SpanningTree boruvka(Cores cores) {
        return Boruvka.spanningTree(tree(), cores);
    }

    /** The minimum spanning tree by Borůvka over GEMM scans (see {@link TiledBoruvka}). */
    SpanningTree tiledBoruvka(Cores cores) {
        return TiledBoruvka.spanningTree(points, metric, cores);
    }

    /**
     * The minimum spanning tree by Prim's algorithm from point 0. Prim adds one point per step and the next step
     * needs that point's distances, so each step computes one row of distances to the points not yet in the tree:
     * O(n^2 d) time, O(n) memory besides the points. Each outside point keeps its lightest edge into the tree, ties
     * by the lower tree end, and the step takes the lightest of those in the spanning tree's order.
     *
     * <p>Most of those distances cannot lighten an edge, and the points' first few principal coordinates already
     * show it: projected onto orthonormal directions, two points are no farther apart than they are, so the distance
     * between their coordinates (a compact copy that stays in cache) is a lower bound, less its rounding. Only where
     * that bound does not exceed the point's current edge is the full distance computed (with {@link #distance}, so
     * the tree is the same to the last bit).
     */
    SpanningTree prim(double[] core) {
        int n = points.rows();
        double[] reach = new double[n];
        int[] via = new int[n];
        Arrays.fill(reach, Double.POSITIVE_INFINITY);
        // The points not yet in the tree, first `left` entries, kept in index order so that each step reads the
        // per-point arrays and the points front to back.
        int[] outside = IntStream.range(1, n).toArray();
        int left = n - 1;
        int[] itemA = new int[n - 1];
        int[] itemB = new int[n - 1];
        double[] height = new double[n - 1];
        int d = points.cols();
        float[] x = points.data();
        Projection projection = d > 2 * BOUND_DIRECTIONS && n > 2 * BOUND_DIRECTIONS
                ? project(BOUND_DIRECTIONS) : new Projection(new double[0], 0, 0);
        int current = 0;
        for (int m = 0; m < n - 1; m++) {
            int best = -1;
            for (int p = 0; p < left; p++) {
                int o = outside[p];
                double bound = Math.max(core[current], core[o]);
                // d_mr >= both core distances and >= the distance of the projections: when either already exceeds
                // reach[o], skip the full distance.
                if ((bound < reach[o] || (bound == reach[o] && current < via[o]))
                        && !projection.exceeds(current, o, euclidean(reach[o]))) {
                    double mr = Math.max(bound, distance(x, current * d, x, o * d, d, metric));
                    if (mr < reach[o] || (mr == reach[o] && current < via[o])) {
                        reach[o] = mr;
                        via[o] = current;
                    }
                }
                if (best < 0 || precedes(o, outside[best], reach, via)) {
                    best = p;
                }
            }
            int next = outside[best];
            System.arraycopy(outside, best + 1, outside, best, --left - best);
            itemA[m] = via[next];
            itemB[m] = next;
            height[m] = reach[next];
            current = next;
        }
        return SpanningTree.canonical(itemA, itemB, height);
    }

    /** A distance of the metric as the Euclidean distance it comes from (cosine: half its square, on unit rows). */
    private double euclidean(double distance) {
        return metric == Metric.COSINE ? Math.sqrt(2 * distance) : distance;
    }

    /**
     * The points' coordinates along up to {@code w} orthonormal directions of largest variance (PCA directions,
     * orthonormalised in double), about their mean, in double.
     */
    private Projection project(int w) {
        int n = points.rows();
        int d = points.cols();
        float[] x = points.data();
        Pca.Model pca;
        try {
            pca = new Pca(w).fit(Dataset.of(points));
        } catch (ArithmeticException e) {
            // The randomized range finder loses rank when a few directions (one far point, say) dominate the data;
            // the full solver, slower on many columns, does not.
            pca = new Pca(w).withSolver(Pca.Solver.FULL).fit(Dataset.of(points));
        }
        double[] mean = pca.mean();
        double[] components = pca.components();
        double[] basis = new double[w * d];
        int kept = 0;
        for (int t = 0; t < w; t++) {
            double[] u = Arrays.copyOfRange(components, t * d, (t + 1) * d);
            for (int s = 0; s < kept; s++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += u[c] * basis[s * d + c];
                }
                for (int c = 0; c < d; c++) {
                    u[c] -= dot * basis[s * d + c];
                }
            }
            double norm = Math.sqrt(Arrays.stream(u).map(v -> v * v).sum());
            if (norm > 0.5) {
                for (int c = 0; c < d; c++) {
                    basis[kept * d + c] = u[c] / norm;
                }
                kept++;
            }
        }
        // A scalar pass, O(n d w) once against Prim's O(n^2 d): in double, so that its rounding has the bound below
        // (the engine's float32 product would need a slack that blunts the bound).
        double[] coordinates = new double[n * kept];
        double radius = 0;
        for (int i = 0; i < n; i++) {
            double squaredRadius = 0;
            for (int c = 0; c < d; c++) {
                double centred = x[i * d + c] - mean[c];
                squaredRadius += centred * centred;
            }
            radius = Math.max(radius, Math.sqrt(squaredRadius));
            for (int t = 0; t < kept; t++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (x[i * d + c] - mean[c]) * basis[t * d + c];
                }
                coordinates[i * kept + t] = dot;
            }
        }
        // Each coordinate is a d-term dot product of a unit vector and a point within `radius` of the mean: its
        // rounding is below d * 2^-53 * radius, twice that for a difference, sqrt(kept) times that for its norm.
        double slack = 4 * Math.sqrt(kept) * d * 0x1p-53 * radius;
        return new Projection(coordinates, kept, slack);
    }

    /**
     * Points projected onto orthonormal directions (n x directions, row-major), with a bound on how far rounding
     * can have moved the distance between two projections.
     */
    private record Projection(double[] coordinates, int directions, double slack) {
        /** Whether the projections of points a and b are farther apart than {@code distance}, rounding allowed for. */
        boolean exceeds(int a, int b, double distance) {
            double sq = 0;
            for (int t = 0; t < directions; t++) {
                double diff = coordinates[a * directions + t] - coordinates[b * directions + t];
                sq += diff * diff;
            }
            double limit = (distance + slack) * (1 + 1e-12);
            return sq > limit * limit;
        }
    }

    /** Whether outside point o's edge into the tree comes before outside point u's. */
    private static boolean precedes(int o, int u, double[] reach, int[] via) {
        return SpanningTree.lighter(reach[o], Math.min(o, via[o]), Math.max(o, via[o]),
                reach[u], Math.min(u, via[u]), Math.max(u, via[u]));
    }
}
