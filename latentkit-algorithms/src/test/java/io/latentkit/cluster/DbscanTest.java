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
import io.latentkit.preprocess.L2Normalizer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbscanTest {
    @Test
    void labelsAndCorePointsEqualScikitLearns() {
        for (Map.Entry<String, JsonNode> c : EstimatorFixtures.cases("density", "dbscan").entrySet()) {
            JsonNode v = c.getValue();
            Dataset data = EstimatorFixtures.dataset("density", v.get("data").asText());
            Dbscan.Model m = new Dbscan(v.get("eps").asDouble()).withMinSamples(v.get("min_samples").asInt()).fit(data);
            int[] expected = EstimatorFixtures.ints(v.get("labels"));
            // Same numbering too: clusters in order of their first core point, shared border points to the first.
            assertArrayEquals(expected, m.labels(), c.getKey());
            assertArrayEquals(EstimatorFixtures.ints(v.get("core_sample_indices")), m.coreSampleIndices(), c.getKey());
            assertEquals(Arrays.stream(expected).max().getAsInt() + 1, m.nClusters(), c.getKey());
        }
    }

    @Test
    void predictGivesCorePointsTheirClusterAndFarPointsNoise() {
        Dataset data = EstimatorFixtures.dataset("density", "moons");
        Dbscan.Model m = new Dbscan(0.12, 6, Metric.EUCLIDEAN).fit(data);
        int[] labels = m.labels();
        int[] predicted = m.predict(data);
        for (int i : m.coreSampleIndices()) {
            assertEquals(labels[i], predicted[i], "core point " + i);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == Clustering.NOISE) {
                assertEquals(Clustering.NOISE, predicted[i], "noise point " + i);
            }
        }
        int[] far = m.predict(Dataset.of(new Matrix(1, 2, new float[] {50, 50})));
        assertArrayEquals(new int[] {Clustering.NOISE}, far);
    }

    @Test
    void cosineIsEuclideanOnUnitRowsWithTheMatchingRadius() {
        Dataset data = EstimatorFixtures.dataset("density", "noisy_blobs");
        double eps = 0.002;
        Dbscan.Model cosine = new Dbscan(eps, 5, Metric.COSINE).fit(data);
        Dbscan.Model euclidean = new Dbscan(Math.sqrt(2 * eps), 5, Metric.EUCLIDEAN).fit(new L2Normalizer().transform(data));
        assertArrayEquals(euclidean.labels(), cosine.labels());
        assertTrue(cosine.nClusters() >= 2, "clusters: " + cosine.nClusters());
    }

    @Test
    void kdTreeNeighbourhoodsGiveTheSameClustersAsDistanceTiles() {
        // 6,000 points in 3-d take the KD-tree path; padded with 14 zero columns (17 > 16) the same distances take
        // the tile path. Integer-grid coordinates make many distances fall exactly on the radius.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int n = 6000;
        float[] low = new float[n * 3];
        float[] wide = new float[n * 17];
        for (int i = 0; i < n; i++) {
            int centre = random.nextInt(4) * 20;
            for (int c = 0; c < 3; c++) {
                float v = centre + random.nextInt(-6, 7);
                low[i * 3 + c] = v;
                wide[i * 17 + c] = v;
            }
        }
        for (Metric metric : new Metric[] {Metric.EUCLIDEAN, Metric.COSINE}) {
            double eps = metric == Metric.EUCLIDEAN ? 2.0 : 0.0005;
            Dbscan dbscan = new Dbscan(eps, 8, metric);
            Dbscan.Model tree = dbscan.fit(Dataset.of(new Matrix(n, 3, low)));
            Dbscan.Model tiles = dbscan.fit(Dataset.of(new Matrix(n, 17, wide)));
            assertArrayEquals(tiles.labels(), tree.labels(), metric.toString());
            assertTrue(tree.nClusters() >= 2, metric + ": several clusters, got " + tree.nClusters());
        }
    }

    @Test
    void minSamplesOneMakesEveryPointCoreAndDuplicatesCount() {
        float[] v = {0, 0, 0, 0, 5, 5};
        Dbscan.Model single = new Dbscan(0.5, 1, Metric.EUCLIDEAN).fit(Dataset.of(new Matrix(3, 2, v)));
        assertArrayEquals(new int[] {0, 0, 1}, single.labels());
        Dbscan.Model pair = new Dbscan(0.5, 2, Metric.EUCLIDEAN).fit(Dataset.of(new Matrix(3, 2, v)));
        assertArrayEquals(new int[] {0, 0, Clustering.NOISE}, pair.labels());
        assertEquals(1, pair.nClusters());
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Dbscan(0));
        assertThrows(IllegalArgumentException.class, () -> new Dbscan(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Dbscan(0.5, 0, Metric.EUCLIDEAN));
    }

    @Test
    void kDistanceKneeSeparatesDenseFromSparsePoints() {
        Dataset data = EstimatorFixtures.dataset("density", "noisy_blobs");
        KDistance k = KDistance.of(data.features(), 5, Metric.EUCLIDEAN);
        float[] curve = k.curve();
        assertEquals(data.rows(), curve.length);
        for (int i = 1; i < curve.length; i++) {
            assertTrue(curve[i - 1] <= curve[i]);
        }
        // At the suggested eps exactly the points left of the knee (and ties) are core points.
        Dbscan.Model m = new Dbscan(k.suggestedEps() * (1 + 1e-6), 5, Metric.EUCLIDEAN).fit(data);
        long atOrBelow = Arrays.stream(toDoubles(curve)).filter(d -> d <= k.suggestedEps()).count();
        assertEquals(atOrBelow, m.coreSampleIndices().length, 1.0);
        assertTrue(k.kneeIndex() > curve.length / 2 && k.kneeIndex() < curve.length - 1, "knee " + k.kneeIndex());
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
