package io.latentkit.estimator;

/** A fitted clustering: one cluster label per training item. */
public interface Clustering {
    /** The label of items that belong to no cluster (density-based methods); never used by KMeans or GMM. */
    int NOISE = -1;

    /** Cluster label per training item, in 0..nClusters()-1, or {@link #NOISE}. A fresh copy. */
    int[] labels();

    int nClusters();
}
