package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Matrix;
import io.latentkit.metrics.Elbow;
import java.util.Arrays;

/**
 * The sorted k-distance curve used to choose DBSCAN's {@code eps} (Ester et al., 1996), with a knee suggestion.
 * Each point's k-distance is the distance to its {@code minSamples}-th nearest point counting itself, so a point is
 * a core point of {@code Dbscan(eps, minSamples)} exactly when its k-distance is at most {@code eps}. The knee is
 * the {@link Elbow} of the ascending curve (the first point when it has none): the values left of it are the dense
 * points.
 *
 * <p>Cost: exact kNN by GEMM tiles ({@link NearestNeighbors#exact}), O(n^2 d) time, O(n x minSamples) memory.
 * The knee is a heuristic: on data without a clear density gap it is only a starting point, so reports should show
 * the curve.
 *
 * @param minSamples the k of the curve (DBSCAN's minSamples)
 * @param curve      k-distance of every point, ascending
 * @param kneeIndex  index of the knee in {@code curve}
 */
public record KDistance(int minSamples, float[] curve, int kneeIndex) {
    /** The k-distance curve of the rows of {@code x}; needs at least {@code minSamples} rows. */
    public static KDistance of(Matrix x, int minSamples, Metric metric) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be >= 1, got " + minSamples);
        }
        if (x.rows() < minSamples) {
            throw new IllegalArgumentException("minSamples = " + minSamples + " needs at least " + minSamples
                    + " items, got " + x.rows());
        }
        float[] curve = new float[x.rows()];
        if (minSamples > 1) {
            int others = minSamples - 1;
            Neighbors nn = NearestNeighbors.exact(x, x, others, metric, true);
            for (int i = 0; i < curve.length; i++) {
                curve[i] = nn.distance(i, others - 1);
            }
        }
        Arrays.sort(curve);
        return new KDistance(minSamples, curve, Elbow.index(curve).orElse(0));
    }

    /** The suggested {@code eps}: the k-distance at the knee. */
    public double suggestedEps() {
        return curve[kneeIndex];
    }

    public float[] curve() {
        return curve.clone();
    }
}
