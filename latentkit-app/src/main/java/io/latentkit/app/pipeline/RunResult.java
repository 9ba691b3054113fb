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
 */
public record RunResult(Path folder, List<Clusterer> clusterers) {
    public RunResult {
        clusterers = List.copyOf(clusterers);
    }

    /**
     * One clusterer's outcome.
     *
     * @param name    the clusterer's unique name
     * @param method  its method, e.g. "gmm"
     * @param folder  its run folder
     * @param metrics the content of its metrics.json, in its order
     */
    public record Clusterer(String name, String method, Path folder, Map<String, Object> metrics) {
        public Clusterer {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /** The clusterer with this name. */
    public Clusterer clusterer(String name) {
        return clusterers.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no clusterer named '" + name + "'"));
    }
}
