package io.latentkit.bench;

import static io.latentkit.bench.Runs.fields;
import static io.latentkit.bench.Runs.log;
import static io.latentkit.bench.Runs.result;
import static io.latentkit.bench.Runs.seconds;
import static io.latentkit.bench.Runs.timed;

import io.latentkit.bench.BenchData.Images;
import io.latentkit.bench.BenchData.Mixture;
import io.latentkit.bench.Runs.Timed;
import io.latentkit.cluster.Agglomerative;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.Dbscan;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.cluster.Hdbscan;
import io.latentkit.cluster.KDistance;
import io.latentkit.cluster.Linkage;
import io.latentkit.compute.Metric;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.estimator.Clustering;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalMetrics;
import io.latentkit.metrics.Trustworthiness;
import io.latentkit.reduce.Pca;
import io.latentkit.reduce.Tsne;
import io.latentkit.reduce.Umap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The manifold and density measurements, named as in bench/manifold_peers.py and with the same result fields, so
 * that report.py can pair them. latentkit computes the inputs both sides share ({@link #prepare}): PCA-50, the
 * UMAP-10 embedding the density clusterings run on, and the seeded samples; the peer reads them from the same
 * folder. Only the fit is inside the timer; loading, scoring and saving are not.
 */
final class Manifold {
    static final List<String> NAMES =
            List.of("umap_gmm", "tsne_pca50", "dbscan_umap10", "hdbscan_umap10", "single_umap10", "ward_20k",
                    "hdbscan_pca50", "single_pca50", "million");
    private static final int K = 10;
    private static final long SEED = 0;
    private static final Umap UMAP = new Umap(10).withNeighbors(20).withMinDist(0).withSeed(SEED);
    private static final GaussianMixture GMM =
            new GaussianMixture(K).withCovarianceType(CovarianceType.FULL).withSeed(SEED);
    /** scikit-learn's defaults (learning rate auto, PCA start, 1000 iterations); the method is left to AUTO. */
    private static final Tsne TSNE = new Tsne(2).withPerplexity(30).withSeed(SEED);
    private static final int DBSCAN_MIN_SAMPLES = 10;
    private static final Hdbscan HDBSCAN = new Hdbscan(100).withMinSamples(10);
    private static final Agglomerative WARD = new Agglomerative(K);
    private static final Agglomerative SINGLE = new Agglomerative(K).withLinkage(Linkage.SINGLE);
    /** Trustworthiness is O(n^2): it is scored on a seeded sample of this many points, with this many neighbours. */
    private static final int TRUST_SAMPLE = 5_000;
    private static final int TRUST_NEIGHBORS = 15;
    private static final int WARD_SAMPLE = 20_000;
    private static final int MILLION_ROWS = 1_000_000;
    private static final int MILLION_DIMS = 50;
    private static final int MILLION_COMPONENTS = 20;
    private static final Umap MILLION_UMAP = new Umap(10).withSeed(SEED);
    private static final Hdbscan MILLION_HDBSCAN = new Hdbscan(500).withMinSamples(10);
    private static final int WARM_UP_ROWS = 2_000;
    /** UMAP's warm-up is larger: below 4,096 points it searches neighbours exactly and would not warm NN-descent. */
    private static final int UMAP_WARM_UP_ROWS = 5_000;

    // Files in the output folder that both sides read.
    private static final String LABELS = "labels.npy";
    private static final String PCA50 = "pca50.npy";
    private static final String UMAP10 = "umap10.npy";
    private static final String TRUST_ROWS = "trust_sample.npy";
    private static final String WARD_ROWS = "ward_sample.npy";

    /** Where single linkage's labels on an input go, for the peer's agreement score. */
    private static String singleLabels(String input) {
        return "latentkit_single_labels_" + input;
    }

    private final Path dir;
    private final boolean quick;
    // Inputs, read once per process (repeats reuse them).
    private Images images;
    private Matrix pca50;
    private Matrix umap10;
    private int[] labels;

    Manifold(Path dir, boolean quick) {
        this.dir = dir;
        this.quick = quick;
    }

    /**
     * Writes the inputs the named measurements share with the peer: the true labels, the sample rows, PCA-50 of the
     * pixels, and the UMAP-10 embedding unless umap_gmm is among them (it saves the embedding it measures).
     */
    void prepare(List<String> names) {
        Images images = BenchData.fashionMnist(quick);
        int n = images.labels().length;
        Dataset pixels = Dataset.of(images.pixels());
        BenchData.saveInts(dir.resolve(LABELS), images.labels());
        if (names.contains("umap_gmm")) {
            BenchData.saveInts(dir.resolve(TRUST_ROWS), BenchData.sample(n, Math.min(TRUST_SAMPLE, n), SEED));
        }
        if (Stream.of("tsne_pca50", "ward_20k", "hdbscan_pca50", "single_pca50").anyMatch(names::contains)) {
            long start = System.nanoTime();
            NpyFormat.writeMatrix(dir.resolve(PCA50), new Pca(50).withSeed(SEED).fit(pixels).transform(pixels)
                    .features());
            log(String.format("prepared %s (%.1f s)", PCA50, seconds(start)));
        }
        if (names.contains("ward_20k")) {
            BenchData.saveInts(dir.resolve(WARD_ROWS), BenchData.sample(n, Math.min(WARD_SAMPLE, n), SEED));
        }
        if (Stream.of("dbscan_umap10", "hdbscan_umap10", "single_umap10").anyMatch(names::contains)
                && !names.contains("umap_gmm")) {
            long start = System.nanoTime();
            NpyFormat.writeMatrix(dir.resolve(UMAP10), UMAP.fit(pixels).embedding());
            log(String.format("prepared %s (%.1f s)", UMAP10, seconds(start)));
        }
    }

    /** What a measurement's result file says about its data. */
    Map<String, Object> describeData(String name) {
        if (name.equals("million")) {
            return fields("name", "gaussian-mixture", "rows", millionRows(), "cols", MILLION_DIMS,
                    "components", MILLION_COMPONENTS, "seed", SEED, "quick", quick,
                    "features", "float32, generated in Java (BenchData.gaussianMixture)");
        }
        return BenchData.describe(labels().length, 28 * 28, quick);
    }

    Map<String, Object> run(String name) {
        return switch (name) {
            case "umap_gmm" -> umapGmm();
            case "tsne_pca50" -> tsnePca50();
            case "dbscan_umap10" -> dbscanUmap10();
            case "hdbscan_umap10" -> hdbscan(umap10(), UMAP10);
            case "single_umap10" -> single(umap10(), UMAP10);
            case "hdbscan_pca50" -> hdbscan(pca50(), PCA50);
            case "single_pca50" -> single(pca50(), PCA50);
            case "ward_20k" -> ward20k();
            case "million" -> million();
            default -> throw new IllegalArgumentException("unknown measurement " + name + "; choose from " + NAMES);
        };
    }

    /**
     * Runs the measurement's estimators once on a slice of its input, so that class loading, JIT compilation and
     * the engine's start-up are not charged to the measured fit; returns the seconds it took.
     */
    double warmUp(String name) {
        long start = System.nanoTime();
        switch (name) {
            case "umap_gmm" -> GMM.fit(Dataset.of(UMAP.fit(Dataset.of(head(pixels().pixels(), UMAP_WARM_UP_ROWS)))
                    .embedding()));
            case "tsne_pca50" -> TSNE.withNIter(Tsne.EXPLORATION_ITERATIONS).fit(Dataset.of(head(pca50(),
                    WARM_UP_ROWS)));
            case "dbscan_umap10" -> {
                Matrix slice = head(umap10(), WARM_UP_ROWS);
                new Dbscan(KDistance.of(slice, DBSCAN_MIN_SAMPLES, Metric.EUCLIDEAN).suggestedEps())
                        .withMinSamples(DBSCAN_MIN_SAMPLES).fit(Dataset.of(slice));
            }
            case "hdbscan_umap10" -> HDBSCAN.fit(Dataset.of(head(umap10(), WARM_UP_ROWS)));
            // As many rows as UMAP's warm-up: from 4,096 on, single linkage takes the KD-tree path it is measured on.
            case "single_umap10" -> SINGLE.fit(Dataset.of(head(umap10(), UMAP_WARM_UP_ROWS)));
            case "ward_20k" -> WARD.fit(Dataset.of(head(pca50(), WARM_UP_ROWS)));
            // Enough rows for the tiled Borůvka (many columns) that the full fit takes.
            case "hdbscan_pca50" -> HDBSCAN.fit(Dataset.of(head(pca50(), WARM_UP_ROWS)));
            case "single_pca50" -> SINGLE.fit(Dataset.of(head(pca50(), WARM_UP_ROWS)));
            case "million" -> {
                Dataset slice = Dataset.of(BenchData.gaussianMixture(UMAP_WARM_UP_ROWS, MILLION_DIMS,
                        MILLION_COMPONENTS, SEED + 1).points());
                MILLION_HDBSCAN.fit(Dataset.of(MILLION_UMAP.fit(slice).embedding()));
            }
            default -> throw new IllegalArgumentException("unknown measurement " + name + "; choose from " + NAMES);
        }
        return seconds(start);
    }

    private Map<String, Object> umapGmm() {
        Images images = pixels();
        Dataset pixels = Dataset.of(images.pixels());
        Timed<Umap.Model> umap = timed(() -> UMAP.fit(pixels));
        Matrix embedding = umap.value().embedding();
        Timed<GaussianMixture.Model> gmm = timed(() -> GMM.fit(Dataset.of(embedding)));
        GaussianMixture.Model m = gmm.value();
        int[] rows = BenchData.ints(input(TRUST_ROWS));
        double trust = Trustworthiness.score(images.pixels().selectRows(rows), embedding.selectRows(rows),
                TRUST_NEIGHBORS);
        NpyFormat.writeMatrix(dir.resolve(UMAP10), embedding);
        Map<String, Object> r = result(umap.seconds(), fields(
                "umap", fields("n_components", UMAP.nComponents(), "n_neighbors", UMAP.nNeighbors(),
                        "min_dist", UMAP.minDist(), "metric", "euclidean", "n_epochs", UMAP.nEpochs(),
                        "seed", UMAP.seed()),
                "gmm", fields("n_components", GMM.k(), "covariance_type", "full", "seed", GMM.seed(),
                        "max_iter", GMM.maxIter(), "tol", GMM.tol(), "dtype", "float32 data, float64 statistics")));
        r.put("gmm_seconds", gmm.seconds());
        r.put("umap_init", umap.value().init().name().toLowerCase(Locale.ROOT));
        r.put("mean_log_likelihood", m.logLikelihood());
        r.put("converged", m.converged());
        r.put("n_iter", m.nIter());
        r.putAll(Kernels.agreement(images.labels(), m.labels()));
        r.put("trustworthiness", trust);
        r.put("trustworthiness_params", fields("sample", rows.length, "n_neighbors", TRUST_NEIGHBORS,
                "rows", TRUST_ROWS));
        r.put("saved", List.of(UMAP10));
        return r;
    }

    private Map<String, Object> tsnePca50() {
        Matrix z = pca50();
        Timed<Tsne.Model> fit = timed(() -> TSNE.fit(Dataset.of(z)));
        Tsne.Model m = fit.value();
        Map<String, Object> r = result(fit.seconds(), fields("n_components", TSNE.nComponents(),
                "perplexity", TSNE.perplexity(), "early_exaggeration", TSNE.earlyExaggeration(),
                "learning_rate", "auto", "n_iter", TSNE.nIter(), "init", "pca", "method", TSNE.method().name(),
                "theta", TSNE.theta(), "seed", TSNE.seed(), "input", PCA50));
        // The model does not say how it ran; the estimator says what AUTO resolves to for this many points.
        r.put("method_resolved", TSNE.methodFor(z.rows()).name().toLowerCase(Locale.ROOT));
        r.put("kl_divergence", m.klDivergence());
        r.put("n_iter", m.nIter());
        return r;
    }

    private Map<String, Object> dbscanUmap10() {
        Matrix e = umap10();
        int[] truth = labels();
        Timed<KDistance> knee = timed(() -> KDistance.of(e, DBSCAN_MIN_SAMPLES, Metric.EUCLIDEAN));
        double eps = knee.value().suggestedEps();
        Dbscan estimator = new Dbscan(eps).withMinSamples(DBSCAN_MIN_SAMPLES);
        Timed<Dbscan.Model> fit = timed(() -> estimator.fit(Dataset.of(e)));
        int[] labels = fit.value().labels();
        BenchData.saveInts(dir.resolve("latentkit_dbscan_labels.npy"), labels);
        Map<String, Object> r = result(fit.seconds(), fields("eps", eps, "min_samples", DBSCAN_MIN_SAMPLES,
                "metric", "euclidean", "eps_from", "KDistance knee, k = min_samples", "input", UMAP10));
        r.put("eps_seconds", knee.seconds());
        r.put("knee_index", knee.value().kneeIndex());
        r.putAll(partition(truth, labels));
        r.put("saved", List.of("latentkit_dbscan_labels.npy"));
        return r;
    }

    private Map<String, Object> hdbscan(Matrix e, String input) {
        Timed<Hdbscan.Model> fit = timed(() -> HDBSCAN.fit(Dataset.of(e)));
        Map<String, Object> r = result(fit.seconds(), fields("min_cluster_size", HDBSCAN.minClusterSize(),
                "min_samples", HDBSCAN.effectiveMinSamples(), "min_samples_counts_the_point", true,
                "cluster_selection_method", HDBSCAN.clusterSelectionMethod().name().toLowerCase(Locale.ROOT),
                "metric", "euclidean", "input", input));
        r.putAll(partition(labels(), fit.value().labels()));
        return r;
    }

    private Map<String, Object> single(Matrix x, String input) {
        Timed<Agglomerative.Model> fit = timed(() -> SINGLE.fit(Dataset.of(x)));
        int[] labels = fit.value().labels();
        String saved = singleLabels(input);
        BenchData.saveInts(dir.resolve(saved), labels);
        Map<String, Object> r = result(fit.seconds(), fields("n_clusters", K, "linkage", "single",
                "metric", "euclidean", "input", input));
        r.put("last_merge_height", fit.value().tree().distance(labels.length - 2));
        r.putAll(partition(labels(), labels));
        r.put("saved", List.of(saved));
        return r;
    }

    private Map<String, Object> ward20k() {
        int[] rows = BenchData.ints(input(WARD_ROWS));
        Matrix sample = pca50().selectRows(rows);
        int[] all = labels();
        int[] truth = Arrays.stream(rows).map(i -> all[i]).toArray();
        Timed<Agglomerative.Model> fit = timed(() -> WARD.fit(Dataset.of(sample)));
        int[] labels = fit.value().labels();
        BenchData.saveInts(dir.resolve("latentkit_ward_labels.npy"), labels);
        Map<String, Object> r = result(fit.seconds(), fields("n_clusters", K, "linkage", "ward",
                "sample", rows.length, "sample_seed", SEED, "input", PCA50 + " rows " + WARD_ROWS));
        r.putAll(partition(truth, labels));
        r.put("saved", List.of("latentkit_ward_labels.npy"));
        return r;
    }

    /**
     * UMAP to 10-d then HDBSCAN on 10^6 generated points (10^4 when quick): the time and memory of each stage. Both
     * run with the library's defaults but for the parameters named here, so this measures what a user would get.
     */
    private Map<String, Object> million() {
        long start = System.nanoTime();
        Mixture mixture = BenchData.gaussianMixture(millionRows(), MILLION_DIMS, MILLION_COMPONENTS, SEED);
        double generateSeconds = seconds(start);
        Timed<Umap.Model> umap = timed(() -> MILLION_UMAP.fit(Dataset.of(mixture.points())));
        long afterUmap = Machine.peakRssKib();
        Timed<Hdbscan.Model> hdbscan = timed(() -> MILLION_HDBSCAN.fit(Dataset.of(umap.value().embedding())));
        Map<String, Object> r = result(umap.seconds() + hdbscan.seconds(), fields(
                "umap", fields("n_components", MILLION_UMAP.nComponents(), "n_neighbors", MILLION_UMAP.nNeighbors(),
                        "min_dist", MILLION_UMAP.minDist(), "seed", MILLION_UMAP.seed()),
                "hdbscan", fields("min_cluster_size", MILLION_HDBSCAN.minClusterSize(),
                        "min_samples", MILLION_HDBSCAN.effectiveMinSamples())));
        r.put("umap_seconds", umap.seconds());
        r.put("hdbscan_seconds", hdbscan.seconds());
        r.put("generate_seconds", generateSeconds);
        r.put("peak_rss_mib_after_umap", afterUmap / 1024.0);
        r.putAll(partition(mixture.components(), hdbscan.value().labels()));
        return r;
    }

    private int millionRows() {
        return quick ? 10_000 : MILLION_ROWS;
    }

    /** Clusters found, the noise fraction and agreement (ACC, NMI, ARI; noise is one more cluster) with the truth. */
    private static Map<String, Object> partition(int[] truth, int[] labels) {
        Map<String, Object> r = fields("n_clusters", (int) Arrays.stream(labels).filter(l -> l != Clustering.NOISE)
                .distinct().count(), "noise_fraction",
                (double) Arrays.stream(labels).filter(l -> l == Clustering.NOISE).count() / labels.length);
        r.putAll(Kernels.agreement(truth, labels));
        r.put("ari", ExternalMetrics.ari(ContingencyTable.of(truth, labels)));
        return r;
    }

    private Images pixels() {
        if (images == null) {
            images = BenchData.fashionMnist(quick);
        }
        return images;
    }

    private int[] labels() {
        if (labels == null) {
            labels = BenchData.ints(input(LABELS));
        }
        return labels;
    }

    private Matrix pca50() {
        if (pca50 == null) {
            pca50 = checkedRows(BenchData.matrix(input(PCA50)), PCA50);
        }
        return pca50;
    }

    private Matrix umap10() {
        if (umap10 == null) {
            umap10 = checkedRows(BenchData.matrix(input(UMAP10)), UMAP10);
        }
        return umap10;
    }

    private Matrix checkedRows(Matrix m, String name) {
        if (m.rows() != labels().length) {
            throw new IllegalStateException(dir.resolve(name) + " has " + m.rows() + " rows but " + LABELS + " has "
                    + labels().length + "; run bench/manifold.sh with the same --quick setting");
        }
        return m;
    }

    private Path input(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; run ManifoldBenchmark prepare --out " + dir
                    + " first (bench/manifold.sh does)");
        }
        return file;
    }

    private static Matrix head(Matrix m, int rows) {
        return m.selectRows(IntStream.range(0, Math.min(rows, m.rows())).toArray());
    }
}
