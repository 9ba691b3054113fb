package io.latentkit.app.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.app.params.ConfigException;
import io.latentkit.app.run.Evaluation;
import io.latentkit.app.run.Json;
import io.latentkit.app.run.OutputOptions;
import io.latentkit.app.run.ReconstructionOptions;
import io.latentkit.app.step.StepKind;
import io.latentkit.data.Dataset;
import io.latentkit.data.InputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A clustering experiment as data: where the items come from, the transform steps (scale, reduce) applied in order,
 * optionally several named spaces (each its own further steps, e.g. "latent", "umap50"), one or more clusterers
 * fitted on every space, how to evaluate them, and the seed (or seeds, to repeat the whole run) that every estimator
 * inherits unless its step sets its own. Built in Java with {@link #builder()} or from a YAML/JSON file with
 * {@link PipelineConfig#load}; both give the same validated, immutable object.
 *
 * <pre>{@code
 * RunResult r = Pipeline.builder()
 *         .input(InputSpec.of(Path.of("items.csv")).withLabelColumn("class"))
 *         .scale("standard")
 *         .reduce("pca", Map.of("n_components", 50))
 *         .cluster("kmeans", Map.of("k", 10))
 *         .build()
 *         .run(Path.of("runs/items"));
 * }</pre>
 */
public final class Pipeline {
    private final String name;
    private final long seed;
    private final Integer threads;
    private final InputSpec input;
    private final List<Long> seeds;
    private final List<TransformStep> steps;
    private final List<Space> spaces;
    private final List<ClusterStep> clusterers;
    private final Evaluation evaluation;
    private final ReconstructionOptions reconstruction;
    private final OutputOptions output;

    /**
     * A named space: the steps applied after the pipeline's shared steps.
     *
     * @param name  names its folder and its rows in summary.csv
     * @param steps its own steps (possibly none: the shared steps' output itself)
     */
    public record Space(String name, List<TransformStep> steps) {
        public Space {
            steps = List.copyOf(steps);
        }
    }

    private Pipeline(String name, long seed, List<Long> seeds, Integer threads, InputSpec input,
                     List<TransformStep> steps, List<Space> spaces, List<ClusterStep> clusterers, Evaluation evaluation,
                     ReconstructionOptions reconstruction, OutputOptions output) {
        this.name = name;
        this.seed = seed;
        this.seeds = List.copyOf(seeds);
        this.threads = threads;
        this.input = input;
        this.steps = List.copyOf(steps);
        this.spaces = List.copyOf(spaces);
        this.clusterers = List.copyOf(clusterers);
        this.evaluation = evaluation;
        this.reconstruction = reconstruction;
        this.output = output;
    }

    public static Builder builder() {
        return new Builder(null);
    }

    public String name() {
        return name;
    }

    public long seed() {
        return seed;
    }

    /** The seeds the whole run is repeated with: the configured list, else just {@link #seed()}. */
    public List<Long> seeds() {
        return seeds.isEmpty() ? List.of(seed) : seeds;
    }

    /** Engine threads: as configured, else the number of available processors. */
    public int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The input, or null for a pipeline that is only run on a given dataset. */
    public InputSpec input() {
        return input;
    }

    public List<TransformStep> steps() {
        return steps;
    }

    /** The named spaces; empty when the shared steps' output is the only space. */
    public List<Space> spaces() {
        return spaces;
    }

    public List<ClusterStep> clusterers() {
        return clusterers;
    }

    public Evaluation evaluation() {
        return evaluation;
    }

    public ReconstructionOptions reconstruction() {
        return reconstruction;
    }

    public OutputOptions output() {
        return output;
    }

    /** The same pipeline run once, with this seed (a configured list of seeds is dropped). */
    public Pipeline withSeed(long newSeed) {
        return new Pipeline(name, newSeed, List.of(), threads, input, steps, spaces, clusterers, evaluation, reconstruction, output);
    }

    public Pipeline withThreads(int newThreads) {
        return new Pipeline(name, seed, seeds, Builder.checkThreads(newThreads, null), input, steps, spaces, clusterers,
                evaluation, reconstruction, output);
    }

    /** One seed, one space (or none) and one clusterer: what one run folder records. */
    Pipeline withOnly(long runSeed, Space space, ClusterStep clusterer) {
        return new Pipeline(name, runSeed, List.of(), threads, input, steps, space == null ? List.of() : List.of(space),
                List.of(clusterer), evaluation, reconstruction, output);
    }

    /** Reads the input and runs into {@code outDir}, refusing a non-empty folder, caching steps in the default cache. */
    public RunResult run(Path outDir) {
        return run(outDir, RunOptions.defaults());
    }

    public RunResult run(Path outDir, RunOptions options) {
        if (input == null) {
            throw new ConfigException(null, "input", "is required to run without a dataset");
        }
        return new Runner(this, options).run(null, outDir);
    }

    /** Runs on a dataset already in memory (the input spec, if any, is not read). */
    public RunResult run(Dataset data, Path outDir, RunOptions options) {
        return new Runner(this, options).run(Objects.requireNonNull(data, "data"), outDir);
    }

    /** The resolved config: every default filled in, step seeds made explicit. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        if (!seeds.isEmpty()) {
            m.put("seeds", seeds);
        }
        m.put("threads", threads());
        m.put("input", input == null ? null : InputConfig.toConfig(input));
        m.put("steps", steps.stream().map(s -> s.toConfig(seed)).toList());
        if (!spaces.isEmpty()) {
            Map<String, Object> named = new LinkedHashMap<>();
            spaces.forEach(sp -> named.put(sp.name(), sp.steps().stream().map(s -> s.toConfig(seed)).toList()));
            m.put("spaces", named);
        }
        m.put("cluster", clusterers.stream().map(c -> c.toConfig(seed)).toList());
        m.put("evaluation", evaluation.toConfig());
        m.put("reconstruction", reconstruction.toConfig());
        m.put("output", output.toConfig());
        return m;
    }

    /**
     * Collects a pipeline's parts; parameters are validated as they are added, with the same messages as a
     * config file gives (key paths such as {@code cluster[0].k}).
     */
    public static final class Builder {
        private final String source;
        private String name = "pipeline";
        private long seed;
        private final List<Long> seeds = new ArrayList<>();
        private Integer threads;
        private InputSpec input;
        private final List<TransformStep> steps = new ArrayList<>();
        private final List<Space> spaces = new ArrayList<>();
        private final List<ClusterStep> clusterers = new ArrayList<>();
        private int clusterEntries;
        private int stepEntries;
        private Evaluation evaluation = Evaluation.defaults();
        private ReconstructionOptions reconstruction = ReconstructionOptions.defaults();
        private OutputOptions output = OutputOptions.defaults();

        /** @param source the config file for error messages, or null */
        Builder(String source) {
            this.source = source;
        }

        public Builder name(String pipelineName) {
            this.name = Objects.requireNonNull(pipelineName, "name");
            return this;
        }

        public Builder seed(long pipelineSeed) {
            this.seed = pipelineSeed;
            return this;
        }

        /** Repeats the whole run once per seed; summary.csv then also gives each metric's mean and std. */
        public Builder seeds(List<Long> runSeeds) {
            if (runSeeds.isEmpty() || new HashSet<>(runSeeds).size() != runSeeds.size()) {
                throw new ConfigException(source, "seeds", "must be a non-empty list of distinct seeds, got " + runSeeds);
            }
            seeds.clear();
            seeds.addAll(runSeeds);
            return this;
        }

        /**
         * A named space: these steps (entries as in a config, e.g. {@code Map.of("reduce", "umap", "n_components", 25)})
         * after the shared steps. Every clusterer runs on every space.
         */
        @SafeVarargs
        public final Builder space(String spaceName, Map<String, ?>... spaceSteps) {
            return space(spaceName, Arrays.stream(spaceSteps).map(e -> (JsonNode) Json.MAPPER.valueToTree(e)).toList());
        }

        Builder space(String spaceName, List<JsonNode> entries) {
            String path = "spaces." + spaceName;
            StepParser.checkName(spaceName, source, path);
            if (spaces.stream().anyMatch(s -> s.name().equals(spaceName))) {
                throw new ConfigException(source, path, "is defined twice");
            }
            List<TransformStep> own = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                TransformStep step = StepParser.transform(entries.get(i), source, path + "[" + i + "]");
                if (step != null) {
                    own.add(step);
                }
            }
            spaces.add(new Space(spaceName, own));
            return this;
        }

        /** Engine threads (default: available processors). */
        public Builder threads(int engineThreads) {
            this.threads = checkThreads(engineThreads, source);
            return this;
        }

        public Builder input(InputSpec spec) {
            this.input = spec;
            return this;
        }

        /** A scaling step: standard, minmax, l2, or none (which adds nothing). */
        public Builder scale(String method) {
            return scale(method, Map.of());
        }

        public Builder scale(String method, Map<String, ?> params) {
            return step(StepKind.SCALE, method, params);
        }

        /** A reduction step, e.g. {@code reduce("pca", Map.of("n_components", 50))}. */
        public Builder reduce(String method, Map<String, ?> params) {
            return step(StepKind.REDUCE, method, params);
        }

        /** An encoder step, e.g. {@code encode("ae", Map.of("hidden", List.of(500, 500, 2000), "latent", 10))}. */
        public Builder encode(String method, Map<String, ?> params) {
            return step(StepKind.ENCODE, method, params);
        }

        /** A clusterer, e.g. {@code cluster("gmm", Map.of("k", 10, "covariance_type", "diag"))}; "name" may be given. */
        public Builder cluster(String method, Map<String, ?> params) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("method", method);
            entry.putAll(params);
            return cluster(Json.MAPPER.valueToTree(entry));
        }

        public Builder evaluation(Evaluation options) {
            this.evaluation = Objects.requireNonNull(options, "evaluation");
            return this;
        }

        public Builder reconstruction(ReconstructionOptions options) {
            this.reconstruction = Objects.requireNonNull(options, "reconstruction");
            return this;
        }

        public Builder output(OutputOptions options) {
            this.output = Objects.requireNonNull(options, "output");
            return this;
        }

        private Builder step(StepKind kind, String method, Map<String, ?> params) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(kind.key(), method);
            entry.putAll(params);
            return step(Json.MAPPER.valueToTree(entry));
        }

        Builder step(JsonNode entry) {
            TransformStep step = StepParser.transform(entry, source, "steps[" + stepEntries++ + "]");
            if (step != null) {
                steps.add(step);
            }
            return this;
        }

        Builder cluster(JsonNode entry) {
            List<ClusterStep> parsed = StepParser.clusters(entry, source, "cluster[" + clusterEntries++ + "]");
            if (StepParser.isSweep(entry.get("k")) && !entry.has("sweep")) {
                // A second sweep of the same method gets its own group, as a second clusterer gets its own name.
                String group = parsed.getFirst().sweep();
                Set<String> taken = new HashSet<>();
                clusterers.forEach(c -> taken.add(c.sweep()));
                String unique = group;
                for (int i = 2; taken.contains(unique); i++) {
                    unique = group + "-" + i;
                }
                String chosen = unique;
                parsed = parsed.stream().map(c -> c.inSweep(chosen)).toList();
            }
            clusterers.addAll(parsed);
            return this;
        }

        /** @throws ConfigException when no clusterer was added */
        public Pipeline build() {
            if (clusterers.isEmpty()) {
                throw new ConfigException(source, "cluster", "at least one clusterer is required, e.g. {method: kmeans, k: 10}");
            }
            checkSweeps();
            return new Pipeline(name, seed, seeds, threads, input, steps, spaces, uniqueNames(clusterers), evaluation,
                    reconstruction, output);
        }

        /** Every member of a sweep has its own k. */
        private void checkSweeps() {
            Map<String, Set<Integer>> seen = new HashMap<>();
            for (ClusterStep c : clusterers) {
                if (c.sweep() == null) {
                    continue;
                }
                if (!c.params().has("k")) {
                    throw new ConfigException(source, "cluster", "'" + c.name() + "' is in sweep '" + c.sweep()
                            + "', but its method " + c.type().method() + " takes no k");
                }
                int k = c.params().integer("k");
                if (!seen.computeIfAbsent(c.sweep(), g -> new HashSet<>()).add(k)) {
                    throw new ConfigException(source, "cluster", "sweep '" + c.sweep() + "' has k = " + k + " twice");
                }
            }
        }

        /** Second and later uses of a name get "-2", "-3", ... */
        private static List<ClusterStep> uniqueNames(List<ClusterStep> given) {
            Set<String> used = new HashSet<>();
            List<ClusterStep> out = new ArrayList<>();
            for (ClusterStep c : given) {
                String candidate = c.name();
                for (int i = 2; !used.add(candidate); i++) {
                    candidate = c.name() + "-" + i;
                }
                out.add(c.withName(candidate));
            }
            return out;
        }

        static int checkThreads(int n, String source) {
            if (n < 1) {
                throw new ConfigException(source, "threads", "must be >= 1, got " + n);
            }
            return n;
        }
    }
}
