package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KMeansTest {
    @Test
    void inertiaIsNoHigherThanScikitLearnsWithTheSameNInit() {
        for (Map.Entry<String, JsonNode> c : EstimatorFixtures.cases("kmeans").entrySet()) {
            JsonNode v = c.getValue();
            Dataset data = EstimatorFixtures.dataset(v.get("data").asText());
            KMeans.Model m = new KMeans(v.get("k").asInt()).withNInit(v.get("n_init").asInt()).fit(data);
            double reference = v.get("inertia").asDouble();
            assertTrue(m.inertia() <= reference * (1 + 1e-6),
                    c.getKey() + ": inertia " + m.inertia() + " > scikit-learn's " + reference);
            assertEquals(recomputedInertia(data.features(), m), m.inertia(), 1e-3 * m.inertia());
        }
    }

    private static double recomputedInertia(Matrix x, KMeans.Model m) {
        double s = 0;
        int[] labels = m.labels();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                double diff = x.get(i, j) - m.centers().get(labels[i], j);
                s += diff * diff;
            }
        }
        return s;
    }

    @Test
    void predictOnTrainingDataGivesTheFittedLabelsAndSeedsReproduce() {
        Dataset data = EstimatorFixtures.dataset("overlap");
        KMeans.Model a = new KMeans(7).withSeed(42).fit(data);
        KMeans.Model b = new KMeans(7).withSeed(42).fit(data);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.labels(), a.predict(data));
        assertEquals(7, a.nClusters());
        assertTrue(a.converged());
    }

    @Test
    void emptyClustersAreReseededAndTooFewPointsAreRejected() {
        // Three distinct points repeated: k = 3 must find them all.
        float[] v = new float[60];
        for (int i = 0; i < 30; i++) {
            v[2 * i] = i % 3;
        }
        KMeans.Model m = new KMeans(3).fit(Dataset.of(new Matrix(30, 2, v)));
        assertEquals(0, m.inertia(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new KMeans(40).fit(Dataset.of(new Matrix(30, 2, v))));
    }
}
