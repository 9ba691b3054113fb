package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.ClusterPredictor;
import io.latentkit.estimator.Estimator;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Agglomerative (hierarchical) clustering with Euclidean distances, as scikit-learn's AgglomerativeClustering
 * without connectivity constraints: the same merges and merge heights (Ward heights are sqrt(2 x increase in
 * within-cluster sum of squares), as in scipy), cut into {@code nClusters} clusters or at {@code distanceThreshold}.
 *
 * <p>Ward linkage runs the nearest-neighbour chain over cluster centroids and sizes (see {@link WardChain}): no
 * distance matrix, O(n d) memory, and no limit on n beyond time, which grows as n^2 (20,000 items of 50 dimensions take
 * a few seconds). Average and complete linkage run Müllner's generic algorithm with Lance-Williams updates over the
 * distance matrix ("Modern hierarchical, agglomerative clustering algorithms", 2011), in about O(n^2) time after the
 * distance matrix, which is built from float64 GEMM tiles on the engine (O(n^2 d)) and kept whole: n(n-1)/2 doubles,
 * 1.6 GB at 20,000 items. For these two linkages, above {@link #MAX_ITEMS} items, or when the JVM's heap cannot hold
 * the matrix, fitting is refused: cluster a sample, or summarise the data with k-means (say 1,000 centres) and cluster
 * the centres. Single linkage is the minimum spanning tree, for any n, by HDBSCAN's algorithms: from 4,096 items
 * with at most 16 columns (e.g. a UMAP output) by Borůvka over a KD-tree (O(n) memory, about O(n log n) time in few
 * dimensions); otherwise, from 256 items, by Borůvka over 32-nearest-neighbour lists and GEMM scans (O(n (32 + d))
 * memory, O(n^2 d) time for the lists; 10,000 x 784 pixels in 3.4 s against 5.2 s by Prim over the matrix, one
 * thread); below that by Prim over the same matrix.
 * Deterministic, no seed.
 * Where distances tie exactly, average and complete linkage may order tied merges unlike scipy (equally valid trees).
 *
 * @param nClusters         clusters to cut into, >= 1; or 0 to cut at {@code distanceThreshold}
 * @param distanceThreshold merge height at or above which clusters are not merged, >= 0; NaN to cut at
 *                          {@code nClusters}
 * @param linkage           cluster distance
 */
public record Agglomerative(int nClusters, double distanceThreshold, Linkage linkage)
        implements Estimator<Agglomerative.Model> {
    /** The most items average and complete linkage accept: 6.4 GB. */
    public static final int MAX_ITEMS = 40_000;

    public Agglomerative {
        boolean byCount = nClusters >= 1 && Double.isNaN(distanceThreshold);
        boolean byThreshold = nClusters == 0 && distanceThreshold >= 0 && distanceThreshold < Double.POSITIVE_INFINITY;
        if (!byCount && !byThreshold) {
            throw new IllegalArgumentException("give either nClusters >= 1 or a finite distanceThreshold >= 0, got "
                    + "nClusters = " + nClusters + ", distanceThreshold = " + distanceThreshold);
        }
        if (linkage == null) {
            throw new IllegalArgumentException("linkage is required");
        }
    }

    /** Ward linkage cut into {@code nClusters} clusters (scikit-learn's default linkage). */
    public Agglomerative(int nClusters) {
        this(nClusters, Double.NaN, Linkage.WARD);
    }

    /** Cut at a merge height instead of a cluster count. */
    public static Agglomerative belowDistance(double distanceThreshold, Linkage linkage) {
        return new Agglomerative(0, distanceThreshold, linkage);
    }

    public Agglomerative withLinkage(Linkage l) {
        return new Agglomerative(nClusters, distanceThreshold, l);
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        int needed = Math.max(1, nClusters);
        if (n < needed) {
            throw new IllegalArgumentException("agglomerative clustering into " + needed + " clusters needs at least "
                    + needed + " items, got " + n);
        }
        x.requireFinite();
        Dendrogram tree = switch (linkage) {
            case WARD -> WardChain.linkage(x);
            case SINGLE -> singleLinkage(x);
            case AVERAGE, COMPLETE -> genericLinkage(condensedDistances(x), n);
        };
        int k = nClusters > 0 ? nClusters : tree.clustersBelow(distanceThreshold);
        return new Model(linkage, tree, tree.cut(k), k, x);
    }

    /** Bytes of the condensed distance matrix of n items. */
    private static long matrixBytes(int n) {
        return (long) Double.BYTES * n * (n - 1) / 2;
    }

    /** Whether the distance matrix of n items is within {@link #MAX_ITEMS} and the JVM's heap. */
    private static boolean matrixFits(int n) {
        return n <= MAX_ITEMS && matrixBytes(n) <= Runtime.getRuntime().maxMemory();
    }

    /** The upper triangle of the Euclidean distance matrix, row by row (scipy's condensed layout). */
    private static double[] condensedDistances(Matrix x) {
        int n = x.rows();
        long bytes = matrixBytes(n);
        if (!matrixFits(n)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "agglomerative clustering keeps "
                    + "all pairwise distances: %,d items need %.1f GB (limit: %,d items and the JVM heap, %.1f GB); "
                    + "cluster a sample, or cluster k-means centres of the data", n, bytes / 1e9, MAX_ITEMS,
                    Runtime.getRuntime().maxMemory() / 1e9));
        }
        double[] out = new double[(int) (bytes / Double.BYTES)];
        DistanceTiles.forEachTile(x, true, (from, to, firstColumn, squared) -> {
            double[] tile = squared.toDoubleArray();
            int width = n - firstColumn;
            for (int row = from; row < to; row++) {
                int rightOfDiagonal = (row - from) * width + row + 1 - firstColumn;
                int at = index(n, row, row + 1);
                for (int j = 0; j < n - row - 1; j++) {
                    out[at + j] = Math.sqrt(Math.max(0, tile[rightOfDiagonal + j]));
                }
            }
        });
        return out;
    }

    /** Position of the pair (i, j), i < j, in the condensed matrix. */
    private static int index(int n, int i, int j) {
        return (int) ((long) n * i - (long) i * (i + 1) / 2 + j - i - 1);
    }

    /** Row offsets of the condensed matrix: the pair (i, j), i < j, sits at {@code start[i] + j}. */
    private static int[] rowStarts(int n) {
        int[] start = new int[n];
        for (int i = 0; i < n; i++) {
            start[i] = index(n, i, i + 1) - i - 1;
        }
        return start;
    }

    /**
     * Müllner's generic algorithm (2011, figure 3, with fastcluster's lazy updates): each cluster keeps its nearest
     * neighbour among higher slots and that distance in a heap, and the heap's smallest pair is merged. A merged cluster
     * takes the higher slot of its two parts (slot s is its row and column in the matrix, named after an item in it).
     * Merging can only lengthen the distances to the merged clusters (the new one is a mean or maximum of the two), so a
     * neighbour that merged leaves a lower bound behind, and a row is rescanned only when such a bound reaches the top
     * of the heap. Rescans read rows, which lie contiguous in the condensed matrix; only the update after a merge reads
     * columns, one element per row, where the nearest-neighbour chain reads a column in most of its searches too: these
     * scattered reads dominate, and avoiding them halves the time at 20,000 items. With distinct distances it makes the
     * chain's merges; ties go to the lowest slot. Overwrites d.
     */
    private Dendrogram genericLinkage(double[] d, int n) {
        int[] start = rowStarts(n);
        int[] live = IntStream.range(0, n).toArray();
        int liveCount = n;
        int[] nearest = new int[n];
        double[] bound = new double[n];
        for (int x = 0; x < n; x++) {
            bound[x] = nearestAbove(d, start, live, x + 1, liveCount, x, nearest);
        }
        IndexedMinHeap heap = new IndexedMinHeap(bound);
        double[] size = new double[n];
        Arrays.fill(size, 1);
        int[] itemA = new int[n - 1];
        int[] itemB = new int[n - 1];
        double[] height = new double[n - 1];
        for (int m = 0; m < n - 1; m++) {
            int a = heap.top();
            while (bound[a] < d[start[a] + nearest[a]]) {
                bound[a] = nearestAbove(d, start, live, Arrays.binarySearch(live, 0, liveCount, a) + 1, liveCount, a,
                        nearest);
                heap.set(a, bound[a]);
                a = heap.top();
            }
            int b = nearest[a];
            itemA[m] = a;
            itemB[m] = b;
            height[m] = bound[a];
            heap.remove(a);
            int aAt = Arrays.binarySearch(live, 0, liveCount, a);
            int bAt = Arrays.binarySearch(live, aAt + 1, liveCount, b);
            double sa = size[a];
            double sb = size[b];
            for (int j = 0; j < aAt; j++) {
                int x = live[j];
                int r = start[x];
                double v = update(d[r + a], d[r + b], sa, sb);
                d[r + b] = v;
                if (nearest[x] == a) {
                    nearest[x] = b;
                }
                lowerBound(x, v, b, bound, nearest, heap);
            }
            int aRow = start[a];
            for (int j = aAt + 1; j < bAt; j++) {
                int x = live[j];
                int r = start[x];
                double v = update(d[aRow + x], d[r + b], sa, sb);
                d[r + b] = v;
                lowerBound(x, v, b, bound, nearest, heap);
            }
            int bRow = start[b];
            double nearestToB = Double.POSITIVE_INFINITY;
            for (int j = bAt + 1; j < liveCount; j++) {
                int x = live[j];
                double v = update(d[aRow + x], d[bRow + x], sa, sb);
                d[bRow + x] = v;
                if (v < nearestToB) {
                    nearestToB = v;
                    nearest[b] = x;
                }
            }
            bound[b] = nearestToB;
            heap.set(b, nearestToB);
            size[b] = sa + sb;
            System.arraycopy(live, aAt + 1, live, aAt, --liveCount - aAt);
        }
        return Dendrogram.fromMerges(n, itemA, itemB, height);
    }

    /**
     * The distance from slot x to the nearest of the live slots {@code live[from..to)} (all above x), its slot stored
     * in {@code nearest[x]} (the first on ties); infinity if there are none.
     */
    private static double nearestAbove(double[] d, int[] start, int[] live, int from, int to, int x, int[] nearest) {
        int row = start[x];
        double best = Double.POSITIVE_INFINITY;
        for (int j = from; j < to; j++) {
            double v = d[row + live[j]];
            if (v < best) {
                best = v;
                nearest[x] = live[j];
            }
        }
        return best;
    }

    /** A new distance v from x to slot b below x's bound makes b its nearest neighbour, exactly. */
    private static void lowerBound(int x, double v, int b, double[] bound, int[] nearest, IndexedMinHeap heap) {
        if (v < bound[x]) {
            bound[x] = v;
            nearest[x] = b;
            heap.set(x, v);
        }
    }

    /**
     * Lance-Williams: the distance from a cluster x to the union of clusters a and b (sizes sa and sb), from their
     * distances to x before the merge.
     */
    private double update(double dax, double dbx, double sa, double sb) {
        return switch (linkage) {
            case AVERAGE -> (sa * dax + sb * dbx) / (sa + sb);
            case COMPLETE -> Math.max(dax, dbx);
            case WARD, SINGLE -> throw new IllegalStateException(linkage + " linkage does not update a matrix");
        };
    }

    /**
     * Single linkage: the merges are the edges of the Euclidean minimum spanning tree. With every core distance zero,
     * mutual reachability is plain distance, so HDBSCAN's spanning trees serve: Borůvka over a KD-tree for many
     * low-dimensional items; else, from {@value Hdbscan#TILED_FROM} items on, Borůvka over neighbour lists and
     * GEMM scans, in O(n (k + d)) memory (20,000 x 50: 2.8 s, against 13.7 s for Prim over the matrix, one thread);
     * for fewer, Prim over the matrix.
     */
    private static Dendrogram singleLinkage(Matrix x) {
        int n = x.rows();
        MutualReachability space = new MutualReachability(x, Metric.EUCLIDEAN);
        if (space.suitsTree()) {
            return space.boruvka(space.cores(1)).hierarchy();
        }
        if (n >= Hdbscan.TILED_FROM) {
            return space.tiledBoruvka(space.cores(1, TiledBoruvka.LISTED)).hierarchy();
        }
        return minimumSpanningTree(condensedDistances(x), n);
    }

    /**
     * Single linkage's tree by Prim over the distance matrix (O(n^2) time, O(n) extra). Each step
     * scans the items outside the tree in order, in two tight loops: the row of the newest tree item, contiguous in the
     * condensed matrix, and its column, one element per row.
     */
    private static Dendrogram minimumSpanningTree(double[] d, int n) {
        int[] start = rowStarts(n);
        int[] outside = IntStream.range(1, n).toArray();
        int outsideCount = n - 1;
        double[] reach = new double[n];
        int[] via = new int[n];
        Arrays.fill(reach, Double.POSITIVE_INFINITY);
        int[] itemA = new int[n - 1];
        int[] itemB = new int[n - 1];
        double[] height = new double[n - 1];
        int current = 0;
        for (int m = 0; m < n - 1; m++) {
            int split = -Arrays.binarySearch(outside, 0, outsideCount, current) - 1;
            int next = -1;
            for (int j = 0; j < split; j++) {
                int x = outside[j];
                next = relax(x, d[start[x] + current], current, reach, via, next);
            }
            int row = start[current];
            for (int j = split; j < outsideCount; j++) {
                int x = outside[j];
                next = relax(x, d[row + x], current, reach, via, next);
            }
            itemA[m] = via[next];
            itemB[m] = next;
            height[m] = reach[next];
            int at = Arrays.binarySearch(outside, 0, outsideCount, next);
            System.arraycopy(outside, at + 1, outside, at, --outsideCount - at);
            current = next;
        }
        return Dendrogram.fromMerges(n, itemA, itemB, height);
    }

    /** Prim's step for item x at distance dx from the newest tree item: returns the nearer of x and {@code next}. */
    private static int relax(int x, double dx, int current, double[] reach, int[] via, int next) {
        if (dx < reach[x]) {
            reach[x] = dx;
            via[x] = current;
        }
        return next < 0 || reach[x] < reach[next] ? x : next;
    }

    /**
     * Fitted agglomerative clustering.
     *
     * @param linkage   the linkage it was fitted with
     * @param tree      every merge, for dendrograms; cut it elsewhere with {@link Dendrogram#cut}
     * @param labels    cluster per training item, numbered by first appearance (see {@link Dendrogram#cut})
     * @param nClusters number of clusters
     * @param items     the training items, which {@link #predict} compares new items with
     */
    public record Model(Linkage linkage, Dendrogram tree, int[] labels, int nClusters, Matrix items)
            implements ClusterPredictor {
        @Override
        public int[] labels() {
            return labels.clone();
        }

        /**
         * The cluster of the nearest training item (scikit-learn has no predict for this estimator; this rule fits
         * every linkage and gives the fitted labels on the training data). Exact kNN in GEMM tiles, O(m n d) time.
         */
        @Override
        public int[] predict(Dataset data) {
            if (data.cols() != items.cols()) {
                throw new IllegalArgumentException("fitted on " + items.cols() + " features, got " + data.cols());
            }
            if (data.rows() == 0) {
                return new int[0];
            }
            Neighbors nearest = NearestNeighbors.exact(items, data.features(), 1, Metric.EUCLIDEAN, false);
            int[] out = new int[data.rows()];
            for (int i = 0; i < out.length; i++) {
                out[i] = labels[nearest.index(i, 0)];
            }
            return out;
        }
    }
}
