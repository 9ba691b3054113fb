package io.latentkit.app.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What a run produced.
 *
 * @param folder     the output folder (the run folder itself when there is one clusterer)
 * @param clusterers one entry per clusterer, in pipeline order
 * @param sweeps     one entry per sweep over k, seed and space, in run order
 */
public record RunResult(Path folder, List<Clusterer> clusterers, List<Sweep> sweeps) {
    public RunResult {
        clusterers = List.copyOf(clusterers);
        sweeps = List.copyOf(sweeps);
    }

    /**
     * A sweep over k (clusterers grouped by their config's {@code sweep}).
     *
     * @param name       the sweep's name
     * @param method     its members' method
     * @param space      the space it clustered, or null when the pipeline names no spaces
     * @param seed       the seed of its run
     * @param folder     where sweep.csv, sweep.json and its figures are
     * @param suggestedK the k each criterion suggests, by criterion (e.g. "elbow_inertia", "max_silhouette")
     */
    public record Sweep(String name, String method, String space, long seed, Path folder, Map<String, Object> suggestedK) {
        public Sweep {
            suggestedK = Collections.unmodifiableMap(new LinkedHashMap<>(suggestedK));
        }
    }

    /**
     * One clusterer's outcome.
     *
     * @param name    the clusterer's unique name
     * @param method  its method, e.g. "gmm"
     * @param space   the space it clustered, or null when the pipeline names no spaces
     * @param seed    the seed of its run
     * @param folder  its run folder
     * @param metrics the content of its metrics.json, in its order
     */
    public record Clusterer(String name, String method, String space, long seed, Path folder, Map<String, Object> metrics) {
        public Clusterer {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /** "space/name" (or the name without spaces), and " seed S" when the run was repeated over seeds. */
    public String label(Clusterer c) {
        String base = c.space() == null ? c.name() : c.space() + "/" + c.name();
        return clusterers.stream().anyMatch(o -> o.seed() != c.seed()) ? base + " seed " + c.seed() : base;
    }

    /** The clusterer with this name (the first one, when there are several spaces or seeds). */
    public Clusterer clusterer(String name) {
        return clusterers.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no clusterer named '" + name + "'"));
    }
}
