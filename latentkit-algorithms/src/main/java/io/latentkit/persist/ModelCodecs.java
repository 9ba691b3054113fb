package io.latentkit.persist;

import io.latentkit.cluster.Agglomerative;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.Dbscan;
import io.latentkit.cluster.Dendrogram;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.cluster.Hdbscan;
import io.latentkit.cluster.HdbscanTree;
import io.latentkit.cluster.KMeans;
import io.latentkit.cluster.Linkage;
import io.latentkit.cluster.MixtureParameters;
import io.latentkit.compute.Metric;
import io.latentkit.estimator.ClusterPredictor;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.estimator.Transform;
import io.latentkit.preprocess.L2Normalizer;
import io.latentkit.preprocess.MinMaxScaler;
import io.latentkit.preprocess.StandardScaler;
import io.latentkit.reduce.Pca;
import io.latentkit.reduce.Tsne;
import io.latentkit.reduce.Umap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** The registry of savable model types; docs/model-format.md describes each type's params and arrays. */
final class ModelCodecs {
    /** The codecs of this module's models. */
    static final List<ModelCodec<?>> BUILT_IN = List.of(
            new ModelCodec<>("standard_scaler", StandardScaler.Model.class,
                    (m, out) -> out.param("n_features", m.mean().length)
                            .doubles("mean", m.mean(), m.mean().length)
                            .doubles("scale", m.scale(), m.scale().length),
                    in -> {
                        int d = in.size("n_features");
                        return new StandardScaler.Model(in.doubles("mean", d), in.doubles("scale", d));
                    }),
            new ModelCodec<>("minmax_scaler", MinMaxScaler.Model.class,
                    (m, out) -> out.param("n_features", m.offset().length)
                            .doubles("offset", m.offset(), m.offset().length)
                            .doubles("scale", m.scale(), m.scale().length),
                    in -> {
                        int d = in.size("n_features");
                        return new MinMaxScaler.Model(in.doubles("offset", d), in.doubles("scale", d));
                    }),
            new ModelCodec<>("l2_normalizer", L2Normalizer.class, (m, out) -> { }, in -> new L2Normalizer()),
            new ModelCodec<>("pca", Pca.Model.class, ModelCodecs::writePca, ModelCodecs::readPca),
            new ModelCodec<>("tsne", Tsne.Model.class, ModelCodecs::writeTsne, ModelCodecs::readTsne),
            new ModelCodec<>("umap", Umap.Model.class, ModelCodecs::writeUmap, ModelCodecs::readUmap),
            new ModelCodec<>("kmeans", KMeans.Model.class, ModelCodecs::writeKMeans, ModelCodecs::readKMeans),
            new ModelCodec<>("gmm", GaussianMixture.Model.class, ModelCodecs::writeMixture, ModelCodecs::readMixture),
            new ModelCodec<>("dbscan", Dbscan.Model.class, ModelCodecs::writeDbscan, ModelCodecs::readDbscan),
            new ModelCodec<>("hdbscan", Hdbscan.Model.class, ModelCodecs::writeHdbscan, ModelCodecs::readHdbscan),
            new ModelCodec<>("agglomerative", Agglomerative.Model.class, ModelCodecs::writeAgglomerative,
                    ModelCodecs::readAgglomerative),
            new ModelCodec<>("pipeline", FittedPipeline.class, ModelCodecs::writePipeline, ModelCodecs::readPipeline));

    private static volatile List<ModelCodec<?>> all;

    private ModelCodecs() {
    }

    /** The built-in codecs, then those of every {@link ModelCodecProvider} on the class path (looked up once). */
    static List<ModelCodec<?>> all() {
        List<ModelCodec<?>> codecs = all;
        if (codecs == null) {
            synchronized (ModelCodecs.class) {
                codecs = all;
                if (codecs == null) {
                    codecs = new ArrayList<>(BUILT_IN);
                    for (ModelCodecProvider provider : ServiceLoader.load(ModelCodecProvider.class)) {
                        for (ModelCodec<?> codec : provider.codecs()) {
                            if (codecs.stream().anyMatch(c -> c.type().equals(codec.type()))) {
                                throw new IllegalStateException("two codecs for model type '" + codec.type() + "' ("
                                        + provider.getClass().getName() + ")");
                            }
                            codecs.add(codec);
                        }
                    }
                    codecs = List.copyOf(codecs);
                    all = codecs;
                }
            }
        }
        return codecs;
    }

    private static void writePca(Pca.Model m, ModelWriter out) {
        int d = m.mean().length;
        int k = m.nComponents();
        out.param("n_features", d).param("n_components", k).param("whiten", m.whiten())
                .param("solver", m.solver().name().toLowerCase(Locale.ROOT))
                .doubles("mean", m.mean(), d)
                .doubles("components", m.components(), k, d)
                .doubles("explained_variance", m.explainedVariance(), k)
                .doubles("explained_variance_ratio", m.explainedVarianceRatio(), k)
                .doubles("singular_values", m.singularValues(), k);
    }

    private static Pca.Model readPca(ModelReader in) {
        int d = in.size("n_features");
        int k = in.size("n_components");
        boolean whiten = in.bool("whiten");
        Pca.Solver solver = enumParam(in, "solver", Pca.Solver.class);
        return new Pca.Model(in.doubles("mean", d), in.doubles("components", k, d), in.doubles("explained_variance", k),
                in.doubles("explained_variance_ratio", k), in.doubles("singular_values", k), whiten, solver);
    }

    private static void writeTsne(Tsne.Model m, ModelWriter out) {
        int n = m.training().rows();
        int k = m.nComponents();
        out.param("n_samples", n).param("n_features", m.training().cols()).param("n_components", k)
                .param("perplexity", m.perplexity()).param("angle", m.theta())
                .param("kl_divergence", m.klDivergence()).param("n_iter", m.nIter())
                .matrix("training", m.training())
                .doubles("embedding", m.embedding(), n, k);
    }

    private static Tsne.Model readTsne(ModelReader in) {
        int n = in.size("n_samples");
        return new Tsne.Model(in.matrix("training", n, in.size("n_features")),
                in.doubles("embedding", n, in.size("n_components")), in.real("perplexity"), in.real("angle"),
                in.real("kl_divergence"), in.integer("n_iter"));
    }

    /** The estimator's parameters under umap-learn's names (seed as a decimal string: it is a 64-bit integer). */
    private static void writeUmap(Umap.Model m, ModelWriter out) {
        Umap p = m.params();
        out.param("n_samples", m.embedding().rows()).param("n_features", m.trainingData().cols())
                .param("n_components", m.nComponents()).param("n_neighbors", p.nNeighbors())
                .param("min_dist", p.minDist()).param("spread", p.spread())
                .param("metric", p.metric().name().toLowerCase(Locale.ROOT)).param("n_epochs", p.nEpochs())
                .param("learning_rate", p.learningRate()).param("negative_sample_rate", p.negativeSampleRate())
                .param("repulsion_strength", p.repulsionStrength()).param("set_op_mix_ratio", p.setOpMixRatio())
                .param("local_connectivity", p.localConnectivity()).param("seed", Long.toString(p.seed()))
                .param("a", m.a()).param("b", m.b()).param("init", m.init().name().toLowerCase(Locale.ROOT))
                .matrix("training_data", m.trainingData())
                .matrix("embedding", m.embedding());
    }

    private static Umap.Model readUmap(ModelReader in) {
        int n = in.size("n_samples");
        int k = in.size("n_components");
        Umap params;
        try {
            params = new Umap(k, in.integer("n_neighbors"), in.real("min_dist"), in.real("spread"),
                    enumParam(in, "metric", Metric.class), in.integer("n_epochs"), in.real("learning_rate"),
                    in.integer("negative_sample_rate"), in.real("repulsion_strength"), in.real("set_op_mix_ratio"),
                    in.real("local_connectivity"), Long.parseLong(in.text("seed")));
        } catch (IllegalArgumentException e) {
            throw in.invalid("params", e.getMessage());
        }
        return new Umap.Model(params, in.matrix("training_data", n, in.size("n_features")),
                in.matrix("embedding", n, k), in.real("a"), in.real("b"), enumParam(in, "init", Umap.Init.class));
    }

    private static void writeKMeans(KMeans.Model m, ModelWriter out) {
        int[] labels = m.labels();
        out.param("n_clusters", m.centers().rows()).param("n_features", m.centers().cols())
                .param("n_samples", labels.length).param("inertia", m.inertia()).param("n_iter", m.nIter())
                .param("converged", m.converged())
                .matrix("centers", m.centers())
                .ints("labels", labels);
    }

    private static KMeans.Model readKMeans(ModelReader in) {
        int k = in.size("n_clusters");
        int d = in.size("n_features");
        int n = in.size("n_samples");
        return new KMeans.Model(in.matrix("centers", k, d), in.ints("labels", n), in.real("inertia"),
                in.integer("n_iter"), in.bool("converged"));
    }

    /** The parameters as the model holds them: means relative to {@code center}, covariances in its layout. */
    private static void writeMixture(GaussianMixture.Model m, ModelWriter out) {
        MixtureParameters p = m.parameters();
        int[] labels = m.labels();
        out.param("n_components", p.k()).param("n_features", p.d())
                .param("covariance_type", p.type().name().toLowerCase(Locale.ROOT))
                .param("n_samples", labels.length).param("log_likelihood", m.logLikelihood())
                .param("lower_bound", m.lowerBound()).param("n_iter", m.nIter()).param("converged", m.converged())
                .doubles("center", m.center(), p.d())
                .doubles("weights", p.weights(), p.k())
                .doubles("means", p.means(), p.k(), p.d())
                .doubles("covariances", p.covariances(), covarianceShape(p.type(), p.k(), p.d()))
                .ints("labels", labels);
    }

    /** Rebuilds the mixture; the precision factors are recomputed from the covariances exactly as fitting does. */
    private static GaussianMixture.Model readMixture(ModelReader in) {
        int k = in.size("n_components");
        int d = in.size("n_features");
        CovarianceType type = enumParam(in, "covariance_type", CovarianceType.class);
        int n = in.size("n_samples");
        MixtureParameters p;
        try {
            p = MixtureParameters.of(type, k, d, in.doubles("weights", k), in.doubles("means", k, d),
                    in.doubles("covariances", covarianceShape(type, k, d)));
        } catch (ArithmeticException e) {
            throw in.invalid("covariances", e.getMessage());
        }
        return new GaussianMixture.Model(p, in.doubles("center", d), in.ints("labels", n), in.real("log_likelihood"),
                in.real("lower_bound"), in.integer("n_iter"), in.bool("converged"));
    }

    private static int[] covarianceShape(CovarianceType type, int k, int d) {
        return switch (type) {
            case FULL -> new int[] {k, d, d};
            case DIAG -> new int[] {k, d};
            case SPHERICAL -> new int[] {k};
        };
    }

    private static void writeDbscan(Dbscan.Model m, ModelWriter out) {
        int[] labels = m.labels();
        out.param("eps", m.eps()).param("metric", m.metric().name().toLowerCase(Locale.ROOT))
                .param("n_clusters", m.nClusters()).param("n_features", m.corePoints().cols())
                .param("n_samples", labels.length).param("n_core", m.corePoints().rows())
                .matrix("core_points", m.corePoints())
                .ints("core_sample_indices", m.coreSampleIndices())
                .ints("labels", labels);
    }

    private static Dbscan.Model readDbscan(ModelReader in) {
        int cores = in.size("n_core");
        return new Dbscan.Model(in.real("eps"), enumParam(in, "metric", Metric.class),
                in.matrix("core_points", cores, in.size("n_features")), in.ints("core_sample_indices", cores),
                in.ints("labels", in.size("n_samples")), in.size("n_clusters"));
    }

    /** The condensed tree in hdbscan's layout, split by column; {@code points} are what prediction compares with. */
    private static void writeHdbscan(Hdbscan.Model m, ModelWriter out) {
        HdbscanTree tree = m.condensedTree();
        int n = m.points().rows();
        out.param("min_samples", m.minSamples()).param("metric", m.metric().name().toLowerCase(Locale.ROOT))
                .param("n_clusters", m.nClusters()).param("n_features", m.points().cols()).param("n_samples", n)
                .param("n_tree_rows", tree.parent().length)
                .matrix("points", m.points())
                .doubles("core_distances", m.coreDistances(), n)
                .ints("tree_parent", tree.parent())
                .ints("tree_child", tree.child())
                .doubles("tree_lambda", tree.lambda(), tree.parent().length)
                .ints("tree_child_size", tree.childSize())
                .ints("selected_clusters", m.selectedClusters())
                .ints("labels", m.labels())
                .doubles("probabilities", m.probabilities(), n)
                .doubles("outlier_scores", m.outlierScores(), n);
    }

    private static Hdbscan.Model readHdbscan(ModelReader in) {
        int n = in.size("n_samples");
        int rows = in.size("n_tree_rows");
        HdbscanTree tree;
        try {
            tree = new HdbscanTree(n, in.ints("tree_parent", rows), in.ints("tree_child", rows),
                    in.doubles("tree_lambda", rows), in.ints("tree_child_size", rows));
        } catch (IllegalArgumentException e) {
            throw in.invalid("tree_parent", e.getMessage());
        }
        return new Hdbscan.Model(in.size("min_samples"), enumParam(in, "metric", Metric.class),
                in.matrix("points", n, in.size("n_features")), in.doubles("core_distances", n), tree,
                in.ints("selected_clusters", in.size("n_clusters")), in.ints("labels", n),
                in.doubles("probabilities", n), in.doubles("outlier_scores", n));
    }

    /** The merges as scipy's linkage matrix, split by column; {@code items} are what predict compares with. */
    private static void writeAgglomerative(Agglomerative.Model m, ModelWriter out) {
        Dendrogram tree = m.tree();
        int[] children = tree.children();
        int merges = children.length / 2;
        int[] left = new int[merges];
        int[] right = new int[merges];
        for (int i = 0; i < merges; i++) {
            left[i] = tree.left(i);
            right[i] = tree.right(i);
        }
        out.param("linkage", m.linkage().name().toLowerCase(Locale.ROOT)).param("n_clusters", m.nClusters())
                .param("n_features", m.items().cols()).param("n_samples", tree.nLeaves())
                .matrix("items", m.items())
                .ints("labels", m.labels())
                .ints("left", left)
                .ints("right", right)
                .doubles("distances", tree.distances(), merges)
                .ints("sizes", tree.sizes());
    }

    private static Agglomerative.Model readAgglomerative(ModelReader in) {
        int n = in.size("n_samples");
        int merges = Math.max(0, n - 1);
        int[] left = in.ints("left", merges);
        int[] right = in.ints("right", merges);
        int[] children = new int[2 * merges];
        for (int i = 0; i < merges; i++) {
            children[2 * i] = left[i];
            children[2 * i + 1] = right[i];
        }
        Dendrogram tree = new Dendrogram(n, children, in.doubles("distances", merges), in.ints("sizes", merges));
        return new Agglomerative.Model(enumParam(in, "linkage", Linkage.class), tree, in.ints("labels", n),
                in.size("n_clusters"), in.matrix("items", n, in.size("n_features")));
    }

    /** Sub-folders transform-0, transform-1, ... then clusterer, listed in order under "parts". */
    private static void writePipeline(FittedPipeline m, ModelWriter out) {
        for (int i = 0; i < m.transforms().size(); i++) {
            out.part("transform-" + i, m.transforms().get(i));
        }
        out.part("clusterer", m.clusterer());
    }

    private static FittedPipeline readPipeline(ModelReader in) {
        List<Object> parts = in.parts();
        List<Transform> transforms = new ArrayList<>();
        for (Object part : parts.subList(0, parts.size() - 1)) {
            if (!(part instanceof Transform t)) {
                throw in.invalid("parts", "every part but the last must be a transform, got " + part.getClass().getSimpleName());
            }
            transforms.add(t);
        }
        if (!(parts.getLast() instanceof ClusterPredictor clusterer)) {
            throw in.invalid("parts", "the last part must be a clusterer, got " + parts.getLast().getClass().getSimpleName());
        }
        return new FittedPipeline(transforms, clusterer);
    }

    private static <E extends Enum<E>> E enumParam(ModelReader in, String name, Class<E> type) {
        String value = in.text(name);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        throw in.invalid("params." + name, "unknown value '" + value + "'");
    }
}
