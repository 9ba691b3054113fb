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

/**
 * Agglomerative (hierarchical) clustering with Euclidean distances, as scikit-learn's AgglomerativeClustering
 * without connectivity constraints: the same merges and merge heights (Ward heights are sqrt(2 x increase in
 * within-cluster sum of squares), as in scipy), cut into {@code nClusters} clusters or at {@code distanceThreshold}.
 *
 * <p>Ward linkage runs the nearest-neighbour chain over cluster centroids and sizes (see {@link WardChain}): no
 * distance matrix, O(n d) memory, and no limit on n beyond time, which grows as n^2 (20,000 items of 50 dimensions take
 * a few seconds). Average and complete linkage run the nearest-neighbour chain with Lance-Williams updates over the
 * distance matrix (Müllner, "Modern hierarchical, agglomerative clustering algorithms", 2011); single linkage is the
 * minimum spanning tree, by Prim's algorithm. Both take O(n^2) time after the distance matrix, which is built from
 * float64 GEMM tiles on the engine (O(n^2 d)), and both keep it whole: n(n-1)/2 doubles, 1.6 GB at 20,000 items. For
 * these linkages, above {@link #MAX_ITEMS} items, or when the JVM's heap cannot hold the matrix, fitting is refused:
 * cluster a sample, or summarise the data with k-means (say 1,000 centres) and cluster the centres. Deterministic, no
 * seed.
 *
 * @param nClusters         clusters to cut into, >= 1; or 0 to cut at {@code distanceThreshold}
 * @param distanceThreshold merge height at or above which clusters are not merged, >= 0; NaN to cut at
 *                          {@code nClusters}
 * @param linkage           cluster distance
 */
public record Agglomerative(int nClusters, double distanceThreshold, Linkage linkage)
        implements Estimator<Agglomerative.Model> {
    /** The most items fitting accepts for average, complete and single linkage: their distance matrix takes 6.4 GB. */
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
        long bad = x.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException("row " + bad / x.cols() + " holds a NaN or infinite value");
        }
        Dendrogram tree = switch (linkage) {
            case WARD -> WardChain.linkage(x);
            case SINGLE -> minimumSpanningTree(condensedDistances(x), n);
            case AVERAGE, COMPLETE -> nearestNeighbourChain(condensedDistances(x), n);
        };
        int k = nClusters > 0 ? nClusters : tree.clustersBelow(distanceThreshold);
        return new Model(linkage, tree, tree.cut(k), k, x);
    }

    /** The upper triangle of the Euclidean distance matrix, row by row (scipy's condensed layout). */
    private static double[] condensedDistances(Matrix x) {
        int n = x.rows();
        long bytes = (long) Double.BYTES * n * (n - 1) / 2;
        if (n > MAX_ITEMS || bytes > Runtime.getRuntime().maxMemory()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "agglomerative clustering keeps "
                    + "all pairwise distances: %,d items need %.1f GB (limit: %,d items and the JVM heap, %.1f GB); "
                    + "cluster a sample, or cluster k-means centres of the data", n, bytes / 1e9, MAX_ITEMS,
                    Runtime.getRuntime().maxMemory() / 1e9));
        }
        double[] out = new double[(int) (bytes / Double.BYTES)];
        DistanceTiles.forEachTile(x, true, (from, to, firstColumn, squared) -> {
            double[] tile = squared.maximum(0).sqrt().toDoubleArray();
            int width = n - firstColumn;
            for (int row = from; row < to; row++) {
                int rightOfDiagonal = (row - from) * width + row + 1 - firstColumn;
                System.arraycopy(tile, rightOfDiagonal, out, index(n, row, row + 1), n - row - 1);
            }
        });
        return out;
    }

    /** Position of the pair (i, j), i < j, in the condensed matrix. */
    private static int index(int n, int i, int j) {
        return (int) ((long) n * i - (long) i * (i + 1) / 2 + j - i - 1);
    }

    private static double get(double[] d, int n, int i, int j) {
        return i < j ? d[index(n, i, j)] : d[index(n, j, i)];
    }

    private static void set(double[] d, int n, int i, int j, double v) {
        d[i < j ? index(n, i, j) : index(n, j, i)] = v;
    }

    /**
     * NN-chain: follow nearest neighbours from any cluster until two clusters are each other's nearest, merge them,
     * and continue from the rest of the chain (still valid, since these linkages are reducible). A merged cluster
     * lives in the slot of one of its two parts; slot s always holds the cluster containing item s. Overwrites d.
     */
    private Dendrogram nearestNeighbourChain(double[] d, int n) {
        boolean[] active = new boolean[n];
        Arrays.fill(active, true);
        int[] size = new int[n];
        Arrays.fill(size, 1);
        int[] chain = new int[n];
        int length = 0;
        int firstActive = 0;
        int[] itemA = new int[n - 1];
        int[] itemB = new int[n - 1];
        double[] height = new double[n - 1];
        for (int m = 0; m < n - 1; m++) {
            if (length == 0) {
                while (!active[firstActive]) {
                    firstActive++;
                }
                chain[length++] = firstActive;
            }
            int a;
            int b;
            double dab;
            while (true) {
                a = chain[length - 1];
                b = length >= 2 ? chain[length - 2] : -1;
                dab = b >= 0 ? get(d, n, a, b) : Double.POSITIVE_INFINITY;
                int nearest = b; // on ties the previous link wins, so the chain cannot cycle
                for (int x = 0; x < n; x++) {
                    if (active[x] && x != a) {
                        double dx = get(d, n, a, x);
                        if (dx < dab) {
                            dab = dx;
                            nearest = x;
                        }
                    }
                }
                if (nearest == b) {
                    break;
                }
                chain[length++] = nearest;
            }
            length -= 2;
            itemA[m] = a;
            itemB[m] = b;
            height[m] = dab;
            for (int x = 0; x < n; x++) {
                if (active[x] && x != a && x != b) {
                    set(d, n, b, x, update(get(d, n, a, x), get(d, n, b, x), dab, size[a], size[b], size[x]));
                }
            }
            active[a] = false;
            size[b] += size[a];
        }
        return Dendrogram.fromMerges(n, itemA, itemB, height);
    }

    /** Lance-Williams: the distance from cluster x to the union of a and b, from the distances before the merge. */
    private double update(double dax, double dbx, double dab, int sa, int sb, int sx) {
        return switch (linkage) {
            case WARD -> Math.sqrt(Math.max(0,
                    ((sa + sx) * dax * dax + (sb + sx) * dbx * dbx - sx * dab * dab) / (sa + sb + sx)));
            case AVERAGE -> (sa * dax + sb * dbx) / (sa + sb);
            case COMPLETE -> Math.max(dax, dbx);
            case SINGLE -> throw new IllegalStateException("single linkage is built from the minimum spanning tree");
        };
    }

    /** Single linkage: the edges of the minimum spanning tree (Prim, O(n^2) time, O(n) extra) are its merges. */
    private static Dendrogram minimumSpanningTree(double[] d, int n) {
        boolean[] inTree = new boolean[n];
        double[] reach = new double[n];
        int[] via = new int[n];
        Arrays.fill(reach, Double.POSITIVE_INFINITY);
        int[] itemA = new int[n - 1];
        int[] itemB = new int[n - 1];
        double[] height = new double[n - 1];
        int current = 0;
        inTree[0] = true;
        for (int m = 0; m < n - 1; m++) {
            int next = -1;
            for (int x = 0; x < n; x++) {
                if (inTree[x]) {
                    continue;
                }
                double dx = get(d, n, current, x);
                if (dx < reach[x]) {
                    reach[x] = dx;
                    via[x] = current;
                }
                if (next < 0 || reach[x] < reach[next]) {
                    next = x;
                }
            }
            itemA[m] = via[next];
            itemB[m] = next;
            height[m] = reach[next];
            inTree[next] = true;
            current = next;
        }
        return Dendrogram.fromMerges(n, itemA, itemB, height);
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
