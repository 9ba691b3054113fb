package io.latentkit.estimator;

import io.latentkit.data.Dataset;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline learned: fitted transforms applied in order, then one fitted clusterer. It maps new data into the
 * clustered space and assigns it, exactly as the training data was.
 *
 * @param transforms the fitted transforms, first applied first
 * @param clusterer  the fitted clusterer, working in the space the transforms produce
 */
public record FittedPipeline(List<Transform> transforms, ClusterPredictor clusterer) implements Transform, ClusterPredictor {
    public FittedPipeline {
        transforms = List.copyOf(transforms);
        Objects.requireNonNull(clusterer, "clusterer");
    }

    /** The data in the clustered space: every transform applied in order. */
    @Override
    public Dataset transform(Dataset data) {
        Dataset current = data;
        for (Transform t : transforms) {
            current = t.transform(current);
        }
        return current;
    }

    @Override
    public int[] predict(Dataset data) {
        return clusterer.predict(transform(data));
    }

    @Override
    public int[] labels() {
        return clusterer.labels();
    }

    @Override
    public int nClusters() {
        return clusterer.nClusters();
    }
}
