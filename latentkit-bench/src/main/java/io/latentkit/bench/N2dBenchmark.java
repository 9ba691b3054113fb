package io.latentkit.bench;

import static io.latentkit.bench.Runs.fields;
import static io.latentkit.bench.Runs.log;
import static io.latentkit.bench.Runs.seconds;
import static io.latentkit.bench.Runs.timed;

import io.latentkit.bench.BenchData.Images;
import io.latentkit.bench.Runs.Timed;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.deep.Autoencoder;
import io.latentkit.deep.DenseNetwork;
import io.latentkit.deep.Training;
import io.latentkit.deep.TrainingHistory;
import io.latentkit.deep.TrainingListener;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalMetrics;
import io.latentkit.reduce.Umap;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * latentkit's side of the N2D benchmark (bench/n2d.sh runs it after bench/n2d_peer.py): N2D (McConville et al. 2019)
 * on Fashion-MNIST, an autoencoder d-500-500-2000-10 whose codes UMAP embeds into 10 dimensions and a full-covariance
 * Gaussian mixture clusters, once per seed; writes DIR/n2d-latentkit.json with the fields of the peer's
 * n2d-peer.json, so that report.py can pair them.
 *
 * <pre>
 * N2dBenchmark [--out DIR] [--seeds 0,1,2] [--epochs 30] [--quick] [--epoch-time-only N]
 *              [--gmm-n-init 1] [--umap-epochs N] [--stages SEEDS]
 * </pre>
 *
 * {@code --epoch-time-only N} trains N epochs per seed and records only the epoch times and losses, into
 * DIR/n2d-latentkit-epochs.json (the training-speed comparison with PyTorch). {@code --stages SEEDS} trains one
 * autoencoder (the first of {@code --seeds}), writes its codes to DIR/n2d-codes.npy, and fits UMAP and the mixture on
 * them once per seed of SEEDS, into DIR/n2d-latentkit-stages.json: the peer then fits umap-learn and scikit-learn on
 * the same file, which separates the stages after training from the autoencoder and measures their spread.
 * {@code --gmm-n-init} and {@code --umap-epochs} are unsupervised quality knobs; their defaults are the issue's recipe
 * (one EM run; UMAP's automatic 200 epochs at this size, as umap-learn). Each seed seeds the autoencoder, UMAP and
 * the mixture. Timed: each stage's fit (the autoencoder's with its per-epoch wall and process CPU seconds), the
 * encoding; loading and scoring are not. Warm-ups (20 training steps on a throwaway model, UMAP and the mixture on
 * 5,000 generated 10-d points) run first and are recorded apart.
 */
public final class N2dBenchmark {
    static final List<Integer> HIDDEN = List.of(500, 500, 2000);
    static final int LATENT = 10;
    static final int K = 10;
    private static final int BATCH_SIZE = 256;
    private static final double LEARNING_RATE = 1e-3;
    private static final int TRAIN_WARM_UP_BATCHES = 20;
    /** Above 4,096 points, so that the warm-up runs UMAP's approximate neighbour search as the measurement does. */
    private static final int UMAP_WARM_UP_ROWS = 5_000;
    /** The codes {@code --stages} writes and the peer reads. */
    static final String CODES_FILE = "n2d-codes.npy";
    /** Components of the over-clustering whose purity bounds what grouping them into K clusters can reach. */
    static final int CEILING_COMPONENTS = 50;
    /** Neighbours per image in the code-space agreement, UMAP's n_neighbors less the point itself. */
    static final int AGREEMENT_NEIGHBOURS = 19;
    private static final String USAGE = """
            usage: N2dBenchmark [--out DIR] [--seeds 0,1,2] [--epochs 30] [--quick] [--epoch-time-only N]
                                [--gmm-n-init 1] [--umap-epochs N] [--stages SEEDS]""";

    private N2dBenchmark() {
    }

    /**
     * Command-line options.
     *
     * @param epochTimeOnly train only, recording epoch times (then {@code recipe.epochs()} is that run's epochs)
     * @param stageSeeds    seeds of UMAP and the mixture on one autoencoder's codes; empty unless {@code --stages}
     */
    record Options(Path out, List<Long> seeds, boolean quick, boolean epochTimeOnly, Recipe recipe,
                   List<Long> stageSeeds) {
        static Options parse(String[] args) {
            Path out = Path.of("bench", "out");
            List<Long> seeds = List.of(0L, 1L, 2L);
            boolean quick = false;
            Integer epochTimeOnly = null;
            int epochs = 30;
            int gmmNInit = 1;
            int umapEpochs = -1;
            List<Long> stageSeeds = List.of();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--seeds" -> seeds = seeds(args[i], value(args, ++i));
                    case "--epochs" -> epochs = positive(args, ++i);
                    case "--quick" -> quick = true;
                    case "--epoch-time-only" -> epochTimeOnly = positive(args, ++i);
                    case "--gmm-n-init" -> gmmNInit = positive(args, ++i);
                    case "--umap-epochs" -> umapEpochs = positive(args, ++i);
                    case "--stages" -> stageSeeds = seeds(args[i], value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (epochTimeOnly != null && !stageSeeds.isEmpty()) {
                throw new IllegalArgumentException("--epoch-time-only and --stages are separate runs; give one");
            }
            return new Options(out, seeds, quick, epochTimeOnly != null,
                    new Recipe(epochTimeOnly != null ? epochTimeOnly : epochs, gmmNInit, umapEpochs), stageSeeds);
        }

        boolean stages() {
            return !stageSeeds.isEmpty();
        }

        private static List<Long> seeds(String option, String text) {
            List<Long> seeds = new ArrayList<>();
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    try {
                        seeds.add(Long.parseLong(s.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(option + " must be comma-separated integers, got '"
                                + text + "'");
                    }
                }
            }
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException(option + " needs at least one seed");
            }
            return List.copyOf(seeds);
        }

        private static int positive(String[] args, int i) {
            String text = value(args, i);
            try {
                int n = Integer.parseInt(text);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Reported below with the option's name.
            }
            throw new IllegalArgumentException(args[i - 1] + " must be an integer >= 1, got '" + text + "'");
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * N2D's estimators for a seed. The issue's recipe is 30 epochs, one EM run and UMAP's automatic epochs (-1).
     *
     * @param epochs     autoencoder epochs
     * @param gmmNInit   EM runs of the mixture, the highest likelihood kept (unsupervised)
     * @param umapEpochs UMAP's optimisation epochs, -1 for automatic (200 above 10,000 points, as umap-learn)
     */
    record Recipe(int epochs, int gmmNInit, int umapEpochs) {
        static final Recipe ISSUE = new Recipe(30, 1, -1);

        /** ReLU, linear code and output, MSE, Adam 1e-3, batch 256, every item trained on (no validation split). */
        Autoencoder autoencoder(long seed) {
            return new Autoencoder(new DenseNetwork(HIDDEN, LATENT)).withTraining(Training.defaults()
                    .withEpochs(epochs).withBatchSize(BATCH_SIZE).withLearningRate(LEARNING_RATE)
                    .withValidationFraction(0)).withSeed(seed);
        }

        Umap umap(long seed) {
            return new Umap(LATENT).withNeighbors(20).withMinDist(0).withEpochs(umapEpochs).withSeed(seed);
        }

        GaussianMixture gmm(long seed) {
            return new GaussianMixture(K).withCovarianceType(CovarianceType.FULL).withNInit(gmmNInit).withSeed(seed);
        }

        /** The recipe as the result file states it, in the peer's terms. */
        Map<String, Object> describe(int width) {
            Autoencoder ae = autoencoder(0);
            Training t = ae.training();
            Umap u = umap(0);
            GaussianMixture g = gmm(0);
            List<Integer> encoder = new ArrayList<>(List.of(width));
            encoder.addAll(HIDDEN);
            encoder.add(LATENT);
            return fields(
                    "autoencoder", fields("encoder", encoder, "decoder", encoder.reversed(), "activation", "relu",
                            "latent_activation", "linear", "output_activation", "linear",
                            "init", "pytorch default (drawn in Java)", "loss", "mse (mean over batch and features)",
                            "optimizer", fields("name", "adam", "lr", t.learningRate(),
                                    "betas", List.of(t.beta1(), t.beta2()), "eps", t.epsilon()),
                            "batch_size", t.batchSize(), "epochs", t.epochs(), "shuffle", "every epoch",
                            "validation_fraction", t.validationFraction(),
                            "epoch_loss", "mean batch loss weighted by batch size"),
                    "umap", fields("n_components", u.nComponents(), "n_neighbors", u.nNeighbors(),
                            "min_dist", u.minDist(), "metric", "euclidean",
                            "n_epochs", umapEpochs == -1 ? "auto" : umapEpochs, "random_state", "seed"),
                    "gmm", fields("n_components", g.k(), "covariance_type", "full", "n_init", g.nInit(),
                            "max_iter", g.maxIter(), "tol", g.tol(), "random_state", "seed",
                            "dtype", "float32 data, float64 statistics"),
                    "issue_recipe", equals(ISSUE));
        }
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.out());
        Images images = BenchData.fashionMnist(options.quick());
        Matrix x = images.pixels();
        log("loaded " + x.rows() + "x" + x.cols() + (options.quick() ? " (quick: test set only)" : " (train+test)"));
        Map<String, Object> report = Runs.header(BenchData.describe(x.rows(), x.cols(), options.quick()));
        List<String> command = new ArrayList<>(List.of(N2dBenchmark.class.getName()));
        command.addAll(Arrays.asList(args));
        report.put("command", command);
        report.put("mode", options.epochTimeOnly() ? "epoch_time_only" : options.stages() ? "stages" : "full");
        Recipe recipe = options.recipe();
        report.put("recipe", recipe.describe(x.cols()));

        report.put("train_warmup_seconds", warmUpTraining(recipe, x));
        if (!options.epochTimeOnly()) {
            double umapWarmUp = warmUpUmap(recipe);
            log(String.format(Locale.ROOT, "UMAP and GMM warm-up: %.1f s (not counted)", umapWarmUp));
            report.put("umap_warmup_seconds", umapWarmUp);
        }
        if (options.stages()) {
            report.putAll(runStages(recipe, x, images.labels(), options));
        } else {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (long seed : options.seeds()) {
                runs.add(runSeed(recipe, x, images.labels(), seed, options.epochTimeOnly()));
            }
            report.put("runs", runs);
        }
        // VmHWM covers the whole process: loading, the warm-ups and every seed.
        report.put("peak_rss_mib", Machine.peakRssKib() / 1024.0);
        Path file = options.out().resolve(options.epochTimeOnly() ? "n2d-latentkit-epochs.json"
                : options.stages() ? "n2d-latentkit-stages.json" : "n2d-latentkit.json");
        Runs.writeJson(file, report);
        log("wrote " + file);
    }

    /**
     * One seed: trains the autoencoder (recording each epoch's wall and process CPU seconds and loss), then, unless
     * epoch times are all that is wanted, encodes every row, embeds the codes with UMAP, fits the mixture and scores
     * its labels against the true classes.
     */
    static Map<String, Object> runSeed(Recipe recipe, Matrix x, int[] truth, long seed, boolean epochTimeOnly) {
        Map<String, Object> run = fields("seed", seed, "date", Runs.now(), "loadavg_1min_before",
                Machine.loadAverage(), "busy_cores_before", Machine.busyCores());
        Dataset data = Dataset.of(x);
        EpochClock clock = new EpochClock(seed);
        Timed<Autoencoder.Model> ae = timed(() -> recipe.autoencoder(seed).fit(data, null, clock));
        List<TrainingHistory.Row> rows = ae.value().history().rows();
        run.put("epoch_seconds", rows.stream().map(TrainingHistory.Row::seconds).toList());
        run.put("epoch_cpu_seconds", clock.cpuSeconds);
        run.put("epoch_loss", rows.stream().map(TrainingHistory.Row::loss).toList());
        // The whole fit: drawing the weights, copying the data to the engine, the epochs and reading the weights back.
        run.put("ae_seconds", ae.seconds());
        if (epochTimeOnly) {
            return run;
        }
        Timed<Matrix> codes = timed(() -> ae.value().encode(x));
        Timed<Umap.Model> umap = timed(() -> recipe.umap(seed).fit(Dataset.of(codes.value())));
        Dataset embedding = Dataset.of(umap.value().embedding());
        Timed<GaussianMixture.Model> gmm = timed(() -> recipe.gmm(seed).fit(embedding));
        GaussianMixture.Model m = gmm.value();
        double total = ae.seconds() + codes.seconds() + umap.seconds() + gmm.seconds();
        run.putAll(fields("embed_seconds", codes.seconds(), "umap_seconds", umap.seconds(),
                "gmm_seconds", gmm.seconds(), "total_seconds", total,
                "umap_init", umap.value().init().name().toLowerCase(Locale.ROOT),
                "gmm_converged", m.converged(), "gmm_n_iter", m.nIter(), "mean_log_likelihood", m.logLikelihood()));
        ContingencyTable table = ContingencyTable.of(truth, m.labels());
        run.putAll(Kernels.agreement(truth, m.labels()));
        run.put("ari", ExternalMetrics.ari(table));
        run.put("peak_rss_mib", Machine.peakRssKib() / 1024.0);
        log(String.format(Locale.ROOT, "seed %d: ACC %.4f NMI %.4f ARI %.4f; AE %.1f s, UMAP %.1f s, GMM %.1f s, "
                        + "total %.1f s", seed, (double) run.get("acc"), (double) run.get("nmi"),
                (double) run.get("ari"), ae.seconds(), umap.seconds(), gmm.seconds(), total));
        return run;
    }

    /**
     * The stages after training on one autoencoder's codes: trains the first seed's autoencoder, writes its codes to
     * DIR/{@value #CODES_FILE} (with their SHA-256, so the peer's result shows it read the same file), then fits UMAP
     * and the mixture once per stage seed (each seeds both) and scores them. It also measures what the codes allow
     * any clustering of them (latentkit's side only): how many of each image's nearest neighbours in code space share
     * its class, and per stage seed the purity of a {@value #CEILING_COMPONENTS}-component mixture on the embedding,
     * which no grouping of those components into K clusters can exceed in ACC.
     */
    static Map<String, Object> runStages(Recipe recipe, Matrix x, int[] truth, Options options) {
        long aeSeed = options.seeds().getFirst();
        Timed<Autoencoder.Model> ae = timed(() -> recipe.autoencoder(aeSeed).fit(Dataset.of(x), null,
                new EpochClock(aeSeed)));
        Matrix codes = ae.value().encode(x);
        Path file = options.out().resolve(CODES_FILE);
        NpyFormat.writeMatrix(file, codes);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (long seed : options.stageSeeds()) {
            Map<String, Object> run = fields("seed", seed, "date", Runs.now(), "loadavg_1min_before",
                    Machine.loadAverage(), "busy_cores_before", Machine.busyCores());
            Timed<Umap.Model> umap = timed(() -> recipe.umap(seed).fit(Dataset.of(codes)));
            Dataset embedding = Dataset.of(umap.value().embedding());
            Timed<GaussianMixture.Model> gmm = timed(() -> recipe.gmm(seed).fit(embedding));
            int[] labels = gmm.value().labels();
            run.putAll(fields("umap_seconds", umap.seconds(), "gmm_seconds", gmm.seconds(),
                    "mean_log_likelihood", gmm.value().logLikelihood()));
            run.putAll(Kernels.agreement(truth, labels));
            ContingencyTable table = ContingencyTable.of(truth, labels);
            run.put("ari", ExternalMetrics.ari(table));
            run.put("purity", ExternalMetrics.purity(table));
            int[] over = new GaussianMixture(CEILING_COMPONENTS).withCovarianceType(CovarianceType.FULL).withSeed(seed)
                    .fit(embedding).labels();
            run.put("ceiling_purity", ExternalMetrics.purity(ContingencyTable.of(truth, over)));
            log(String.format(Locale.ROOT, "codes of AE seed %d, UMAP and GMM seed %d: ACC %.4f NMI %.4f; UMAP %.1f s; "
                            + "purity of %d components %.4f", aeSeed, seed, (double) run.get("acc"),
                    (double) run.get("nmi"), umap.seconds(), CEILING_COMPONENTS, (double) run.get("ceiling_purity")));
            runs.add(run);
        }
        List<Double> losses = ae.value().history().rows().stream().map(TrainingHistory.Row::loss).toList();
        return fields("ae_seed", aeSeed, "ae_seconds", ae.seconds(), "ae_last_loss", losses.getLast(),
                "codes_file", file.getFileName().toString(), "codes_sha256", Runs.sha256(file),
                "ceiling_components", CEILING_COMPONENTS, "agreement_neighbours", AGREEMENT_NEIGHBOURS,
                "codes_neighbour_agreement", neighbourAgreement(codes, truth), "runs", runs);
    }

    /** The fraction of each row's nearest other rows that share its class, averaged over rows (exact search). */
    static double neighbourAgreement(Matrix codes, int[] truth) {
        Neighbors knn = NearestNeighbors.exact(codes, codes, AGREEMENT_NEIGHBOURS, Metric.EUCLIDEAN, true);
        long same = 0;
        for (int i = 0; i < codes.rows(); i++) {
            for (int r = 0; r < knn.k(); r++) {
                if (truth[knn.index(i, r)] == truth[i]) {
                    same++;
                }
            }
        }
        return (double) same / ((long) codes.rows() * knn.k());
    }

    /** Per-epoch process CPU seconds (on a shared machine they vary less than wall time), and a log line per epoch. */
    private static final class EpochClock implements TrainingListener {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long seed;
        private final List<Double> cpuSeconds = new ArrayList<>();
        private long last;

        EpochClock(long seed) {
            this.seed = seed;
        }

        @Override
        public void onStart(int firstEpoch, int epochs, int batches) {
            last = os.getProcessCpuTime();
        }

        @Override
        public void onEpoch(TrainingHistory.Row row) {
            long now = os.getProcessCpuTime();
            cpuSeconds.add((now - last) / 1e9);
            last = now;
            log(String.format(Locale.ROOT, "seed %d epoch %d: loss %.6f, %.2f s (cpu %.2f s)", seed, row.epoch(),
                    row.loss(), row.seconds(), cpuSeconds.getLast()));
        }
    }

    /** Trains 20 steps on a throwaway model, so the first timed epoch does not pay the engine's warm-up. */
    private static double warmUpTraining(Recipe recipe, Matrix x) {
        long start = System.nanoTime();
        Matrix head = x.selectRows(IntStream.range(0, Math.min(x.rows(), TRAIN_WARM_UP_BATCHES * BATCH_SIZE))
                .toArray());
        Autoencoder ae = recipe.autoencoder(0);
        ae.withTraining(ae.training().withEpochs(1)).fit(Dataset.of(head), null, TrainingListener.NONE);
        return seconds(start);
    }

    /** UMAP and the mixture once on generated 10-d points, so JIT compilation is not charged to the first seed. */
    private static double warmUpUmap(Recipe recipe) {
        long start = System.nanoTime();
        Matrix points = BenchData.gaussianMixture(UMAP_WARM_UP_ROWS, LATENT, K, 1).points();
        recipe.gmm(0).fit(Dataset.of(recipe.umap(0).fit(Dataset.of(points)).embedding()));
        return seconds(start);
    }
}
