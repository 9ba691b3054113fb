package io.latentkit.app.step;

import io.latentkit.app.params.Param;
import io.latentkit.cluster.Agglomerative;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.Dbscan;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.cluster.Hdbscan;
import io.latentkit.cluster.KDistance;
import io.latentkit.cluster.KMeans;
import io.latentkit.cluster.Linkage;
import io.latentkit.cluster.MiniBatchKMeans;
import io.latentkit.compute.Metric;
import io.latentkit.data.Dataset;
import io.latentkit.preprocess.L2Normalizer;
import io.latentkit.preprocess.MinMaxScaler;
import io.latentkit.preprocess.StandardScaler;
import io.latentkit.reduce.Pca;
import io.latentkit.reduce.Tsne;
import io.latentkit.reduce.Umap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of step methods a pipeline can name. Adding a method is one {@code register} line here:
 * its parameters (with defaults and ranges) drive config validation, defaults in run.json and the cache key.
 */
public final class StepTypes {
    /** The parameter every seeded method declares; absent means "the pipeline seed". */
    public static final String SEED = "seed";

    private static final Map<String, TransformType> TRANSFORMS = new LinkedHashMap<>();
    private static final Map<String, ClustererType> CLUSTERERS = new LinkedHashMap<>();

    static {
        register(new TransformType(StepKind.SCALE, "standard", List.of(
                Param.bool("with_mean", true), Param.bool("with_std", true)),
                p -> new StandardScaler(p.bool("with_mean"), p.bool("with_std"))));
        register(new TransformType(StepKind.SCALE, "minmax", List.of(
                Param.real("min", 0, Double.NEGATIVE_INFINITY), Param.real("max", 1, Double.NEGATIVE_INFINITY)),
                p -> new MinMaxScaler(p.real("min"), p.real("max"))));
        register(new TransformType(StepKind.SCALE, "l2", List.of(), p -> new L2Normalizer()));
        register(new TransformType(StepKind.REDUCE, "pca", List.of(
                Param.requiredInteger("n_components", 1),
                Param.choice("solver", "auto", "auto", "full", "randomized"),
                Param.bool("whiten", false),
                Param.integer("power_iterations", -1, -1),
                Param.integer("oversamples", 10, 0),
                Param.optionalLong(SEED)),
                p -> new Pca(p.integer("n_components"), Pca.Solver.valueOf(p.text("solver").toUpperCase(Locale.ROOT)),
                        p.bool("whiten"), p.integer("power_iterations"), p.integer("oversamples"), p.longOr(SEED, 0))));
        // scikit-learn's TSNE names; learning_rate 0 means "auto", angle is the Barnes-Hut theta.
        register(new TransformType(StepKind.REDUCE, "tsne", List.of(
                Param.requiredInteger("n_components", 2),
                Param.real("perplexity", 30, 0),
                Param.real("early_exaggeration", 12, 1),
                Param.real("learning_rate", 0, 0),
                Param.integer("n_iter", 1000, Tsne.EXPLORATION_ITERATIONS),
                Param.choice("init", "pca", "pca", "random"),
                Param.choice("method", "auto", "auto", "exact", "barnes_hut", "fft"),
                Param.real("angle", 0.5, 0),
                Param.optionalLong(SEED)),
                p -> new Tsne(p.integer("n_components"), p.real("perplexity"), p.real("early_exaggeration"),
                        p.real("learning_rate"), p.integer("n_iter"),
                        Tsne.Init.valueOf(p.text("init").toUpperCase(Locale.ROOT)),
                        Tsne.Method.valueOf(p.text("method").toUpperCase(Locale.ROOT)), p.real("angle"),
                        p.longOr(SEED, 0))));
        // umap-learn's parameter names and defaults; n_epochs -1 means 500 up to 10,000 items, else 200.
        register(new TransformType(StepKind.REDUCE, "umap", List.of(
                Param.integer("n_components", 2, 1),
                Param.integer("n_neighbors", 15, 2),
                Param.real("min_dist", 0.1, 0),
                Param.real("spread", 1.0, 0),
                Param.choice("metric", "euclidean", "euclidean", "cosine"),
                Param.integer("n_epochs", -1, -1),
                Param.real("learning_rate", 1.0, 0),
                Param.integer("negative_sample_rate", 5, 1),
                Param.real("repulsion_strength", 1.0, 0),
                Param.real("set_op_mix_ratio", 1.0, 0),
                Param.real("local_connectivity", 1.0, 0),
                Param.optionalLong(SEED)),
                p -> new Umap(p.integer("n_components"), p.integer("n_neighbors"), p.real("min_dist"), p.real("spread"),
                        Metric.parse(p.text("metric")), p.integer("n_epochs"), p.real("learning_rate"),
                        p.integer("negative_sample_rate"), p.real("repulsion_strength"), p.real("set_op_mix_ratio"),
                        p.real("local_connectivity"), p.longOr(SEED, 0))));

        EncoderSteps.all().forEach(StepTypes::register);

        register(new ClustererType("kmeans", List.of(
                Param.requiredInteger("k", 1), Param.integer("n_init", 1, 1), Param.integer("max_iter", 300, 1),
                Param.real("tol", 1e-4, 0), Param.optionalLong(SEED)),
                p -> {
                    KMeans kmeans = new KMeans(p.integer("k"), p.integer("n_init"), p.integer("max_iter"),
                            p.real("tol"), p.longOr(SEED, 0));
                    return data -> {
                        KMeans.Model m = kmeans.fit(data);
                        return new ClusterFit(m.labels(), null, Map.of(), m.nIter(), m.converged(), m);
                    };
                }));
        register(new ClustererType("minibatch_kmeans", List.of(
                Param.requiredInteger("k", 1), Param.integer("batch_size", 1024, 1), Param.integer("max_epochs", 100, 1),
                Param.integer("max_no_improvement", 10, 0), Param.real("reassignment_ratio", 0.01, 0),
                Param.integer("n_init", 3, 1), Param.optionalLong(SEED)),
                p -> {
                    MiniBatchKMeans kmeans = new MiniBatchKMeans(p.integer("k"), p.integer("batch_size"),
                            p.integer("max_epochs"), p.integer("max_no_improvement"), p.real("reassignment_ratio"),
                            p.integer("n_init"), p.longOr(SEED, 0));
                    return data -> {
                        KMeans.Model m = kmeans.fit(data);
                        return new ClusterFit(m.labels(), null, Map.of(), m.nIter(), m.converged(), m);
                    };
                }));
        register(new ClustererType("gmm", List.of(
                Param.requiredInteger("k", 1), Param.choice("covariance_type", "full", "full", "diag", "spherical"),
                Param.real("tol", 1e-3, 0), Param.real("reg_covar", 1e-6, 0), Param.integer("max_iter", 100, 1),
                Param.integer("n_init", 1, 1), Param.integer("init_runs", 1, 1), Param.optionalLong(SEED)),
                p -> {
                    GaussianMixture gmm = new GaussianMixture(p.integer("k"), CovarianceType.parse(p.text("covariance_type")),
                            p.real("tol"), p.real("reg_covar"), p.integer("max_iter"), p.integer("n_init"),
                            p.integer("init_runs"), p.longOr(SEED, 0));
                    return data -> {
                        GaussianMixture.Model m = gmm.fit(data);
                        Map<String, Double> scores = new LinkedHashMap<>();
                        scores.put("log_likelihood", m.logLikelihood());
                        scores.put("bic", m.bic(data));
                        scores.put("aic", m.aic(data));
                        return new ClusterFit(m.labels(), ClusterFit.largestPerRow(m.predictProba(data)), scores, m.nIter(), m.converged(), m);
                    };
                }));
        register(new ClustererType("dbscan", List.of(
                Param.requiredRealOrAuto("eps", 0), Param.integer("min_samples", 5, 1),
                Param.choice("metric", "euclidean", "euclidean", "cosine")),
                p -> {
                    int minSamples = p.integer("min_samples");
                    Metric metric = Metric.parse(p.text("metric"));
                    Dbscan given = p.isAuto("eps") ? null : new Dbscan(p.real("eps"), minSamples, metric);
                    return data -> {
                        Dbscan dbscan = given != null ? given : new Dbscan(kneeEps(data, minSamples, metric),
                                minSamples, metric);
                        Dbscan.Model m = dbscan.fit(data);
                        return new ClusterFit(m.labels(), null, Map.of("eps", dbscan.eps()), 0, true, m);
                    };
                }));
        register(new ClustererType("hdbscan", List.of(
                Param.integer("min_cluster_size", 5, 2), Param.optionalInteger("min_samples", 1),
                Param.choice("cluster_selection_method", "eom", "eom", "leaf"),
                Param.real("cluster_selection_epsilon", 0, 0),
                Param.choice("metric", "euclidean", "euclidean", "cosine"),
                Param.bool("allow_single_cluster", false),
                Param.choice("algorithm", "auto", "auto", "prim", "boruvka", "tiled")),
                p -> {
                    int minClusterSize = p.integer("min_cluster_size");
                    Hdbscan hdbscan = new Hdbscan(minClusterSize, p.has("min_samples") ? p.integer("min_samples") : -1,
                            Hdbscan.SelectionMethod.parse(p.text("cluster_selection_method")),
                            p.real("cluster_selection_epsilon"), Metric.parse(p.text("metric")),
                            p.bool("allow_single_cluster"), Hdbscan.Algorithm.parse(p.text("algorithm")));
                    return data -> {
                        Hdbscan.Model m = hdbscan.fit(data);
                        return new ClusterFit(m.labels(), ClusterFit.column(m.probabilities()),
                                ClusterFit.column(m.outlierScores()), Map.of(), 0, true, m);
                    };
                }));
        // "k" (scikit-learn's n_clusters) as for the other clusterers, so --k and metrics.json's k apply unchanged.
        register(new ClustererType("agglomerative", List.of(
                Param.optionalInteger("k", 1), new Param("distance_threshold", Param.Kind.REAL, null, false, 0, List.of()),
                Param.choice("linkage", "ward", "ward", "average", "complete", "single")),
                p -> {
                    if (p.has("k") == p.has("distance_threshold")) {
                        throw new IllegalArgumentException("give either k or distance_threshold");
                    }
                    Linkage linkage = Linkage.parse(p.text("linkage"));
                    Agglomerative agglomerative = p.has("k") ? new Agglomerative(p.integer("k")).withLinkage(linkage)
                            : Agglomerative.belowDistance(p.real("distance_threshold"), linkage);
                    return data -> {
                        Agglomerative.Model m = agglomerative.fit(data);
                        return new ClusterFit(m.labels(), null, Map.of(), 0, true, m);
                    };
                }));
    }

    private StepTypes() {
    }

    /** DBSCAN's {@code eps: auto}: the knee of the data's k-distance curve, k = min_samples. */
    private static double kneeEps(Dataset data, int minSamples, Metric metric) {
        double eps = KDistance.of(data.features(), minSamples, metric).suggestedEps();
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps: auto found the knee of the k-distance curve (k = " + minSamples
                    + ") at distance 0, as many items have " + minSamples + " or more exact copies; give eps");
        }
        return eps;
    }

    private static void register(TransformType type) {
        TRANSFORMS.put(type.method(), type);
    }

    private static void register(ClustererType type) {
        CLUSTERERS.put(type.method(), type);
    }

    /** The transform method of this kind with this name, if registered. */
    public static Optional<TransformType> transform(StepKind kind, String method) {
        return Optional.ofNullable(TRANSFORMS.get(method)).filter(t -> t.kind() == kind);
    }

    /** Names of the registered transform methods of a kind. */
    public static List<String> transformNames(StepKind kind) {
        return TRANSFORMS.values().stream().filter(t -> t.kind() == kind).map(TransformType::method).toList();
    }

    public static Optional<ClustererType> clusterer(String method) {
        return Optional.ofNullable(CLUSTERERS.get(method));
    }

    public static List<String> clustererNames() {
        return List.copyOf(CLUSTERERS.keySet());
    }
}
