package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.ClusterPredictor;
import io.latentkit.estimator.Clustering;
import io.latentkit.estimator.Estimator;
import java.util.Locale;

/**
 * HDBSCAN: hierarchical density-based clustering (Campello, Moulavi and Sander, 2013; Campello, Moulavi, Zimek and
 * Sander, 2015), with the hdbscan library's parameters (McInnes, Healy and Astels, 2017). It builds the single-linkage
 * hierarchy of the mutual reachability distance max(core(a), core(b), d(a, b)), condenses it into a tree of clusters
 * of at least {@code minClusterSize} points, and selects the most stable clusters; the rest is
 * {@link Clustering#NOISE}. Unlike DBSCAN there is no radius to choose, and clusters of different densities are found
 * together.
 *
 * <p>Every point also gets a membership probability (how long it stays in its cluster as the density threshold
 * rises, relative to the cluster's densest point; 0 for noise) and a GLOSH outlier score in [0, 1] (Campello et al.,
 * 2015: 1 - the density at which the point leaves relative to the highest density in its cluster's subtree).
 *
 * <p>Cost: memory O(n (minSamples + d)), never an n x n matrix. The minimum spanning tree of the mutual reachability
 * graph is exact whichever of three algorithms builds it ({@code algorithm}; all give the same tree, ties included, so
 * the same result):
 * <ul>
 *   <li>Borůvka over neighbour lists and GEMM scans ({@link Algorithm#TILED}), for any number of columns: each point
 *       keeps its 32 nearest neighbours from the core-distance search, which settle most points' lightest edges while
 *       their components are small; the rest are found by scans of all points as float32 GEMM tiles on the engine,
 *       with a proven rounding bound and the candidates recomputed in float64, and only for points whose lower bound
 *       can still beat their component's best edge. O(n (32 + d)) memory. PCA-50 of Fashion-MNIST, min_samples 10,
 *       2 threads: 20,000 points in 2.6 s (Prim: 5.6 s), 70,000 in 10 s (Prim: 61 s, one thread); 784 pixels:
 *       10,000 in 2.6 s (Prim: 8.0 s), 20,000 in 5.2 s (Prim: 30 s). The core-distance search now dominates.</li>
 *   <li>Prim's algorithm, each point's distance row computed in Java, in float64, when it joins the tree: O(n^2 d)
 *       time, O(n) memory. A lower bound from 8 principal coordinates spares many full distances on many
 *       columns.</li>
 *   <li>Borůvka over a KD-tree with core-distance pruning (McInnes and Healy, 2017), in parallel: near
 *       O(n log n) per round in 2 or 3 dimensions, more as the data's intrinsic dimension grows, since the
 *       KD-tree prunes less. 10^6 points of a mixture of 10 Gaussians took 8 CPU-seconds in 2-d and 300 in 10-d.</li>
 * </ul>
 * {@link Algorithm#AUTO} takes the KD-tree's Borůvka from {@value MutualReachability#TREE_FROM} points on when there
 * are at most {@value MutualReachability#TREE_MAX_DIMS} columns, else the tiled Borůvka from {@value #TILED_FROM}
 * points on (it was faster at every size measured, from 300 points: 300 x 784 in 0.03 s against 0.11 s), else Prim.
 * Core distances are exact too: by the KD-tree under the same conditions, else by exact kNN scans of GEMM tiles
 * (O(n^2 d) time, O(n x 32) memory, candidates within the rounding bound recomputed in float64). The condensed tree
 * and the selection take O(n log n). Deterministic, no seed; the same result at any thread count (float64 distances
 * computed in Java in a fixed order, and parallel searches whose outcome does not depend on their timing). For much
 * larger or high-dimensional data, cluster a sample and assign the rest with {@link Model#approximatePredict}.
 *
 * <p>Choosing parameters, as in hdbscan's documentation: {@code minClusterSize} is the smallest grouping that counts
 * as a cluster; too small gives many tiny clusters, too large merges real ones or leaves everything noise. A larger
 * {@code minSamples} makes the clustering more conservative: more points are noise and clusters shrink to denser
 * regions. EOM tends to pick a few large clusters (and may swallow small ones in a stable parent); leaf selection
 * gives many small, homogeneous clusters and more noise. When EOM splits what should be one cluster into
 * micro-clusters, {@code clusterSelectionEpsilon} merges everything closer than it. Many exactly duplicated points
 * (at least {@code minSamples}) have core distance 0, so their lambdas are infinite; they stay in their cluster.
 *
 * <p>Core distance: the distance to the {@code minSamples}-th nearest point, the point itself counted, as the papers
 * define it (and scikit-learn's HDBSCAN and this library's DBSCAN count). The hdbscan library's code leaves the
 * point out (its issue #437), so its {@code min_samples = m} corresponds to {@code minSamples = m + 1} here.
 *
 * @param minClusterSize          smallest group of points that counts as a cluster, >= 2 (hdbscan's default: 5)
 * @param minSamples              the k of the core distance (the point itself counted), >= 1; -1 means
 *                                {@code minClusterSize}. Fitting needs at least this many points, and at least 2
 * @param clusterSelectionMethod  excess of mass (hdbscan's default) or leaf
 * @param clusterSelectionEpsilon a distance, >= 0: clusters born below it are merged into their ancestor alive at
 *                                this distance (Malzer and Baum, 2019), so no cluster is split finer than epsilon;
 *                                0 (default) turns it off
 * @param metric                  Euclidean, or cosine (rows are L2-normalised first; 1 - cosine similarity)
 * @param allowSingleCluster      whether the root (all points in one cluster) may be selected; when it is, every
 *                                point is in cluster 0 (hdbscan instead labels part of the root's points noise)
 * @param algorithm               how the minimum spanning tree is built: Prim, Borůvka over a KD-tree, Borůvka
 *                                over GEMM scans (tiled), or chosen by size and dimension (auto, the default);
 *                                the result is the same
 */
public record Hdbscan(int minClusterSize, int minSamples, SelectionMethod clusterSelectionMethod,
                      double clusterSelectionEpsilon, Metric metric, boolean allowSingleCluster, Algorithm algorithm)
        implements Estimator<Hdbscan.Model> {
    /** Fewest points for which {@link Algorithm#AUTO} takes the tiled Borůvka over Prim (where no KD-tree suits). */
    static final int TILED_FROM = 256;

    /** How clusters are chosen from the condensed tree. */
    public enum SelectionMethod {
        /** Excess of mass: the set of non-overlapping clusters of greatest total stability. */
        EOM,
        /** The leaves of the condensed tree: the smallest, most homogeneous clusters. */
        LEAF;

        public static SelectionMethod parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "eom" -> EOM;
                case "leaf" -> LEAF;
                default -> throw new IllegalArgumentException("unknown cluster selection method '" + name
                        + "' (known: eom, leaf)");
            };
        }
    }

    /** How the minimum spanning tree of the mutual reachability graph is built; every choice gives the same tree. */
    public enum Algorithm {
        /** Borůvka over a KD-tree for many low-dimensional points, else the tiled Borůvka, else (few points) Prim. */
        AUTO,
        /** Prim's algorithm over all pairs, O(n^2 d). */
        PRIM,
        /** Borůvka's algorithm over a KD-tree. */
        BORUVKA,
        /** Borůvka's algorithm over neighbour lists and scans of all points as GEMM tiles. */
        TILED;

        public static Algorithm parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "prim" -> PRIM;
                case "boruvka" -> BORUVKA;
                case "tiled" -> TILED;
                default -> throw new IllegalArgumentException("unknown algorithm '" + name
                        + "' (known: auto, prim, boruvka, tiled)");
            };
        }
    }

    public Hdbscan {
        if (minClusterSize < 2) {
            throw new IllegalArgumentException("minClusterSize must be >= 2, got " + minClusterSize);
        }
        if (minSamples < 1 && minSamples != -1) {
            throw new IllegalArgumentException("minSamples must be >= 1, or -1 for minClusterSize, got " + minSamples);
        }
        if (clusterSelectionMethod == null || metric == null || algorithm == null) {
            throw new IllegalArgumentException("clusterSelectionMethod, metric and algorithm are required");
        }
        if (!(clusterSelectionEpsilon >= 0) || Double.isInfinite(clusterSelectionEpsilon)) {
            throw new IllegalArgumentException("clusterSelectionEpsilon must be a finite number >= 0, got "
                    + clusterSelectionEpsilon);
        }
    }

    /**
     * hdbscan's defaults but {@code minClusterSize}: minSamples = minClusterSize, EOM, no epsilon, Euclidean, no
     * single cluster, automatic algorithm.
     */
    public Hdbscan(int minClusterSize) {
        this(minClusterSize, -1, SelectionMethod.EOM, 0, Metric.EUCLIDEAN, false, Algorithm.AUTO);
    }

    public Hdbscan withMinSamples(int m) {
        return new Hdbscan(minClusterSize, m, clusterSelectionMethod, clusterSelectionEpsilon, metric,
                allowSingleCluster, algorithm);
    }

    public Hdbscan withClusterSelectionMethod(SelectionMethod s) {
        return new Hdbscan(minClusterSize, minSamples, s, clusterSelectionEpsilon, metric, allowSingleCluster,
                algorithm);
    }

    public Hdbscan withClusterSelectionEpsilon(double e) {
        return new Hdbscan(minClusterSize, minSamples, clusterSelectionMethod, e, metric, allowSingleCluster,
                algorithm);
    }

    public Hdbscan withMetric(Metric m) {
        return new Hdbscan(minClusterSize, minSamples, clusterSelectionMethod, clusterSelectionEpsilon, m,
                allowSingleCluster, algorithm);
    }

    public Hdbscan withAllowSingleCluster(boolean a) {
        return new Hdbscan(minClusterSize, minSamples, clusterSelectionMethod, clusterSelectionEpsilon, metric, a,
                algorithm);
    }

    public Hdbscan withAlgorithm(Algorithm a) {
        return new Hdbscan(minClusterSize, minSamples, clusterSelectionMethod, clusterSelectionEpsilon, metric,
                allowSingleCluster, a);
    }

    /** The minSamples in effect. */
    public int effectiveMinSamples() {
        return minSamples == -1 ? minClusterSize : minSamples;
    }

    @Override
    public Model fit(Dataset data) {
        int k = effectiveMinSamples();
        if (data.rows() < Math.max(2, k)) {
            throw new IllegalArgumentException("HDBSCAN with minSamples = " + k + " needs at least " + Math.max(2, k)
                    + " items, got " + data.rows());
        }
        data.features().requireFinite();
        Matrix points = MutualReachability.space(data.features(), metric);
        MutualReachability space = new MutualReachability(points, metric);
        // Lists as long as the tiled Borůvka wants wherever the tiles search them, whatever the algorithm, so that
        // the core distances never depend on it.
        MutualReachability.Cores cores = space.cores(k, space.suitsTree() ? k : TiledBoruvka.LISTED);
        Algorithm chosen = algorithm != Algorithm.AUTO ? algorithm
                : space.suitsTree() ? Algorithm.BORUVKA
                : data.rows() >= TILED_FROM ? Algorithm.TILED : Algorithm.PRIM;
        MutualReachability.SpanningTree mst = switch (chosen) {
            case PRIM, AUTO -> space.prim(cores.distances());
            case BORUVKA -> space.boruvka(cores);
            case TILED -> space.tiledBoruvka(cores);
        };
        HdbscanTree tree = HdbscanTree.condense(mst.hierarchy(), minClusterSize);
        int[] selected = tree.select(clusterSelectionMethod, clusterSelectionEpsilon, allowSingleCluster);
        return Model.of(k, metric, points, cores.distances(), tree, selected);
    }

    /**
     * Labels, membership probabilities and outlier scores of new points.
     *
     * @param labels        cluster per point, or {@link Clustering#NOISE}
     * @param probabilities membership probability per point, 0 for noise
     * @param outlierScores GLOSH outlier score per point, in [0, 1]
     */
    public record Prediction(int[] labels, double[] probabilities, double[] outlierScores) {
        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }

        @Override
        public double[] outlierScores() {
            return outlierScores.clone();
        }
    }

    /**
     * Fitted HDBSCAN.
     *
     * @param minSamples          the minSamples in effect
     * @param metric              the metric it was fitted with
     * @param points              the training points as the metric sees them (cosine: L2-normalised), for prediction
     * @param coreDistances       core distance per training point
     * @param condensedTree       the condensed tree (hdbscan's {@code condensed_tree_})
     * @param selectedClusters    ids in the condensed tree of the selected clusters, ascending; label i is cluster
     *                            {@code selectedClusters[i]}
     * @param labels              cluster per training point, or {@link Clustering#NOISE}
     * @param probabilities       membership probability per training point (hdbscan's {@code probabilities_})
     * @param outlierScores       GLOSH outlier score per training point (hdbscan's {@code outlier_scores_})
     */
    public record Model(int minSamples, Metric metric, Matrix points, double[] coreDistances,
                        HdbscanTree condensedTree, int[] selectedClusters, int[] labels, double[] probabilities,
                        double[] outlierScores) implements ClusterPredictor {
        /** A model whose labels, probabilities and outlier scores follow from its tree and selected clusters. */
        public static Model of(int minSamples, Metric metric, Matrix points, double[] coreDistances,
                               HdbscanTree condensedTree, int[] selectedClusters) {
            HdbscanMembership m = new HdbscanMembership(condensedTree, selectedClusters);
            return new Model(minSamples, metric, points, coreDistances, condensedTree, selectedClusters,
                    m.labels(), m.probabilities(), m.outlierScores());
        }

        @Override
        public int nClusters() {
            return selectedClusters.length;
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public double[] coreDistances() {
            return coreDistances.clone();
        }

        @Override
        public int[] selectedClusters() {
            return selectedClusters.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }

        @Override
        public double[] outlierScores() {
            return outlierScores.clone();
        }

        /**
         * Labels new points as hdbscan's {@code approximate_predict} does, without refitting: a point's core distance
         * is the distance to its {@code minSamples}-th nearest training point, and among its 2 x minSamples nearest
         * training points it joins the one at the smallest mutual reachability distance, at lambda = 1 / that
         * distance: it gets that point's cluster at that lambda (or where that point fell out, if it had already),
         * and noise when that cluster lies in no selected cluster. Never a label absent from the fit. Its outlier
         * score is GLOSH's in the cluster that point fell out of, at the lambda it joined (hdbscan's
         * {@code approximate_predict_scores}). On the training points it gives their fitted labels, probabilities
         * and outlier scores (but for exact duplicates).
         *
         * <p>Cost: exact kNN against the training points, O(m x minSamples) memory; O(m log n) time by a KD-tree
         * when the fit's points suit one (see {@link Hdbscan}), else O(m n d) in GEMM tiles.
         */
        public Prediction approximatePredict(Dataset data) {
            if (data.cols() != points.cols()) {
                throw new IllegalArgumentException("fitted on " + points.cols() + " features, got " + data.cols());
            }
            int m = data.rows();
            int[] out = new int[m];
            double[] probability = new double[m];
            double[] outlier = new double[m];
            if (m == 0) {
                return new Prediction(out, probability, outlier);
            }
            data.features().requireFinite();
            Matrix queries = MutualReachability.space(data.features(), metric);
            MutualReachability space = new MutualReachability(points, metric);
            int k = Math.min(points.rows(), 2 * minSamples);
            MutualReachability.Nearest nearest = space.nearest(queries, k, false);
            HdbscanMembership membership = new HdbscanMembership(condensedTree, selectedClusters);
            for (int q = 0; q < m; q++) {
                double core = nearest.distance(q, minSamples - 1);
                int best = -1;
                double bestReach = Double.POSITIVE_INFINITY;
                for (int r = 0; r < k; r++) {
                    int j = nearest.index(q, r);
                    double reach = Math.max(Math.max(core, coreDistances[j]), nearest.distance(q, r));
                    if (reach < bestReach) {
                        bestReach = reach;
                        best = j;
                    }
                }
                HdbscanMembership.Attachment a = membership.attach(best,
                        bestReach > 0 ? 1 / bestReach : Double.POSITIVE_INFINITY);
                out[q] = a.label();
                probability[q] = a.probability();
                outlier[q] = a.outlierScore();
            }
            return new Prediction(out, probability, outlier);
        }

        /** The labels of {@link #approximatePredict}. */
        @Override
        public int[] predict(Dataset data) {
            return approximatePredict(data).labels;
        }
    }
}
