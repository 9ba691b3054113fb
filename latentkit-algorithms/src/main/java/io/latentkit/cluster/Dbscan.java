package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.ClusterPredictor;
import io.latentkit.estimator.Clustering;
import io.latentkit.estimator.Estimator;
import io.latentkit.preprocess.L2Normalizer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * DBSCAN (Ester, Kriegel, Sander and Xu, 1996), with scikit-learn's definitions: a point is a core point when at
 * least {@code minSamples} points, itself included, lie within {@code eps} of it; core points within {@code eps} of
 * each other are in the same cluster, with every non-core point within {@code eps} of one of them (border points);
 * everything else is {@link Clustering#NOISE}. Clusters are numbered in the order of their lowest-index core point,
 * and a border point reachable from several clusters joins the lowest-numbered, so labels equal scikit-learn's.
 *
 * <p>Cost: from 4,096 points with at most 16 columns (e.g. a UMAP output) the neighbourhoods come from radius
 * searches in a KD-tree; otherwise from float64 distance tiles on the engine ({@link DistanceTiles}), O(n^2 d) time
 * in GEMMs and O(block x n) memory per tile; the neighbour lists of core points are kept as compact int arrays
 * (CSR), O(n + pairs within eps) memory, which grows towards n^2 when {@code eps} is large relative to the data:
 * choose {@code eps} with {@link KDistance}. Cluster expansion is O(n + pairs). Deterministic, no seed.
 *
 * @param eps        neighbourhood radius, > 0, in the metric's units (cosine: 1 - cosine similarity)
 * @param minSamples points (the point itself included) a neighbourhood needs to make a core point, >= 1
 * @param metric     Euclidean, or cosine (rows are L2-normalised first; an all-zero row stays zero, at cosine
 *                   distance 0.5 from every other row, where scikit-learn says 1)
 */
public record Dbscan(double eps, int minSamples, Metric metric) implements Estimator<Dbscan.Model> {
    public Dbscan {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be >= 1, got " + minSamples);
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric is required");
        }
    }

    /** scikit-learn's defaults: {@code minSamples = 5}, Euclidean. */
    public Dbscan(double eps) {
        this(eps, 5, Metric.EUCLIDEAN);
    }

    public Dbscan withMinSamples(int m) {
        return new Dbscan(eps, m, metric);
    }

    public Dbscan withMetric(Metric m) {
        return new Dbscan(eps, minSamples, m);
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        CoreNeighbors graph = coreNeighbors(space(data, metric).features());
        int[] labels = expand(graph);
        int[] core = graph.coreIndices();
        int nClusters = Arrays.stream(labels).max().orElse(-1) + 1;
        return new Model(eps, metric, x.selectRows(core), core, labels, nClusters);
    }

    /** The points as the metric sees them: for cosine, unit rows, on which squared Euclidean = 2 x cosine distance. */
    private static Dataset space(Dataset data, Metric metric) {
        return metric == Metric.COSINE ? new L2Normalizer().transform(data) : data;
    }

    /** The squared Euclidean radius in {@code space}'s coordinates that equals {@code eps} in the metric. */
    private double squaredRadius() {
        return metric == Metric.COSINE ? 2 * eps : eps * eps;
    }

    /**
     * Core flags and, for core points only, their neighbours other than themselves (CSR: the neighbours of i are
     * {@code columns[start[i] .. start[i+1])}, ascending).
     */
    record CoreNeighbors(boolean[] core, int[] start, int[] columns) {
        int[] coreIndices() {
            return IntStream.range(0, core.length).filter(i -> core[i]).toArray();
        }
    }

    private CoreNeighbors coreNeighbors(Matrix x) {
        if (x.rows() >= MutualReachability.TREE_FROM && x.cols() <= MutualReachability.TREE_MAX_DIMS) {
            return treeNeighbors(x);
        }
        CoreNeighborsBuilder builder = new CoreNeighborsBuilder(x.rows(), squaredRadius(), minSamples);
        DistanceTiles.forEachTile(x, false, builder);
        return builder.build();
    }

    /**
     * The same neighbourhoods from radius searches in a KD-tree (low-dimensional data such as a UMAP output): about
     * O(n log n + neighbours) instead of all n^2 distances. Distances are exact float64 sums, as in the tiles.
     */
    private CoreNeighbors treeNeighbors(Matrix x) {
        int[][] within = KdTree.build(x, metric).withinRadius(eps);
        int n = x.rows();
        boolean[] core = new boolean[n];
        int[] start = new int[n + 1];
        long total = 0;
        for (int i = 0; i < n; i++) {
            // The point itself counts towards minSamples.
            core[i] = within[i].length + 1 >= minSamples;
            total += core[i] ? within[i].length : 0;
        }
        int[] columns = new int[Math.toIntExact(total)];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (core[i]) {
                System.arraycopy(within[i], 0, columns, size, within[i].length);
                size += within[i].length;
            }
            start[i + 1] = size;
        }
        return new CoreNeighbors(core, start, columns);
    }

    /**
     * Reads the tiles in row order. A tile holds whole rows, so each row's neighbour count is known when its tile is
     * read; non-core points never extend a cluster, so only core points' lists are kept.
     */
    private static final class CoreNeighborsBuilder implements DistanceTiles.TileTask {
        private final double squaredRadius;
        private final int minSamples;
        private final boolean[] core;
        private final int[] start;
        private int[] columns;
        private int size;

        CoreNeighborsBuilder(int n, double squaredRadius, int minSamples) {
            this.squaredRadius = squaredRadius;
            this.minSamples = minSamples;
            this.core = new boolean[n];
            this.start = new int[n + 1];
            this.columns = new int[Math.max(16, n)];
        }

        @Override
        public void run(int from, int to, int firstColumn, NDArray squaredDistances) {
            // (row, column) pairs within the radius, row-major, so each row's columns arrive ascending.
            long[] pairs = squaredDistances.lte(squaredRadius).nonzero().toLongArray();
            int p = 0;
            for (int row = from; row < to; row++) {
                int begin = p;
                int others = 0;
                for (; p < pairs.length && pairs[p] + from == row; p += 2) {
                    others += pairs[p + 1] + firstColumn == row ? 0 : 1;
                }
                // The point itself counts whether or not rounding put its own distance within the radius.
                core[row] = others + 1 >= minSamples;
                if (core[row]) {
                    if (size + others > columns.length) {
                        columns = Arrays.copyOf(columns, Math.max(size + others, 2 * columns.length));
                    }
                    for (int q = begin; q < p; q += 2) {
                        int column = (int) pairs[q + 1] + firstColumn;
                        if (column != row) {
                            columns[size++] = column;
                        }
                    }
                }
                start[row + 1] = size;
            }
        }

        CoreNeighbors build() {
            return new CoreNeighbors(core, start, Arrays.copyOf(columns, size));
        }
    }

    /** Grows a cluster from each unlabelled core point in index order, through core points only. */
    private static int[] expand(CoreNeighbors graph) {
        int n = graph.core().length;
        int[] labels = new int[n];
        Arrays.fill(labels, Clustering.NOISE);
        int[] stack = new int[n];
        int cluster = 0;
        for (int seed = 0; seed < n; seed++) {
            if (!graph.core()[seed] || labels[seed] != Clustering.NOISE) {
                continue;
            }
            labels[seed] = cluster;
            int top = 0;
            stack[top++] = seed;
            while (top > 0) {
                int i = stack[--top];
                for (int q = graph.start()[i]; q < graph.start()[i + 1]; q++) {
                    int j = graph.columns()[q];
                    if (labels[j] == Clustering.NOISE) {
                        labels[j] = cluster;
                        if (graph.core()[j]) {
                            stack[top++] = j;
                        }
                    }
                }
            }
            cluster++;
        }
        return labels;
    }

    /**
     * Fitted DBSCAN.
     *
     * @param eps                 the radius it was fitted with
     * @param metric              the metric it was fitted with
     * @param corePoints          the core points (rows of the training data, in index order), for {@link #predict}
     * @param coreSampleIndices   training indices of the core points, ascending
     * @param labels              cluster per training item, or {@link Clustering#NOISE}
     * @param nClusters           number of clusters (noise not counted)
     */
    public record Model(double eps, Metric metric, Matrix corePoints, int[] coreSampleIndices, int[] labels,
                        int nClusters) implements ClusterPredictor {
        @Override
        public int[] labels() {
            return labels.clone();
        }

        public int[] coreSampleIndices() {
            return coreSampleIndices.clone();
        }

        /**
         * Assigns new points the label of their nearest core point when it lies within {@code eps}, else noise: the
         * idea of hdbscan's {@code approximate_predict} (scikit-learn's DBSCAN has no predict). Exact kNN against the
         * core points, O(m x cores x d) time in GEMM tiles. On the training data it gives the fitted labels except
         * for border points within {@code eps} of several clusters, which may go to the nearest one instead.
         */
        @Override
        public int[] predict(Dataset data) {
            if (data.cols() != corePoints.cols()) {
                throw new IllegalArgumentException("fitted on " + corePoints.cols() + " features, got " + data.cols());
            }
            int[] out = new int[data.rows()];
            Arrays.fill(out, Clustering.NOISE);
            if (corePoints.rows() == 0 || data.rows() == 0) {
                return out;
            }
            Neighbors nearest = NearestNeighbors.exact(corePoints, data.features(), 1, metric, false);
            for (int i = 0; i < out.length; i++) {
                if (nearest.distance(i, 0) <= eps) {
                    out[i] = labels[coreSampleIndices[nearest.index(i, 0)]];
                }
            }
            return out;
        }
    }
}
