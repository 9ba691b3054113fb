package io.latentkit.app.step;

import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import io.latentkit.data.Dataset;
import java.util.List;
import java.util.function.Function;

/**
 * A clustering method that pipelines can use: its name, parameters and how to fit it.
 *
 * @param method  the name used in configs, e.g. "kmeans"
 * @param params  declared parameters; a parameter named "seed" is filled from the pipeline seed when not given
 * @param factory builds a fitter from validated parameters (may reject combinations with IllegalArgumentException)
 */
public record ClustererType(String method, List<Param> params, Function<Params, Fitter> factory) {
    /** A configured clusterer, ready to fit. */
    @FunctionalInterface
    public interface Fitter {
        ClusterFit fit(Dataset data);
    }

    public ClustererType {
        params = List.copyOf(params);
    }
}
