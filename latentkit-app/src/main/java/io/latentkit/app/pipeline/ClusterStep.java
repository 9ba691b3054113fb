package io.latentkit.app.pipeline;

import io.latentkit.app.params.Params;
import io.latentkit.app.step.ClustererType;
import io.latentkit.app.step.StepTypes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One clusterer of a pipeline.
 *
 * @param name   unique within the pipeline; names the run folder when there are several clusterers
 * @param type   the registered method
 * @param params validated parameters; an absent seed means "the pipeline seed"
 */
public record ClusterStep(String name, ClustererType type, Params params) {
    /** The parameters with an inherited seed made explicit. */
    public Params resolved(long pipelineSeed) {
        return params.withDefault(StepTypes.SEED, pipelineSeed);
    }

    public ClusterStep withName(String newName) {
        return new ClusterStep(newName, type, params);
    }

    /** The clusterer as it appears in a resolved config, e.g. {method: kmeans, name: kmeans, k: 10, ...}. */
    public Map<String, Object> toConfig(long pipelineSeed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", type.method());
        m.put("name", name);
        m.putAll(resolved(pipelineSeed).asMap());
        return m;
    }
}
