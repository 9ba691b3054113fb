package io.latentkit.app.pipeline;

import io.latentkit.app.run.Assignments;
import io.latentkit.app.run.ClusterMetrics;
import io.latentkit.app.run.Figures;
import io.latentkit.app.run.Json;
import io.latentkit.app.run.Metrics;
import io.latentkit.app.run.RunFolder;
import io.latentkit.app.run.StepCache;
import io.latentkit.app.run.Summary;
import io.latentkit.app.run.Versions;
import io.latentkit.app.step.ClusterFit;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.estimator.Transform;
import io.latentkit.persist.ModelStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a pipeline once: reads the input, applies the transform steps once (through the step cache), fits every
 * clusterer on the result, scores it and writes its run folder, including the fitted transforms and clusterer in
 * {@code model/}. The metric "seconds" of a clusterer is the time
 * of the transform steps plus its fit; reading, evaluation and writing are timed separately in run.json.
 */
final class Runner {
    /** Dropped rows listed in run.json beyond which only the count is kept. */
    static final int DROPPED_LISTED = 1000;

    private final Pipeline pipeline;
    private final RunOptions options;
    private final StepCache cache;
    private final List<Map<String, Object>> sharedSteps = new ArrayList<>();
    /** The transforms fitted (or restored from the cache) on the input, in order; saved with every model. */
    private final List<Transform> fittedTransforms = new ArrayList<>();
    private double transformSeconds;

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
        ReadResult read = given != null ? ReadResult.of(given)
                : timed("read " + pipeline.input().path().getFileName(), sharedSteps, () -> DatasetFormats.read(pipeline.input()));
        Dataset data = read.dataset();
        requireFinite(data.features(), "the input");
        String fingerprint = data.fingerprint();
        Dataset space = transform(data, fingerprint);
        Labels truth = data.labels().orElse(null);
        Optional<Matrix> plane = pipeline.output().figures()
                ? timed("project to 2-D", sharedSteps, () -> Figures.plane(space.features(), pipeline.seed()))
                : Optional.empty();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("seed", pipeline.seed());
        record.put("input", inputRecord(given == null, data, fingerprint, read));
        record.put("versions", Versions.all());
        record.put("engine_threads", Tensors.threads());
        record.put("thread_invariant", Tensors.threadInvariant());
        record.put("started", started);

        try (RunFolder folder = RunFolder.create(target, options.overwrite())) {
            boolean single = pipeline.clusterers().size() == 1;
            List<RunResult.Clusterer> results = new ArrayList<>();
            List<Map<String, Object>> clusterSteps = new ArrayList<>();
            for (ClusterStep c : pipeline.clusterers()) {
                Path dir = single ? folder.dir() : folder.dir().resolve(c.name());
                Path finalDir = single ? target : target.resolve(c.name());
                List<Map<String, Object>> steps = new ArrayList<>(sharedSteps);
                Map<String, Object> metrics = runClusterer(c, space, truth, plane, dir, record, steps);
                clusterSteps.addAll(steps.subList(sharedSteps.size(), steps.size()));
                results.add(new RunResult.Clusterer(c.name(), c.type().method(), finalDir, metrics));
            }
            if (!single) {
                Summary.write(folder.dir().resolve("summary.csv"), results.stream()
                        .map(r -> new Summary.Row(r.name(), r.method(), r.metrics())).toList());
                List<Map<String, Object>> steps = new ArrayList<>(sharedSteps);
                steps.addAll(clusterSteps);
                writeRecord(folder.dir(), pipeline, record, steps);
            }
            folder.commit();
            return new RunResult(target, results);
        }
    }

    /** Applies the transform steps in order, each through the cache keyed by its whole upstream chain. */
    private Dataset transform(Dataset data, String fingerprint) {
        Dataset current = data;
        String key = fingerprint;
        for (TransformStep step : pipeline.steps()) {
            Map<String, Object> description = step.toConfig(pipeline.seed());
            key = StepCache.key(key, Json.MAPPER.valueToTree(description).toString());
            long t0 = System.nanoTime();
            Optional<StepCache.Entry> hit = cache == null ? Optional.empty() : cache.get(key, current);
            Dataset input = current;
            StepCache.Entry result = hit.orElseGet(() -> {
                Transform fitted = step.estimator(pipeline.seed()).fit(input);
                return new StepCache.Entry(fitted.transform(input), fitted);
            });
            current = result.output();
            fittedTransforms.add(result.fitted());
            requireFinite(current.features(), "the output of step '" + step.label() + "'");
            if (hit.isEmpty() && cache != null) {
                cache.put(key, result);
            }
            double seconds = seconds(t0);
            transformSeconds += seconds;
            Map<String, Object> r = done(step.label(), seconds, hit.isPresent(), sharedSteps);
            r.put("cached", hit.isPresent());
            r.put("cache_key", cache == null ? null : key);
            r.put("output_cols", current.cols());
        }
        return current;
    }

    /** Fits, scores and writes one clusterer; appends its timed steps to {@code steps}. */
    private Map<String, Object> runClusterer(ClusterStep c, Dataset space, Labels truth, Optional<Matrix> plane,
                                             Path dir, Map<String, Object> record, List<Map<String, Object>> steps) {
        long t0 = System.nanoTime();
        ClusterFit fit = timed("cluster " + c.name(), steps,
                () -> c.type().factory().apply(c.resolved(pipeline.seed())).fit(space));
        double fitSeconds = seconds(t0);
        steps.getLast().put("n_iter", fit.nIter());
        steps.getLast().put("converged", fit.converged());
        Integer k = c.params().has("k") ? c.params().integer("k") : null;
        Metrics metrics = timed("evaluate " + c.name(), steps, () -> ClusterMetrics.compute(space.features(), fit,
                truth, k, pipeline.evaluation(), pipeline.seed()));
        metrics.put("seconds", round(transformSeconds + fitSeconds));
        timed("write " + c.name(), steps, () -> {
            Json.write(dir.resolve("metrics.json"), metrics.asMap());
            Assignments.write(dir.resolve("assignments.csv"), space.ids(), fit.labels(), truth, fit.probability(),
                    fit.outlierScore());
            ModelStore.save(new FittedPipeline(fittedTransforms, fit.model()), dir.resolve(RunFolder.MODEL));
            if (pipeline.output().embedding()) {
                NpyFormat.writeMatrix(dir.resolve("embedding.npy"), space.features());
            }
            plane.ifPresent(p -> Figures.write(dir, p, space.cols() != 2, fit.labels(), truth,
                    pipeline.name() + " / " + c.name(), pipeline.seed()));
            return dir;
        });
        writeRecord(dir, pipeline.withOnly(c), record, steps);
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
