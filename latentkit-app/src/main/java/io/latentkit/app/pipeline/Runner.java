package io.latentkit.app.pipeline;

import io.latentkit.app.run.Assignments;
import io.latentkit.app.run.ClusterMetrics;
import io.latentkit.app.run.ClusterSamples;
import io.latentkit.app.run.Figures;
import io.latentkit.app.run.Json;
import io.latentkit.app.run.Metrics;
import io.latentkit.app.run.ReconstructionAnalysis;
import io.latentkit.app.run.RunFolder;
import io.latentkit.app.run.StepCache;
import io.latentkit.app.run.Summary;
import io.latentkit.app.run.SweepReport;
import io.latentkit.app.run.TrainingReport;
import io.latentkit.app.run.Versions;
import io.latentkit.app.step.ClusterFit;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.deep.Autoencoder;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.estimator.Reconstructor;
import io.latentkit.estimator.Transform;
import io.latentkit.persist.ModelStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a pipeline: reads the input, then for every seed and every space applies the transform steps (through the
 * step cache, and at most once per run for a chain of steps that several spaces share), fits every clusterer on the
 * result, scores it and writes its run folder, including the fitted transforms and clusterer in {@code model/}.
 * The metric "seconds" of a clusterer is the time of its space's transform steps plus its fit; reading, evaluation
 * and writing are timed separately in run.json.
 *
 * <p>Folders nest by seed ({@code seed-<s>/}), space ({@code <space>/}) and clusterer ({@code <name>/}), each level
 * only when there is more than one; with one of each, the run folder itself is the clusterer's folder.
 */
final class Runner {
    /** Dropped rows listed in run.json beyond which only the count is kept. */
    static final int DROPPED_LISTED = 1000;

    private final Pipeline pipeline;
    private final RunOptions options;
    private final StepCache cache;
    /** Step outputs of this run by chain key, so spaces that share a prefix of steps compute it once. */
    private final Map<String, Computed> computed = new HashMap<>();

    /** A transform step's result within this run, with its timing record. */
    private record Computed(StepCache.Entry entry, Map<String, Object> record, double seconds) {
    }

    /**
     * A space as computed for one seed.
     *
     * @param output  the transformed items
     * @param inputs  what each step received, in order
     * @param fitted  the transforms fitted on the input, in order; saved with every model
     * @param steps   their timing records
     * @param seconds their total time (as first computed, also when reused)
     */
    private record Chain(Dataset output, List<Dataset> inputs, List<Transform> fitted, List<Map<String, Object>> steps,
                         double seconds) {
    }

    Runner(Pipeline pipeline, RunOptions options) {
        this.pipeline = pipeline;
        this.options = options;
        this.cache = options.cacheDir() == null ? null : new StepCache(options.cacheDir());
    }

    RunResult run(Dataset given, Path outDir) {
        String started = Instant.now().toString();
        Path target = outDir.toAbsolutePath().normalize();
        RunFolder.checkTarget(target, options.overwrite());
        Tensors.setThreads(pipeline.threads());
        List<Map<String, Object>> readSteps = new ArrayList<>();
        ReadResult read = given != null ? ReadResult.of(given)
                : timed("read " + pipeline.input().path().getFileName(), readSteps, () -> DatasetFormats.read(pipeline.input()));
        Dataset data = read.dataset();
        requireFinite(data.features(), "the input");
        String fingerprint = data.fingerprint();
        Labels truth = data.labels().orElse(null);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("input", inputRecord(given == null, data, fingerprint, read));
        record.put("versions", Versions.all());
        record.put("engine_threads", Tensors.threads());
        record.put("thread_invariant", Tensors.threadInvariant());
        record.put("started", started);

        List<Long> seeds = pipeline.seeds();
        List<Pipeline.Space> spaces = pipeline.spaces().isEmpty() ? Collections.singletonList(null) : pipeline.spaces();
        boolean single = seeds.size() == 1 && spaces.size() == 1 && pipeline.clusterers().size() == 1;
        try (RunFolder folder = RunFolder.create(target, options.overwrite())) {
            List<RunResult.Clusterer> results = new ArrayList<>();
            List<RunResult.Sweep> sweeps = new ArrayList<>();
            List<Map<String, Object>> allSteps = new ArrayList<>(readSteps);
            for (long seed : seeds) {
                for (Pipeline.Space space : spaces) {
                    Chain chain = chain(data, fingerprint, seed, space);
                    allSteps.addAll(chain.steps());
                    List<Map<String, Object>> shared = new ArrayList<>(readSteps);
                    shared.addAll(chain.steps());
                    Path spaceRel = relative(seeds, seed, spaces, space);
                    writeTraining(chain, folder.dir().resolve(spaceRel), shared);
                    if (pipeline.reconstruction().enabled()) {
                        analyseReconstruction(chain, folder.dir().resolve(spaceRel).resolve("reconstruction"), shared);
                    }
                    Optional<Matrix> plane = pipeline.output().figures()
                            ? timed("project to 2-D", shared, () -> Figures.plane(chain.output().features(), seed))
                            : Optional.empty();
                    Map<String, List<SweepReport.Point>> members = new LinkedHashMap<>();
                    for (ClusterStep c : pipeline.clusterers()) {
                        Path rel = spaceRel.resolve(pipeline.clusterers().size() == 1 ? "" : c.name());
                        List<Map<String, Object>> steps = new ArrayList<>(shared);
                        Map<String, Object> metrics = runClusterer(c, seed, space, chain, truth, plane,
                                folder.dir().resolve(rel), record, steps);
                        allSteps.addAll(steps.subList(shared.size(), steps.size()));
                        results.add(new RunResult.Clusterer(c.name(), c.type().method(),
                                space == null ? null : space.name(), seed, target.resolve(rel), metrics));
                        if (c.sweep() != null) {
                            members.computeIfAbsent(c.sweep(), g -> new ArrayList<>())
                                    .add(new SweepReport.Point(c.params().integer("k"), metrics));
                        }
                    }
                    members.forEach((name, points) -> sweeps.add(writeSweep(name, points, chain.output(),
                            folder.dir(), spaceRel, target, space, seed, allSteps)));
                }
            }
            if (!single) {
                Summary.write(folder.dir().resolve("summary.csv"), results.stream().map(Runner::row).toList());
                if (seeds.size() > 1) {
                    Summary.writeOverSeeds(folder.dir().resolve("summary_over_seeds.csv"),
                            results.stream().map(Runner::row).toList());
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("seeds", seeds);
                r.putAll(record);
                writeRecord(folder.dir(), pipeline, r, allSteps);
            }
            folder.commit();
            return new RunResult(target, results, sweeps);
        }
    }

    /**
     * Writes a sweep's folder, {@code <space>/sweep-<name>/}: its report and, once for all its members, the space
     * they clustered. Records the step, with the suggested k, in {@code steps}.
     */
    private RunResult.Sweep writeSweep(String name, List<SweepReport.Point> points, Dataset clustered, Path staging,
                                       Path spaceRel, Path target, Pipeline.Space space, long seed,
                                       List<Map<String, Object>> steps) {
        Path rel = spaceRel.resolve("sweep-" + name);
        String method = pipeline.clusterers().stream().filter(c -> name.equals(c.sweep()))
                .map(c -> c.type().method()).distinct().reduce((a, b) -> a + "," + b).orElseThrow();
        Map<String, Object> suggested = timed("sweep " + name, steps, () -> {
            if (pipeline.output().embedding()) {
                NpyFormat.writeMatrix(staging.resolve(rel).resolve("embedding.npy"), clustered.features());
            }
            return SweepReport.write(staging.resolve(rel), name, method, points, pipeline.output().figures());
        });
        steps.getLast().put("suggested_k", suggested);
        return new RunResult.Sweep(name, method, space == null ? null : space.name(), seed, target.resolve(rel),
                suggested);
    }

    private static Summary.Row row(RunResult.Clusterer r) {
        return new Summary.Row(r.seed(), r.space(), r.name(), r.method(), r.metrics());
    }

    /** The folder of a seed and space within the run folder: one level per dimension that has several entries. */
    private static Path relative(List<Long> seeds, long seed, List<Pipeline.Space> spaces, Pipeline.Space space) {
        Path p = Path.of("");
        if (seeds.size() > 1) {
            p = p.resolve("seed-" + seed);
        }
        if (spaces.size() > 1) {
            p = p.resolve(space.name());
        }
        return p;
    }

    /**
     * Applies the shared steps and then the space's own, each through the run's memo and the cache, both keyed by
     * the whole upstream chain and the step's resolved parameters (with this seed).
     */
    private Chain chain(Dataset data, String fingerprint, long seed, Pipeline.Space space) {
        List<TransformStep> all = new ArrayList<>(pipeline.steps());
        if (space != null) {
            all.addAll(space.steps());
        }
        Dataset current = data;
        String key = StepCache.key(fingerprint, "latentkit " + ModelStore.latentkitBuild());
        List<Dataset> inputs = new ArrayList<>();
        List<Transform> fitted = new ArrayList<>();
        List<Map<String, Object>> records = new ArrayList<>();
        double total = 0;
        for (TransformStep step : all) {
            key = StepCache.key(key, Json.MAPPER.valueToTree(step.toConfig(seed)).toString());
            Computed done = computed.get(key);
            if (done == null) {
                done = compute(step, seed, key, current);
                computed.put(key, done);
                records.add(done.record());
            } else {
                Map<String, Object> reused = new LinkedHashMap<>(done.record());
                reused.put("reused", true);
                records.add(reused);
                options.progress().stepDone(step.label(), 0, true);
            }
            inputs.add(current);
            current = done.entry().output();
            fitted.add(done.entry().fitted());
            total += done.seconds();
        }
        return new Chain(current, inputs, fitted, records, round(total));
    }

    private Computed compute(TransformStep step, long seed, String key, Dataset input) {
        long t0 = System.nanoTime();
        Optional<StepCache.Entry> hit = cache == null ? Optional.empty() : cache.get(key, input);
        StepCache.Entry result = hit.orElseGet(() -> {
            Transform fitted = step.estimator(seed).fit(input);
            return new StepCache.Entry(fitted.transform(input), fitted);
        });
        requireFinite(result.output().features(), "the output of step '" + step.label() + "'");
        if (hit.isEmpty() && cache != null) {
            cache.put(key, result);
        }
        double seconds = seconds(t0);
        Map<String, Object> r = done(step.label(), seconds, hit.isPresent(), new ArrayList<>());
        r.put("cached", hit.isPresent());
        r.put("cache_key", cache == null ? null : key);
        r.put("output_cols", result.output().cols());
        return new Computed(result, r, seconds);
    }

    /** The training history and loss curve of every autoencoder in the chain, in training/ (training-2/, ...). */
    private void writeTraining(Chain chain, Path spaceDir, List<Map<String, Object>> steps) {
        int n = 0;
        for (Transform t : chain.fitted()) {
            if (t instanceof Autoencoder.Model m) {
                Path dir = spaceDir.resolve(++n == 1 ? "training" : "training-" + n);
                steps.add(new LinkedHashMap<>(Map.of("step", "training history", "folder",
                        dir.getFileName().toString(), "summary", TrainingReport.write(dir, m.history()))));
                m.selection().ifPresent(s -> TrainingReport.writeSelection(dir, s));
            }
        }
    }

    /** Seed 000's reconstruction analysis for the last step of the chain that can reconstruct its input, if any. */
    private void analyseReconstruction(Chain chain, Path dir, List<Map<String, Object>> steps) {
        for (int i = chain.fitted().size() - 1; i >= 0; i--) {
            if (chain.fitted().get(i) instanceof Reconstructor model) {
                Dataset input = chain.inputs().get(i);
                Map<String, Object> summary = timed("reconstruction analysis", steps,
                        () -> ReconstructionAnalysis.write(dir, input, model, pipeline.reconstruction()));
                steps.getLast().put("mean_error", summary.get("mean"));
                steps.getLast().put("poorly_reconstructed", summary.get("poorly_reconstructed"));
                return;
            }
        }
    }

    /** Fits, scores and writes one clusterer; appends its timed steps to {@code steps}. */
    private Map<String, Object> runClusterer(ClusterStep c, long seed, Pipeline.Space space, Chain chain, Labels truth,
                                             Optional<Matrix> plane, Path dir, Map<String, Object> record,
                                             List<Map<String, Object>> steps) {
        Dataset x = chain.output();
        String label = (space == null ? "" : space.name() + "/") + c.name();
        long t0 = System.nanoTime();
        ClusterFit fit = timed("cluster " + label, steps,
                () -> c.type().factory().apply(c.resolved(seed)).fit(x));
        double fitSeconds = seconds(t0);
        steps.getLast().put("n_iter", fit.nIter());
        steps.getLast().put("converged", fit.converged());
        Integer k = c.params().has("k") ? c.params().integer("k") : null;
        Metrics metrics = timed("evaluate " + label, steps, () -> ClusterMetrics.compute(x.features(), fit,
                truth, k, pipeline.evaluation(), seed));
        metrics.put("seconds", round(chain.seconds() + fitSeconds));
        timed("write " + label, steps, () -> {
            Json.write(dir.resolve("metrics.json"), metrics.asMap());
            Assignments.write(dir.resolve("assignments.csv"), x.ids(), fit.labels(), truth, fit.probability(),
                    fit.outlierScore());
            ModelStore.save(new FittedPipeline(chain.fitted(), fit.model()), dir.resolve(RunFolder.MODEL));
            // A sweep's members share one space: it is written once, in the sweep's folder.
            if (pipeline.output().embedding() && c.sweep() == null) {
                NpyFormat.writeMatrix(dir.resolve("embedding.npy"), x.features());
            }
            if (pipeline.output().samplesPerCluster() > 0) {
                ClusterSamples.write(dir, x, fit.labels(), pipeline.output().samplesPerCluster(), seed);
            }
            plane.ifPresent(p -> Figures.write(dir, p, x.cols() != 2, fit.labels(), truth,
                    pipeline.name() + " / " + label, seed));
            return dir;
        });
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", seed);
        r.putAll(record);
        writeRecord(dir, pipeline.withOnly(seed, space, c), r, steps);
        return metrics.asMap();
    }

    private static void writeRecord(Path dir, Pipeline scope, Map<String, Object> common, List<Map<String, Object>> steps) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", scope.name());
        r.put("config", scope.toConfig());
        r.putAll(common);
        r.put("steps", steps);
        r.put("finished", Instant.now().toString());
        Json.write(dir.resolve("run.json"), r);
    }

    private Map<String, Object> inputRecord(boolean fromFile, Dataset data, String fingerprint, ReadResult read) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (fromFile) {
            Map<String, Object> spec = InputConfig.toConfig(pipeline.input());
            m.put("path", spec.get("path"));
            m.put("format", spec.get("format"));
        }
        m.put("fingerprint", "sha256:" + fingerprint);
        m.put("rows", data.rows());
        m.put("cols", data.cols());
        m.put("classes", data.labels().map(l -> l.classes().size()).orElse(null));
        Map<String, Object> dropped = new LinkedHashMap<>();
        dropped.put("count", read.dropped().size());
        dropped.put("rows", read.dropped().stream().limit(DROPPED_LISTED).toList());
        m.put("dropped", dropped);
        return m;
    }

    /** Runs {@code work}, records its time in {@code steps} and reports it. */
    private <T> T timed(String step, List<Map<String, Object>> steps, Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        done(step, seconds(t0), false, steps);
        return result;
    }

    private Map<String, Object> done(String step, double seconds, boolean cached, List<Map<String, Object>> steps) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step);
        r.put("seconds", seconds);
        steps.add(r);
        options.progress().stepDone(step, seconds, cached);
        return r;
    }

    private static double seconds(long startNanos) {
        return round((System.nanoTime() - startNanos) / 1e9);
    }

    /** Seconds to the millisecond. */
    private static double round(double seconds) {
        return Math.round(seconds * 1e3) / 1e3;
    }

    private static void requireFinite(Matrix m, String what) {
        long at = m.firstNonFinite();
        if (at >= 0) {
            throw new IllegalStateException(what + " has a non-finite value at row " + at / m.cols()
                    + ", column " + at % m.cols());
        }
    }
}
