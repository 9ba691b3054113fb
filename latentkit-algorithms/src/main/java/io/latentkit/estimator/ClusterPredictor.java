package io.latentkit.estimator;

import io.latentkit.data.Dataset;

/** A fitted clustering that can assign new items, so a model fitted on a sample can label millions. */
public interface ClusterPredictor extends Clustering {
    int[] predict(Dataset data);
}
