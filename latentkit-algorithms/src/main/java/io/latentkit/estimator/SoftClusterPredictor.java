package io.latentkit.estimator;

import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;

/** A fitted clustering that gives each item a probability per cluster (rows sum to one). */
public interface SoftClusterPredictor extends ClusterPredictor {
    Matrix predictProba(Dataset data);
}
