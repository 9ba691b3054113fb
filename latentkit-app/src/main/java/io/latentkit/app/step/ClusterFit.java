package io.latentkit.app.step;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fitted clusterer hands to the runner.
 *
 * @param labels       cluster per item, or {@link io.latentkit.estimator.Clustering#NOISE}
 * @param probability  the largest posterior per item (soft clusterers), or null
 * @param modelMetrics model-specific scores for metrics.json in the order to show them, e.g. log_likelihood, bic, aic
 * @param nIter        iterations of the winning run
 * @param converged    whether the winning run converged
 */
public record ClusterFit(int[] labels, float[] probability, Map<String, Double> modelMetrics, int nIter, boolean converged) {
    public ClusterFit {
        modelMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(modelMetrics));
    }
}
