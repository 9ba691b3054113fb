package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UmapSpectralTest {
    /** The fuzzy graph of a noisy ring in 3-d: connected, its low eigenvalues in close pairs (Lanczos restarts). */
    private static UmapGraph ring(int n) {
        SplittableRandom random = new SplittableRandom(3);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n;
            rows[i] = new double[] {Math.cos(angle) + 0.02 * random.nextGaussian(),
                    Math.sin(angle) + 0.02 * random.nextGaussian(), 0.02 * random.nextGaussian()};
        }
        Matrix x = Matrix.ofRows(rows);
        Neighbors knn = NearestNeighbors.exact(x, x, 9, Metric.EUCLIDEAN, true);
        return UmapGraph.symmetric(knn, UmapGraph.memberships(knn, 10, 1), 1);
    }

    @Test
    void lanczosSpansTheDenseEigenvectors() {
        UmapGraph graph = ring(600);
        int[] all = new int[graph.rows()];
        Arrays.setAll(all, i -> i);
        UmapSpectral.Operator op = new UmapSpectral.Operator(graph, all);
        for (int dim : new int[] {2, 4}) {
            double[] dense = UmapSpectral.denseVectors(op, dim);
            double[] sparse = UmapSpectral.lanczos(op, dim, new SplittableRandom(dim));
            // Both are orthonormal bases of the same invariant subspace: |V'U|_F^2 = dim.
            double overlap = 0;
            for (int r = 0; r < dim; r++) {
                for (int t = 0; t < dim; t++) {
                    double dot = 0;
                    for (int p = 0; p < graph.rows(); p++) {
                        dot += dense[p * dim + r] * sparse[p * dim + t];
                    }
                    overlap += dot * dot;
                }
            }
            assertEquals(dim, overlap, 1e-6, "dim " + dim);
        }
    }
}
