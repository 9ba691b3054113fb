package io.latentkit.app.pipeline;

import io.latentkit.app.params.Params;
import io.latentkit.app.step.StepTypes;
import io.latentkit.app.step.TransformType;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Transform;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One transform step of a pipeline (scale or reduce).
 *
 * @param type   the registered method
 * @param params validated parameters; an absent seed means "the pipeline seed"
 */
public record TransformStep(TransformType type, Params params) {
    /** The parameters with an inherited seed made explicit. */
    public Params resolved(long pipelineSeed) {
        return params.withDefault(StepTypes.SEED, pipelineSeed);
    }

    public Estimator<? extends Transform> estimator(long pipelineSeed) {
        return type.factory().apply(resolved(pipelineSeed));
    }

    /** The step as it appears in a resolved config, e.g. {reduce: pca, n_components: 50, ...}. */
    public Map<String, Object> toConfig(long pipelineSeed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(type.kind().key(), type.method());
        m.putAll(resolved(pipelineSeed).asMap());
        return m;
    }

    /** A short label for progress lines, e.g. "reduce pca". */
    public String label() {
        return type.kind().key() + " " + type.method();
    }
}
