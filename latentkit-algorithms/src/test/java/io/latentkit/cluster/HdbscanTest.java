package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.compute.Metric;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Clustering;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalMetrics;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against tools/fixtures/hdbscan_reference.py, a plain O(n^2) numpy implementation of the published algorithm. */
class HdbscanTest {
    private static Hdbscan estimator(JsonNode v) {
        return new Hdbscan(v.get("min_cluster_size").asInt())
                .withMinSamples(v.get("min_samples").asInt())
                .withClusterSelectionMethod(Hdbscan.SelectionMethod.parse(v.get("cluster_selection_method").asText()))
                .withClusterSelectionEpsilon(v.get("cluster_selection_epsilon").asDouble());
    }

    private static Dataset data(JsonNode v) {
        return EstimatorFixtures.dataset("hdbscan", v.get("data").asText());
    }

    @Test
    void labelsProbabilitiesAndOutlierScoresEqualTheReference() {
        for (Map.Entry<String, JsonNode> c : EstimatorFixtures.cases("hdbscan", "hdbscan").entrySet()) {
            JsonNode v = c.getValue();
            Hdbscan.Model m = estimator(v).fit(data(v));
            String name = c.getKey();
            assertArrayEquals(EstimatorFixtures.doubles(v.get("core_distances")), m.coreDistances(), 1e-9, name);
            int[] expected = EstimatorFixtures.ints(v.get("labels"));
            int[] labels = m.labels();
            assertEquals(1.0, ExternalMetrics.ari(ContingencyTable.of(expected, labels)), 1e-12, name);
            assertSamePartition(expected, labels, name);
            assertArrayEquals(EstimatorFixtures.doubles(v.get("probabilities")), m.probabilities(), 1e-6, name);
            assertArrayEquals(EstimatorFixtures.doubles(v.get("outlier_scores")), m.outlierScores(), 1e-6, name);
        }
    }

    /** Identical up to a renumbering of clusters, with noise exactly where the reference has it. */
    private static void assertSamePartition(int[] expected, int[] actual, String name) {
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < expected.length; i++) {
            int e = expected[i];
            if (expected[i] == Clustering.NOISE || actual[i] == Clustering.NOISE) {
                assertEquals(expected[i], actual[i], name + ": noise at " + i);
            } else {
                assertEquals(expected[i], (int) map.computeIfAbsent(actual[i], a -> e), name + ": " + i);
            }
        }
    }

    @Test
    void approximatePredictGivesTrainingPointsTheirOwnOutputsAndNeverAnUnknownLabel() {
        JsonNode v = EstimatorFixtures.cases("hdbscan", "hdbscan").get("noisy_blobs_min_cluster_size15");
        Dataset data = data(v);
        Hdbscan.Model m = estimator(v).fit(data);
        Hdbscan.Prediction p = m.approximatePredict(data);
        assertArrayEquals(m.labels(), p.labels());
        assertArrayEquals(m.probabilities(), p.probabilities(), 1e-12);
        assertArrayEquals(m.outlierScores(), p.outlierScores(), 1e-12);
        assertArrayEquals(m.labels(), m.predict(data));

        float[] shifted = data.features().data().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += (float) (0.05 * Math.sin(i));
        }
        int[] near = m.predict(Dataset.of(new Matrix(data.rows(), data.cols(), shifted)));
        int[] fitted = m.labels();
        int same = 0;
        for (int i = 0; i < near.length; i++) {
            assertTrue(near[i] >= Clustering.NOISE && near[i] < m.nClusters(), "label " + near[i]);
            same += near[i] == fitted[i] ? 1 : 0;
        }
        assertTrue(same > 0.9 * near.length, "same label: " + same + " of " + near.length);
        assertArrayEquals(new int[] {Clustering.NOISE}, m.predict(Dataset.of(new Matrix(1, 2, new float[] {90, 90}))));
    }

    @Test
    void fittingTwiceGivesTheSameModel() {
        JsonNode v = EstimatorFixtures.cases("hdbscan", "hdbscan").get("moons_min_cluster_size20_min_samples8");
        Hdbscan.Model a = estimator(v).fit(data(v));
        Hdbscan.Model b = estimator(v).fit(data(v));
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.probabilities(), b.probabilities());
        assertArrayEquals(a.outlierScores(), b.outlierScores());
        assertArrayEquals(a.condensedTree().lambda(), b.condensedTree().lambda());
    }

    @Test
    void cosineIsEuclideanOnUnitRows() {
        JsonNode v = EstimatorFixtures.cases("hdbscan", "hdbscan").get("densities_min_cluster_size25");
        Dataset data = data(v);
        Hdbscan.Model cosine = new Hdbscan(25).withMetric(Metric.COSINE).fit(data);
        Hdbscan.Model euclidean = new Hdbscan(25).fit(Dataset.of(MutualReachability.space(data.features(), Metric.COSINE)));
        assertArrayEquals(euclidean.labels(), cosine.labels());
    }

    @Test
    void singleClusterOnlyWhenAllowed() {
        float[] v = new float[2 * 40];
        for (int i = 0; i < 40; i++) {
            v[2 * i] = i % 8;
            v[2 * i + 1] = i / 8;
        }
        Dataset grid = Dataset.of(new Matrix(40, 2, v));
        Hdbscan.Model none = new Hdbscan(30).fit(grid);
        assertEquals(0, none.nClusters());
        Hdbscan.Model one = new Hdbscan(30).withAllowSingleCluster(true).fit(grid);
        assertEquals(1, one.nClusters());
        assertArrayEquals(new int[40], one.labels());
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Hdbscan(1));
        assertThrows(IllegalArgumentException.class, () -> new Hdbscan(5).withMinSamples(0));
        assertThrows(IllegalArgumentException.class, () -> new Hdbscan(5).withClusterSelectionEpsilon(-1));
        assertThrows(IllegalArgumentException.class, () -> Hdbscan.SelectionMethod.parse("tree"));
        assertThrows(IllegalArgumentException.class,
                () -> new Hdbscan(5).fit(Dataset.of(new Matrix(3, 1, new float[] {0, 1, 2}))));
    }
}
