package io.latentkit.bench;

import static io.latentkit.bench.Runs.fields;
import static io.latentkit.bench.Runs.result;
import static io.latentkit.bench.Runs.seconds;
import static io.latentkit.bench.Runs.timed;

import io.latentkit.bench.BenchData.Images;
import io.latentkit.bench.Runs.Timed;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.cluster.KMeans;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalMetrics;
import io.latentkit.metrics.Silhouette;
import io.latentkit.reduce.Pca;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The core measurements, named as in bench/peers.py and with the same result fields, so that report.py can pair
 * them. Only the fit (or the metric) is inside the timer; reading data, predicting and scoring are not.
 */
final class Kernels {
    static final List<String> NAMES =
            List.of("kmeans_784_ninit1", "kmeans_784_ninit10", "pca50", "gmm_pca50", "gmm_pca50_seeds",
                    "silhouette_pca50");
    /** EM ends in different local optima from different starts: quality is compared over several seeds. */
    static final List<Long> GMM_SEEDS = List.of(0L, 1L, 2L);
    private static final int K = 10;
    private static final long SEED = 0;

    private final Images images;
    private final Dataset pixels;
    private final Path peerDir;

    Kernels(Images images, Path peerDir) {
        this.images = images;
        this.pixels = Dataset.of(images.pixels());
        this.peerDir = peerDir;
    }

    Map<String, Object> run(String name) {
        return switch (name) {
            case "kmeans_784_ninit1" -> kmeans784(1);
            case "kmeans_784_ninit10" -> kmeans784(10);
            case "pca50" -> pca50();
            case "gmm_pca50" -> gmmPca50();
            case "gmm_pca50_seeds" -> gmmPca50Seeds();
            case "silhouette_pca50" -> silhouettePca50();
            default -> throw new IllegalArgumentException("unknown measurement " + name + "; choose from " + NAMES);
        };
    }

    /**
     * Runs every kernel once on the first {@code rows} rows, so that class loading, JIT compilation and the engine's
     * start-up (native library load, thread pools) are not charged to the first measurement.
     */
    static double warmUp(Images images, int rows) {
        long start = System.nanoTime();
        int n = Math.min(rows, images.pixels().rows());
        Dataset slice = Dataset.of(images.pixels().selectRows(IntStream.range(0, n).toArray()));
        new KMeans(K).withSeed(SEED).fit(slice);
        Dataset reduced = new Pca(50).fit(slice).transform(slice);
        new GaussianMixture(K).withSeed(SEED).fit(reduced);
        Silhouette.score(reduced.features(), new KMeans(K).fit(reduced).labels());
        return seconds(start);
    }

    private Map<String, Object> kmeans784(int nInit) {
        KMeans estimator = new KMeans(K).withNInit(nInit).withSeed(SEED);
        Timed<KMeans.Model> fit = timed(() -> estimator.fit(pixels));
        KMeans.Model m = fit.value();
        Map<String, Object> r = result(fit.seconds(), fields("k", K, "n_init", nInit, "seed", SEED,
                "max_iter", estimator.maxIter(), "tol", estimator.tol()));
        r.put("inertia", m.inertia());
        r.put("n_iter", m.nIter());
        r.put("converged", m.converged());
        r.putAll(agreement(images.labels(), m.labels()));
        return r;
    }

    private Map<String, Object> pca50() {
        Pca estimator = new Pca(50);
        Timed<Pca.Model> fit = timed(() -> estimator.fit(pixels));
        Timed<Dataset> transform = timed(() -> fit.value().transform(pixels));
        double ratioSum = 0;
        for (double r : fit.value().explainedVarianceRatio()) {
            ratioSum += r;
        }
        Map<String, Object> r = result(fit.seconds(), fields("n_components", 50, "solver", estimator.solver().name(),
                "seed", estimator.seed()));
        r.put("transform_seconds", transform.seconds());
        r.put("svd_solver_used", fit.value().solver().name().toLowerCase(Locale.ROOT));
        r.put("explained_variance_ratio_sum", ratioSum);
        return r;
    }

    private Map<String, Object> gmmPca50() {
        Dataset z = Dataset.of(peerPca50());
        int[] truth = BenchData.ints(peerFile("labels.npy"));
        GaussianMixture estimator = new GaussianMixture(K).withCovarianceType(CovarianceType.FULL).withSeed(SEED);
        Timed<GaussianMixture.Model> fit = timed(() -> estimator.fit(z));
        GaussianMixture.Model m = fit.value();
        Map<String, Object> r = result(fit.seconds(), fields("n_components", K, "covariance_type", "full",
                "seed", SEED, "max_iter", estimator.maxIter(), "tol", estimator.tol(),
                "reg_covar", estimator.regCovar(), "n_init", estimator.nInit(),
                "kmeans_init_runs", estimator.initRuns(), "dtype", "float32 data, float64 statistics"));
        r.put("mean_log_likelihood", m.logLikelihood());
        r.put("converged", m.converged());
        r.put("n_iter", m.nIter());
        r.putAll(agreement(truth, m.labels()));
        return r;
    }

    private Map<String, Object> gmmPca50Seeds() {
        Dataset z = Dataset.of(peerPca50());
        List<Map<String, Object>> runs = new java.util.ArrayList<>();
        double seconds = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (long seed : GMM_SEEDS) {
            Timed<GaussianMixture.Model> fit = timed(() -> new GaussianMixture(K).withSeed(seed).fit(z));
            double ll = fit.value().logLikelihood();
            runs.add(fields("seed", seed, "seconds", fit.seconds(), "mean_log_likelihood", ll,
                    "converged", fit.value().converged(), "n_iter", fit.value().nIter()));
            seconds += fit.seconds();
            sum += ll;
            min = Math.min(min, ll);
            max = Math.max(max, ll);
        }
        Map<String, Object> r = result(seconds / GMM_SEEDS.size(), fields("n_components", K, "covariance_type", "full",
                "seeds", GMM_SEEDS));
        r.put("runs", runs);
        r.put("mean_log_likelihood", sum / GMM_SEEDS.size());
        r.put("min_log_likelihood", min);
        r.put("max_log_likelihood", max);
        return r;
    }

    private Map<String, Object> silhouettePca50() {
        Matrix z = peerPca50();
        int[] labels = BenchData.ints(peerFile("kmeans_pca50_labels.npy"));
        Timed<Double> score = timed(() -> Silhouette.score(z, labels));
        Map<String, Object> r = result(score.seconds(), fields("metric", "euclidean", "exact", true));
        r.put("value", score.value());
        r.put("n_points", z.rows());
        r.put("labels_from", "peers.py: kmeans_pca50_labels.npy");
        return r;
    }

    /** The PCA-50 coordinates peers.py computed, so both sides fit and score the identical space. */
    private Matrix peerPca50() {
        Matrix z = BenchData.matrix(peerFile("pca50.npy"));
        if (z.rows() != images.pixels().rows()) {
            throw new IllegalStateException(peerFile("pca50.npy") + " has " + z.rows() + " rows but the data has "
                    + images.pixels().rows() + "; run bench/peers.py with the same --quick setting first");
        }
        return z;
    }

    private Path peerFile(String name) {
        Path file = peerDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; run bench/peers.py --out " + peerDir + " first");
        }
        return file;
    }

    static Map<String, Object> agreement(int[] truth, int[] predicted) {
        ContingencyTable t = ContingencyTable.of(truth, predicted);
        return fields("acc", ExternalMetrics.accuracy(t).accuracy(), "nmi", ExternalMetrics.nmi(t));
    }
}
