package io.latentkit.app.step;

import io.latentkit.data.Matrix;
import io.latentkit.estimator.ClusterPredictor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fitted clusterer hands to the runner.
 *
 * @param labels       cluster per item, or {@link io.latentkit.estimator.Clustering#NOISE}
 * @param probability  the largest posterior per item (soft clusterers) or the membership probability (HDBSCAN), or
 *                     null
 * @param outlierScore the outlier score per item (HDBSCAN's GLOSH), or null
 * @param modelMetrics model-specific scores for metrics.json in the order to show them, e.g. log_likelihood, bic, aic
 * @param nIter        iterations of the winning run
 * @param converged    whether the winning run converged
 * @param model        the fitted model, which assigns new data and is saved with the run
 */
public record ClusterFit(int[] labels, float[] probability, float[] outlierScore, Map<String, Double> modelMetrics,
                         int nIter, boolean converged, ClusterPredictor model) {
    public ClusterFit {
        modelMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(modelMetrics));
    }

    /** A fit without outlier scores. */
    public ClusterFit(int[] labels, float[] probability, Map<String, Double> modelMetrics, int nIter, boolean converged,
                      ClusterPredictor model) {
        this(labels, probability, null, modelMetrics, nIter, converged, model);
    }

    /** A float column of assignments from float64 values. */
    public static float[] column(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The probability column of assignments: each item's largest posterior (rows of {@code proba} sum to one). */
    public static float[] largestPerRow(Matrix proba) {
        float[] out = new float[proba.rows()];
        for (int i = 0; i < proba.rows(); i++) {
            float best = 0;
            for (int j = 0; j < proba.cols(); j++) {
                best = Math.max(best, proba.get(i, j));
            }
            out[i] = best;
        }
        return out;
    }
}
