package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.data.Matrix;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The minimum spanning tree of the mutual reachability graph by Borůvka's algorithm, for points with too many columns
 * for a KD-tree to prune: a point's lightest edge out of its component comes from its neighbour list where the list
 * settles it, else from a scan of all points, as float32 GEMM tiles on the engine. Edges are ordered by (weight, lower
 * end, higher end), so the tree is the one {@link MutualReachability#prim} finds, ties included: every weight is
 * computed by {@link MutualReachability#distance}, and float32 values only choose which pairs to compute.
 *
 * <p>Each round, every component's lightest edge is the lightest of its points' own. Per point, what earlier rounds
 * learnt is kept: the points outside its component only ever become fewer, so its lightest edge stays exact while
 * the other end is still outside (the lightest among more points, and still among them), and is a lower bound on the
 * new one once that end has joined. Its core distance is a lower bound too. A neighbour list settles the edge when
 * the best listed point outside the component is lighter than max(core, floor), where no unlisted point is nearer
 * than the floor; if it does not, that listed edge is still an edge out of the component, an upper bound on the
 * component's lightest. Only points whose lower bound does not exceed their component's best edge so far (equal
 * bounds could still win a tie) are scanned, in batches ordered by lower bound, and each batch's edges lower those
 * bounds for the next. The result depends on no timing: batches are fixed by exact weights, and the rows of a
 * batch are independent.
 *
 * <p>A scan is a pass in Java over the float32 GEMM products of a batch of points with all points (see
 * {@link ScanTiles}): it skips the query's own component and keeps the points whose approximate squared weight
 * max(|q - x|^2, core(q)^2, core(x)^2) is within the rounding bound of the smallest; those few are computed
 * exactly, in index order.
 *
 * <p>Memory O(n (k + d)): per point its state and list, the points once more on the engine, one batch's tile.
 * Time: a scan is O(n d); how many points need one depends on the data (see {@link Hdbscan}).
 */
final class TiledBoruvka {
    /** Neighbours per list: enough to settle most points while their components are small. */
    static final int LISTED = 32;

    private final int batchRows;
    private final int tileColumns;
    private final Matrix points;
    private final float[] x;
    private final int n;
    private final int d;
    private final Metric metric;
    private final double[] core;
    private final MutualReachability.Nearest lists;
    /** Union-find over points; a component is named by its smallest point. */
    private final UnionFind sets;
    private final int[] component;
    /** Per point: its lightest edge out of its component, while exact (other end, else -1) and its weight. */
    private final int[] other;
    private final double[] weight;
    /** Per point: a lower bound on the weight of its lightest edge out of its component. */
    private final double[] lower;
    /** Per component: its lightest edge found so far this round, lower end first (-1 for none). */
    private final double[] bestWeight;
    private final int[] bestA;
    private final int[] bestB;
    /** Per point: its squared core distance in the scans' units, rounded to float32. */
    private float[] reach;

    private TiledBoruvka(Matrix points, Metric metric, MutualReachability.Cores cores, int batchRows,
                         int tileColumns) {
        this.batchRows = batchRows;
        this.tileColumns = tileColumns;
        this.points = points;
        x = points.data();
        n = points.rows();
        d = points.cols();
        this.metric = metric;
        core = cores.distances();
        lists = cores.neighbours();
        sets = new UnionFind(n);
        component = new int[n];
        other = new int[n];
        Arrays.fill(other, -1);
        weight = new double[n];
        lower = core.clone();
        bestWeight = new double[n];
        bestA = new int[n];
        bestB = new int[n];
    }

    /** The minimum spanning tree of d_mr over the points (as {@link MutualReachability#space} gives them). */
    static MutualReachability.SpanningTree spanningTree(Matrix points, Metric metric,
                                                        MutualReachability.Cores cores) {
        return spanningTree(points, metric, cores, ScanTiles.BATCH, ScanTiles.TILE_COLUMNS);
    }

    /** {@link #spanningTree} with batches of {@code batchRows} queries and tiles of {@code tileColumns} points. */
    static MutualReachability.SpanningTree spanningTree(Matrix points, Metric metric, MutualReachability.Cores cores,
                                                        int batchRows, int tileColumns) {
        return new TiledBoruvka(points, metric, cores, batchRows, tileColumns).run();
    }

    private MutualReachability.SpanningTree run() {
        int[] edgeA = new int[n - 1];
        int[] edgeB = new int[n - 1];
        double[] edgeWeight = new double[n - 1];
        int edges = 0;
        int[] batch = new int[batchRows];
        Comparator<Integer> byLowerBound = Comparator.<Integer>comparingDouble(p -> lower[p]).thenComparingInt(p -> p);
        try (ScanTiles tiles = new ScanTiles(points, points, batchRows, tileColumns)) {
            reach = new float[n];
            for (int p = 0; p < n; p++) {
                reach[p] = (float) tiles.scaled(squared(core[p]));
            }
            while (edges < n - 1) {
                for (int p = 0; p < n; p++) {
                    component[p] = sets.find(p);
                }
                Arrays.fill(bestWeight, Double.POSITIVE_INFINITY);
                Arrays.fill(bestA, -1);
                for (int p = 0; p < n; p++) {
                    if (refresh(p)) {
                        offer(p, other[p], weight[p]);
                    }
                }
                int[] pending = IntStream.range(0, n)
                        .filter(p -> other[p] < 0 && !(lower[p] > bestWeight[component[p]]))
                        .boxed().sorted(byLowerBound).mapToInt(Integer::intValue).toArray();
                for (int at = 0; at < pending.length; ) {
                    int size = 0;
                    while (at < pending.length && size < batchRows) {
                        int p = pending[at++];
                        // The component's best edge may have fallen below this point's bound since the sort.
                        if (!(lower[p] > bestWeight[component[p]])) {
                            batch[size++] = p;
                        }
                    }
                    scan(tiles, batch, size);
                    for (int r = 0; r < size; r++) {
                        if (other[batch[r]] >= 0) {
                            offer(batch[r], other[batch[r]], weight[batch[r]]);
                        }
                    }
                }
                int before = edges;
                for (int c = 0; c < n; c++) {
                    // Two components may pick the same edge; it joins the tree once.
                    if (bestA[c] >= 0 && sets.union(bestA[c], bestB[c])) {
                        edgeA[edges] = bestA[c];
                        edgeB[edges] = bestB[c];
                        edgeWeight[edges++] = bestWeight[c];
                    }
                }
                if (edges == before) {
                    throw new IllegalStateException("Borůvka round added no edge with " + (n - 1 - edges)
                            + " missing");
                }
            }
        }
        return MutualReachability.SpanningTree.canonical(edgeA, edgeB, edgeWeight);
    }

    /**
     * Brings point p up to this round's components: keeps its edge where it is still exact, else settles it from the
     * list where the list can, else raises its lower bound (and offers the best listed edge out of the component as
     * a bound on the component's lightest). Returns whether p's edge is exact.
     */
    private boolean refresh(int p) {
        int c = component[p];
        if (other[p] >= 0) {
            if (component[other[p]] != c) {
                return true;
            }
            lower[p] = Math.max(lower[p], weight[p]);
            other[p] = -1;
        }
        double cp = core[p];
        double listedWeight = Double.POSITIVE_INFINITY;
        int listed = -1;
        for (int r = 0; r < lists.k(); r++) {
            int j = lists.index(p, r);
            double w = Math.max(Math.max(cp, core[j]), lists.distance(p, r));
            if (component[j] != c && (w < listedWeight || (w == listedWeight && j < listed))) {
                listedWeight = w;
                listed = j;
            }
        }
        // An unlisted point is at least the floor away, so its edge weighs at least max(core, floor).
        double beyond = Math.max(cp, lists.floor(p));
        if (listedWeight < beyond) {
            other[p] = listed;
            weight[p] = listedWeight;
            lower[p] = listedWeight;
            return true;
        }
        lower[p] = Math.max(lower[p], Math.min(listedWeight, beyond));
        if (listed >= 0) {
            offer(p, listed, listedWeight);
        }
        return false;
    }

    /** Finds the exact lightest edge out of its component of each of the first {@code size} points of batch. */
    private void scan(ScanTiles tiles, int[] batch, int size) {
        Row[] rows = new Row[size];
        for (int r = 0; r < size; r++) {
            rows[r] = new Row(tiles, batch[r]);
        }
        tiles.scan(points, batch, size, rows);
        IntStream.range(0, size).parallel().forEach(r -> rows[r].finish());
    }

    /** Lowers the best edge of p's component to (p, j) if that is lighter in the spanning tree's order. */
    private void offer(int p, int j, double w) {
        int c = component[p];
        int a = Math.min(p, j);
        int b = Math.max(p, j);
        if (bestA[c] < 0 || MutualReachability.SpanningTree.lighter(w, a, b, bestWeight[c], bestA[c], bestB[c])) {
            bestWeight[c] = w;
            bestA[c] = a;
            bestB[c] = b;
        }
    }

    /** A core distance as the squared Euclidean distance it corresponds to (cosine: twice it, on unit rows). */
    private double squared(double distance) {
        return metric == Metric.COSINE ? 2 * distance : distance * distance;
    }

    /**
     * One point's scan for its lightest edge out of its component: the smallest approximate squared weight so far,
     * and the points within the rounding bound of it.
     *
     * <p>Rounding: each product g differs from the scaled squared distance D^2 by at most E (see
     * {@link ScanTiles#rounding}). Write a for the approximate squared weight max(g, core(q)^2, fl(core(x)^2)); the
     * scaled square of the float64 weight differs from it by at most E + 1.3u a (u = 2^-24: the cores' float32
     * rounding and the float64 distance's own, d 2^-53, both relative to the weight). So a point can be the lightest,
     * or tie with it, only if its a is at most (a_min + 2E)(1 + 3u): those are the candidates, kept with (1 + 4u) for
     * the rounding of that bound itself. core(q)^2 is in every a, so the pass leaves it to the bound.
     */
    private final class Row implements ScanTiles.Pass {
        private final int p;
        private final int c;
        private final double reachP;
        /** 2E. */
        private final double slack;
        /**
         * A value below which a point's weight is certainly exactly core(q): its squared weight is then at most
         * (v + E)(1 + 1.3u), below core(q)^2 (1 - 4u), so in float64 neither its distance nor its core distance
         * exceeds core(q).
         */
        private final float sure;
        private float smallest = Float.POSITIVE_INFINITY;
        private float limit = Float.POSITIVE_INFINITY;
        /**
         * Whether a point of certain weight core(q) has been kept: no later point can be lighter or win the tie, so
         * the pass stops (a point with a large core distance would otherwise keep all points within it).
         */
        private boolean settled;
        private int[] candidates = new int[16];
        private float[] values = new float[16];
        private int count;

        Row(ScanTiles tiles, int p) {
            this.p = p;
            c = component[p];
            reachP = tiles.scaled(squared(core[p]));
            slack = 2 * tiles.rounding(tiles.squaredNorm(points, p));
            double below = reachP * (1 - 4 * ScanTiles.U) / (1 + 4 * ScanTiles.U) - slack;
            float f = (float) below;
            sure = f > below ? Math.nextDown(f) : f;
        }

        @Override
        public void visit(float[] products, int offset, int first, int columns) {
            if (settled) {
                return;
            }
            float small = smallest;
            float bound = limit;
            for (int from = 0; from < columns && !settled; from += ScanTiles.CHUNK) {
                int to = Math.min(columns, from + ScanTiles.CHUNK);
                // A weight is at least its product: most chunks are ruled out in one vectorised test.
                if (!ScanTiles.anyAtMost(products, offset + from, offset + to, bound)) {
                    continue;
                }
                for (int j = from; j < to; j++) {
                    int col = first + j;
                    if (component[col] == c) {
                        continue;
                    }
                    float v = Math.max(products[offset + j], reach[col]);
                    if (v <= bound) {
                        add(col, v);
                        if (v < small) {
                            small = v;
                            bound = limitFor(small);
                        }
                        if (v < sure) {
                            settled = true;
                            break;
                        }
                    }
                }
            }
            smallest = small;
            limit = bound;
        }

        private float limitFor(float v) {
            return ScanTiles.limit(Math.max(v, reachP) + slack);
        }

        private void add(int col, float v) {
            if (count == candidates.length) {
                candidates = Arrays.copyOf(candidates, 2 * count);
                values = Arrays.copyOf(values, 2 * count);
            }
            candidates[count] = col;
            values[count++] = v;
        }

        /**
         * The exact lightest edge among the candidates still within the final bound, which arrived in index order:
         * ties go to the first, and none can be lighter than core(q).
         */
        void finish() {
            double cp = core[p];
            double best = Double.POSITIVE_INFINITY;
            int at = -1;
            for (int i = 0; i < count && best > cp; i++) {
                if (values[i] <= limit) {
                    int j = candidates[i];
                    double wj = Math.max(Math.max(cp, core[j]),
                            MutualReachability.distance(x, p * d, x, j * d, d, metric));
                    if (wj < best) {
                        best = wj;
                        at = j;
                    }
                }
            }
            other[p] = at;
            weight[p] = best;
            lower[p] = best;
        }
    }
}
