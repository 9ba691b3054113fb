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
 * @param sweep  the sweep over k this clusterer belongs to (its members differ in k), or null
 */
public record ClusterStep(String name, ClustererType type, Params params, String sweep) {
    /** The parameters with an inherited seed made explicit. */
    public Params resolved(long pipelineSeed) {
        return params.withDefault(StepTypes.SEED, pipelineSeed);
    }

    public ClusterStep withName(String newName) {
        return new ClusterStep(newName, type, params, sweep);
    }

    /** This clusterer as the member of sweep {@code group} named after it and its k, e.g. kmeans-k8. */
    public ClusterStep inSweep(String group) {
        return new ClusterStep(group + "-k" + params.integer("k"), type, params, group);
    }

    /** The clusterer as it appears in a resolved config, e.g. {method: kmeans, name: kmeans, k: 10, ...}. */
    public Map<String, Object> toConfig(long pipelineSeed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", type.method());
        m.put("name", name);
        if (sweep != null) {
            m.put("sweep", sweep);
        }
        m.putAll(resolved(pipelineSeed).asMap());
        return m;
    }
}
