package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.cluster.EstimatorFixtures;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import org.junit.jupiter.api.Test;

class PcaTest {
    private static void assertMatchesScikitLearn(String name, Pca.Solver solver, double tolerance) {
        JsonNode ref = EstimatorFixtures.load("pca").get(name);
        Dataset data = EstimatorFixtures.dataset(name);
        int k = ref.get("k").asInt();
        Pca.Model m = new Pca(k).withSolver(solver).fit(data);
        int d = data.cols();
        Matrix projected = m.transform(data).features();
        for (int r = 0; r < k; r++) {
            double[] expected = EstimatorFixtures.doubles(ref.get("components").get(r));
            // Components are unique up to sign: align on the first large loading.
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += expected[j] * m.components()[r * d + j];
            }
            double sign = Math.signum(dot);
            for (int j = 0; j < d; j++) {
                assertEquals(expected[j], sign * m.components()[r * d + j], tolerance, name + " component " + r);
            }
            assertEquals(ref.get("explained_variance").get(r).asDouble(), m.explainedVariance()[r],
                    tolerance * m.explainedVariance()[0]);
            assertEquals(ref.get("explained_variance_ratio").get(r).asDouble(), m.explainedVarianceRatio()[r], tolerance);
            for (int i = 0; i < 5; i++) {
                assertEquals(ref.get("transformed_first_rows").get(i).get(r).asDouble(), sign * projected.get(i, r),
                        1e-3 * (1 + Math.abs(ref.get("transformed_first_rows").get(i).get(r).asDouble())));
            }
        }
        double[] errors = m.reconstructionErrors(data.features().selectRows(new int[] {0, 1, 2, 3, 4}));
        for (int i = 0; i < 5; i++) {
            double expected = ref.get("reconstruction_errors_first_rows").get(i).asDouble();
            assertEquals(expected, errors[i], 1e-3 * expected + 1e-6, name + " reconstruction error of row " + i);
        }
    }

    @Test
    void fullSolverMatchesScikitLearn() {
        assertMatchesScikitLearn("blobs", Pca.Solver.FULL, 1e-5);
        assertMatchesScikitLearn("correlated", Pca.Solver.FULL, 1e-5);
    }

    @Test
    void randomizedSolverMatchesTheExactComponents() {
        assertMatchesScikitLearn("blobs", Pca.Solver.RANDOMIZED, 1e-4);
        assertMatchesScikitLearn("correlated", Pca.Solver.RANDOMIZED, 1e-4);
    }
}
