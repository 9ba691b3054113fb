package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.latentkit.data.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Approximate k-nearest-neighbour graph by NN-descent (Dong, Charikar and Li 2011): heaps are seeded with the
 * exact neighbours inside the leaves of a forest of random-projection trees, then refined by local joins, on the
 * principle that a neighbour of a neighbour is likely a neighbour: each round, every point's sampled new and old
 * neighbours (both directions) are compared pairwise and each pair is offered to both heaps. It stops after
 * {@code nIters} rounds or once a round changes fewer than {@code delta * n * k} heap entries.
 *
 * <p>When d exceeds {@value #TREE_DIMS} the trees split a Gaussian random projection of the rows to that many
 * dimensions (one product on the engine), which keeps the geometry well enough for seeding at a fraction of the
 * cost; heaps always hold exact distances.
 *
 * <p>Cost about O(n k^2 d) per round and O(nTrees n min(d, {@value #TREE_DIMS}) log n) for the forest, against
 * O(n^2 d) for exact search; memory O(n (k + maxCandidates)), one index array per tree, the projection, and for
 * cosine a normalised copy of the data. Recall is typically above 0.95 at the defaults;
 * it degrades on data whose neighbour graph is poorly connected (many exact duplicates, very high intrinsic
 * dimension), where more trees or candidates help. The result for a seed does not depend on {@code threads}: work
 * is split into fixed blocks whose updates are applied in block order (and the engine's products are reproducible,
 * see {@link Tensors#threadInvariant()}). Small inputs (under {@value #EXACT_BELOW}
 * rows, or k above a quarter of n) go to {@link NearestNeighbors#exact}.
 *
 * <p>Parameters set to 0 take the defaults for n rows (those of pynndescent): {@code nTrees} = min(32, 5 +
 * round(n^0.25)), {@code leafSize} = max(10, k), {@code maxCandidates} = min(60, k), {@code nIters} = max(5,
 * round(log2 n)), {@code threads} = available processors.
 *
 * @param k             neighbours per point (self excluded)
 * @param metric        Euclidean or cosine
 * @param nTrees        random-projection trees for the initial graph
 * @param leafSize      most points per tree leaf
 * @param maxCandidates most new (and most old) candidates sampled per point and round
 * @param nIters        most refinement rounds
 * @param delta         early-stop fraction of heap entries changed in a round
 * @param seed          seed of the trees and the candidate sampling
 * @param threads       worker threads
 */
public record ApproximateNeighbors(int k, Metric metric, int nTrees, int leafSize, int maxCandidates, int nIters,
                                   double delta, long seed, int threads) {
    /** Below this many rows the exact search is cheap and is used instead. */
    public static final int EXACT_BELOW = 2048;
    /** Trees split a random projection of the rows to this many dimensions when d is larger. */
    public static final int TREE_DIMS = 128;
    /** Points per parallel task of a local join. */
    private static final int BLOCK = 256;
    /** Tasks whose updates are applied together; fixed so the result does not depend on the thread count. */
    private static final int BLOCKS_PER_ROUND = 16;
    private static final long TREE_STREAM = 1;
    private static final long FILL_STREAM = 2;
    private static final long SAMPLE_STREAM = 3;
    private static final long PROJECTION_STREAM = 4;

    public ApproximateNeighbors {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric is required");
        }
        if (nTrees < 0 || leafSize < 0 || maxCandidates < 0 || nIters < 0 || threads < 0) {
            throw new IllegalArgumentException(
                    "nTrees, leafSize, maxCandidates, nIters and threads must be >= 0 (0 = default)");
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1), got " + delta);
        }
    }

    /** Default settings for k neighbours under a metric. */
    public static ApproximateNeighbors of(int k, Metric metric, long seed) {
        return new ApproximateNeighbors(k, metric, 0, 0, 0, 0, 0.001, seed, 0);
    }

    /** The same settings on {@code workers} threads (0 = available processors); the result does not change. */
    public ApproximateNeighbors withThreads(int workers) {
        return new ApproximateNeighbors(k, metric, nTrees, leafSize, maxCandidates, nIters, delta, seed, workers);
    }

    /**
     * The k nearest other rows of every row of {@code data}, nearest first (ties by lower index), with Euclidean
     * (not squared) or cosine distances, as {@link NearestNeighbors#exact} with {@code excludeSelf} reports them.
     *
     * @throws IllegalArgumentException if k is not below the row count or a value is NaN or infinite
     */
    public Neighbors search(Matrix data) {
        int n = data.rows();
        if (k > n - 1) {
            throw new IllegalArgumentException("k must be in [1, " + (n - 1) + "], got " + k);
        }
        data.requireFinite();
        if (n < EXACT_BELOW || 4L * k > n) {
            return NearestNeighbors.exact(data, data, k, metric, true);
        }
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "nn-descent");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            return new Search(prepare(data), n, data.cols(), pool, workers).run();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Mean fraction of each row's exact neighbours that the approximate row also holds (recall@k). */
    public static double recall(Neighbors approx, Neighbors exact) {
        int[] rows = new int[exact.queries()];
        Arrays.setAll(rows, i -> i);
        return recall(approx, rows, exact);
    }

    /** Recall over a subset: row r of {@code exact} holds the true neighbours of row {@code rows[r]} of approx. */
    public static double recall(Neighbors approx, int[] rows, Neighbors exact) {
        if (rows.length != exact.queries()) {
            throw new IllegalArgumentException(rows.length + " rows for " + exact.queries() + " exact queries");
        }
        if (rows.length == 0) {
            return 1.0;
        }
        long found = 0;
        for (int r = 0; r < rows.length; r++) {
            for (int t = 0; t < exact.k(); t++) {
                int truth = exact.index(r, t);
                for (int a = 0; a < approx.k(); a++) {
                    if (approx.index(rows[r], a) == truth) {
                        found++;
                        break;
                    }
                }
            }
        }
        return (double) found / ((long) rows.length * exact.k());
    }

    /** The rows the kernels work on: the data itself, or for cosine its rows scaled to unit length (zero rows stay). */
    private float[] prepare(Matrix data) {
        if (metric == Metric.EUCLIDEAN) {
            return data.data();
        }
        int d = data.cols();
        float[] x = data.data().clone();
        for (int i = 0; i < data.rows(); i++) {
            double sq = 0;
            for (int j = i * d; j < (i + 1) * d; j++) {
                sq += (double) x[j] * x[j];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(sq), Float.MIN_NORMAL));
            for (int j = i * d; j < (i + 1) * d; j++) {
                x[j] *= scale;
            }
        }
        return x;
    }

    /** SplitMix64's finaliser over (seed, stream): independent reproducible sub-seeds. */
    private static long derive(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Pairs offered to the heaps by one task: applied after the task's round, in task order. */
    private static final class Updates {
        private int[] pairs = new int[1024];
        private float[] distances = new float[512];
        private int size;

        void add(int p, int q, float d) {
            if (size == distances.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
                distances = Arrays.copyOf(distances, distances.length * 2);
            }
            pairs[2 * size] = p;
            pairs[2 * size + 1] = q;
            distances[size++] = d;
        }

        /** Applies the pushes into the heaps of points [from, to); returns how many changed a heap. */
        int applyTo(NeighborHeaps heaps, int from, int to) {
            int changes = 0;
            for (int u = 0; u < size; u++) {
                int p = pairs[2 * u];
                int q = pairs[2 * u + 1];
                if (p >= from && p < to) {
                    changes += heaps.push(p, q, distances[u]) ? 1 : 0;
                }
                if (q >= from && q < to) {
                    changes += heaps.push(q, p, distances[u]) ? 1 : 0;
                }
            }
            return changes;
        }
    }

    /** One search's state. */
    private final class Search {
        private final float[] x;
        private final int n;
        private final int d;
        private final ExecutorService pool;
        /** Parts of the serial steps (sampling, applying updates) run in parallel: one per worker. */
        private final int parts;
        private final NeighborHeaps heaps;
        private final Updates[] updates = new Updates[BLOCKS_PER_ROUND];

        Search(float[] x, int n, int d, ExecutorService pool, int workers) {
            this.x = x;
            this.n = n;
            this.d = d;
            this.pool = pool;
            this.parts = pool == null ? 1 : workers;
            this.heaps = new NeighborHeaps(n, k);
            Arrays.setAll(updates, b -> new Updates());
        }

        Neighbors run() {
            int[] visit = initialiseFromForest();
            fillEmptySlots();
            int capacity = maxCandidates > 0 ? maxCandidates : Math.min(60, k);
            CandidateLists fresh = new CandidateLists(n, capacity);
            CandidateLists old = new CandidateLists(n, capacity);
            int rounds = nIters > 0 ? nIters : Math.max(5, (int) Math.round(Math.log(n) / Math.log(2)));
            for (int iter = 0; iter < rounds; iter++) {
                sampleCandidates(fresh, old, derive(derive(seed, SAMPLE_STREAM), iter));
                long changes = 0;
                for (int from = 0; from < n; from += BLOCK * BLOCKS_PER_ROUND) {
                    int roundFrom = from;
                    int tasks = Math.min(BLOCKS_PER_ROUND, (n - from + BLOCK - 1) / BLOCK);
                    inParallel(tasks, b -> localJoin(fresh, old, visit, roundFrom + b * BLOCK,
                            Math.min(n, roundFrom + (b + 1) * BLOCK), updates[b]));
                    changes += apply(tasks);
                }
                if (changes <= delta * n * k) {
                    break;
                }
            }
            return heaps.toNeighbors(metric);
        }

        /**
         * Every pair inside every leaf is offered to the heaps, tree by tree. Returns the points in the first
         * tree's leaf order, where consecutive points are close and share many candidates.
         */
        private int[] initialiseFromForest() {
            int trees = nTrees > 0 ? nTrees : Math.min(32, 5 + (int) Math.round(Math.pow(n, 0.25)));
            int leaf = leafSize > 0 ? leafSize : Math.max(10, k);
            RandomProjectionTree[] forest = new RandomProjectionTree[trees];
            long treeSeed = derive(seed, TREE_STREAM);
            int m = Math.min(d, TREE_DIMS);
            float[] y = d > TREE_DIMS ? project(x, n, d, m, derive(seed, PROJECTION_STREAM)) : x;
            inParallel(trees, t -> forest[t] = RandomProjectionTree.build(y, n, m, leaf,
                    new SplittableRandom(derive(treeSeed, t))));
            for (RandomProjectionTree tree : forest) {
                int leaves = tree.leaves();
                int tasks = Math.min(BLOCKS_PER_ROUND, leaves);
                inParallel(tasks, b -> leafJoin(tree, (int) ((long) leaves * b / tasks),
                        (int) ((long) leaves * (b + 1) / tasks), updates[b]));
                apply(tasks);
            }
            return forest[0].order();
        }

        /** The rows times a d x m Gaussian matrix, on the engine, block by block. */
        private static float[] project(float[] x, int n, int d, int m, long projectionSeed) {
            SplittableRandom rng = new SplittableRandom(projectionSeed);
            float[] r = new float[d * m];
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) rng.nextGaussian();
            }
            float[] y = new float[Math.multiplyExact(n, m)];
            Matrix rows = new Matrix(n, d, x);
            int block = Tensors.rowsPerBlock(d);
            try (NDManager manager = Tensors.newManager()) {
                NDArray projection = manager.create(r, new Shape(d, m));
                NDArray staging = Tensors.staging(manager, rows, block);
                for (int from = 0; from < n; from += block) {
                    int to = Math.min(n, from + block);
                    try (NDManager scope = Tensors.borrow(manager, projection)) {
                        float[] part = Tensors.stage(scope, staging, rows, from, to).matMul(projection).toFloatArray();
                        System.arraycopy(part, 0, y, from * m, part.length);
                    }
                }
            }
            return y;
        }

        private void leafJoin(RandomProjectionTree tree, int fromLeaf, int toLeaf, Updates out) {
            int[] order = tree.order();
            for (int l = fromLeaf; l < toLeaf; l++) {
                int end = tree.leafStart(l + 1);
                for (int a = tree.leafStart(l); a < end; a++) {
                    int p = order[a];
                    float tp = heaps.threshold(p);
                    for (int b = a + 1; b < end; b++) {
                        offer(p, tp, order[b], out);
                    }
                }
            }
        }

        /** Points whose leaves held fewer than k others get random neighbours, so every heap is full. */
        private void fillEmptySlots() {
            long fillSeed = derive(seed, FILL_STREAM);
            for (int i = 0; i < n; i++) {
                if (!heaps.hasEmptySlot(i)) {
                    continue;
                }
                SplittableRandom rng = new SplittableRandom(derive(fillSeed, i));
                while (heaps.hasEmptySlot(i)) {
                    int j = rng.nextInt(n);
                    if (j != i) {
                        heaps.push(i, j, RowKernels.squaredDistance(x, i * d, j * d, d));
                    }
                }
            }
        }

        /**
         * Samples each point's new and old candidates from its heap and its reverse neighbours, by random
         * priority; the new neighbours that were sampled become old in the heap.
         */
        private void sampleCandidates(CandidateLists fresh, CandidateLists old, long roundSeed) {
            fresh.clear();
            old.clear();
            int kk = heaps.k();
            // In parallel over ranges of the lists: each part scans every heap and keeps the offers to its own
            // lists, which then see the same offers in the same order as from one thread.
            inParallel(parts, part -> {
                int from = (int) ((long) n * part / parts);
                int to = (int) ((long) n * (part + 1) / parts);
                for (int i = 0; i < n; i++) {
                    for (int slot = i * kk; slot < (i + 1) * kk; slot++) {
                        int j = heaps.index(slot);
                        boolean mine = i >= from && i < to;
                        boolean theirs = j >= from && j < to;
                        if (!mine && !theirs) {
                            continue;
                        }
                        float priority = priority(roundSeed, i, j);
                        CandidateLists lists = heaps.isFresh(slot) ? fresh : old;
                        if (mine) {
                            lists.offer(i, j, priority);
                        }
                        if (theirs) {
                            lists.offer(j, i, priority);
                        }
                    }
                }
            });
            inParallel(parts, part -> {
                for (int i = (int) ((long) n * part / parts); i < (int) ((long) n * (part + 1) / parts); i++) {
                    for (int slot = i * kk; slot < (i + 1) * kk; slot++) {
                        if (heaps.isFresh(slot) && fresh.contains(i, heaps.index(slot))) {
                            heaps.markOld(slot);
                        }
                    }
                }
            });
        }

        /**
         * Compares each point's new candidates with each other and with its old ones. Points are taken in the
         * order of {@code visit} (leaf order), so consecutive points share candidates whose rows are still in
         * cache: about a tenth less time on Fashion-MNIST than in index order.
         */
        private void localJoin(CandidateLists fresh, CandidateLists old, int[] visit, int from, int to, Updates out) {
            for (int r = from; r < to; r++) {
                int i = visit[r];
                int nf = fresh.count(i);
                int no = old.count(i);
                for (int a = 0; a < nf; a++) {
                    int p = fresh.get(i, a);
                    float tp = heaps.threshold(p);
                    for (int b = a + 1; b < nf; b++) {
                        offer(p, tp, fresh.get(i, b), out);
                    }
                    for (int b = 0; b < no; b++) {
                        int q = old.get(i, b);
                        if (q != p) {
                            offer(p, tp, q, out);
                        }
                    }
                }
            }
        }

        /**
         * Computes d(p, q) and keeps the pair for the heaps if it would enter either. A pair already in both heaps
         * cannot change them and is skipped (common once the graph has settled); a pair in one heap takes the
         * distance kept there (the kernel is symmetric to the bit), which saves about a sixth of the distances.
         */
        private void offer(int p, float tp, int q, Updates out) {
            int inP = heaps.slotOf(p, q);
            int inQ = heaps.slotOf(q, p);
            if (inP >= 0 && inQ >= 0) {
                return;
            }
            float dist = inP >= 0 ? heaps.distance(inP)
                    : inQ >= 0 ? heaps.distance(inQ) : RowKernels.squaredDistance(x, p * d, q * d, d);
            if (dist < tp || dist < heaps.threshold(q)) {
                out.add(p, q, dist);
            }
        }

        /**
         * Applies the tasks' pushes in task order, in parallel over ranges of heaps: every heap receives its pushes
         * in the same order as one thread would apply them all, so the result does not depend on the split.
         */
        private int apply(int tasks) {
            int[] changes = new int[parts];
            inParallel(parts, part -> {
                int from = (int) ((long) n * part / parts);
                int to = (int) ((long) n * (part + 1) / parts);
                for (int b = 0; b < tasks; b++) {
                    changes[part] += updates[b].applyTo(heaps, from, to);
                }
            });
            for (int b = 0; b < tasks; b++) {
                updates[b].size = 0;
            }
            return Arrays.stream(changes).sum();
        }

        /** Runs tasks 0..count-1, on the pool when there is one; returns when all are done. */
        private void inParallel(int count, IntConsumer task) {
            if (pool == null || count == 1) {
                for (int t = 0; t < count; t++) {
                    task.accept(t);
                }
                return;
            }
            List<Callable<Void>> jobs = new ArrayList<>(count);
            for (int t = 0; t < count; t++) {
                int id = t;
                jobs.add(() -> {
                    task.accept(id);
                    return null;
                });
            }
            try {
                for (Future<Void> f : pool.invokeAll(jobs)) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** A random priority for the pair {i, j}, the same in both directions. */
    private static float priority(long roundSeed, int i, int j) {
        long pair = ((long) Math.min(i, j) << 32) | Math.max(i, j);
        return (derive(roundSeed, pair) >>> 40) * 0x1.0p-24f;
    }
}
