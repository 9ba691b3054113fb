package io.latentkit.app.step;

import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Transform;
import java.util.List;
import java.util.function.Function;

/**
 * A transform method that pipelines can use: its kind, name, parameters and how to build its estimator.
 *
 * @param kind    scale or reduce
 * @param method  the name used in configs, e.g. "pca"
 * @param params  declared parameters; a parameter named "seed" is filled from the pipeline seed when not given
 * @param factory builds the estimator from validated parameters (may reject combinations with IllegalArgumentException)
 */
public record TransformType(StepKind kind, String method, List<Param> params,
                            Function<Params, Estimator<? extends Transform>> factory) {
    public TransformType {
        params = List.copyOf(params);
    }
}
