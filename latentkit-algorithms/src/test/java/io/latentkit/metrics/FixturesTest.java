package io.latentkit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.data.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agreement with scikit-learn on the fixtures written by tools/fixtures/metrics_fixtures.py. */
class FixturesTest {
    private static final double TOLERANCE = 1e-6;

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = FixturesTest.class.getResourceAsStream("/fixtures/metrics/" + name + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    private static Matrix matrix(JsonNode node) {
        double[][] rows = new double[node.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[node.get(i).size()];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = node.get(i).get(j).asDouble();
            }
        }
        return Matrix.ofRows(rows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blobs", "imbalanced", "singletons", "duplicates", "one_class", "rectangular",
        "few_clusters", "noise"})
    void internalMetricsMatchSklearn(String name) throws IOException {
        JsonNode f = load(name);
        JsonNode expected = f.get("internal");
        Matrix x = matrix(f.get("x"));
        int[] pred = ints(f.get("labels_pred"));

        assertEquals(expected.get("silhouette_score").asDouble(), Silhouette.score(x, pred), TOLERANCE);
        JsonNode samples = expected.get("silhouette_samples");
        double[] actual = Silhouette.samples(x, pred);
        double[] tiled = Silhouette.samples(x, pred, 7);
        for (int i = 0; i < actual.length; i++) {
            double want = samples.get(i).isNull() ? Double.NaN : samples.get(i).asDouble();
            assertEquals(want, actual[i], TOLERANCE, "sample " + i);
            assertEquals(want, tiled[i], TOLERANCE, "sample " + i + " with small tiles");
        }
        assertEquals(expected.get("calinski_harabasz").asDouble(), CalinskiHarabasz.score(x, pred),
                TOLERANCE * Math.max(1, expected.get("calinski_harabasz").asDouble()));
        assertEquals(expected.get("davies_bouldin").asDouble(), DaviesBouldin.score(x, pred), TOLERANCE);
        assertEquals(expected.get("inertia").asDouble(), Inertia.score(x, pred), TOLERANCE);
        assertEquals(expected.get("inertia_centers").asDouble(), Inertia.score(x, pred, centresAtLabels(expected, pred)),
                TOLERANCE);
    }

    /** The fixture's centres are listed in ascending label order; place each at the row its label value names. */
    private static Matrix centresAtLabels(JsonNode expected, int[] pred) {
        Partition p = Partition.of(pred);
        Matrix listed = matrix(expected.get("centers"));
        int rows = p.values()[p.k() - 1] + 1;
        float[] data = new float[rows * listed.cols()];
        for (int c = 0; c < p.k(); c++) {
            System.arraycopy(listed.row(c), 0, data, p.values()[c] * listed.cols(), listed.cols());
        }
        return new Matrix(rows, listed.cols(), data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blobs", "imbalanced", "singletons", "duplicates", "one_class", "rectangular",
        "few_clusters", "noise"})
    void externalMetricsMatchSklearn(String name) throws IOException {
        JsonNode f = load(name);
        int[] truth = ints(f.get("labels_true"));
        int[] pred = ints(f.get("labels_pred"));
        check(f.get("external").get("default"), ContingencyTable.of(truth, pred));
        if (f.get("external").has("exclude_noise")) {
            check(f.get("external").get("exclude_noise"),
                    ContingencyTable.of(truth, pred, ContingencyTable.NoisePolicy.EXCLUDE));
        }
    }

    private static void check(JsonNode expected, ContingencyTable t) {
        assertArrayEquals(ints(expected.get("classes")), t.classes());
        assertArrayEquals(ints(expected.get("clusters")), t.clusters());
        JsonNode counts = expected.get("contingency");
        for (int i = 0; i < t.nClasses(); i++) {
            for (int j = 0; j < t.nClusters(); j++) {
                assertEquals(counts.get(i).get(j).asLong(), t.count(i, j));
            }
        }
        for (ExternalMetrics.Average average : ExternalMetrics.Average.values()) {
            String key = average.name().toLowerCase(java.util.Locale.ROOT);
            assertEquals(expected.get("nmi").get(key).asDouble(), ExternalMetrics.nmi(t, average), TOLERANCE, key);
            assertEquals(expected.get("ami").get(key).asDouble(), ExternalMetrics.ami(t, average), TOLERANCE, key);
        }
        assertEquals(expected.get("ari").asDouble(), ExternalMetrics.ari(t), TOLERANCE);
        assertEquals(expected.get("homogeneity").asDouble(), ExternalMetrics.homogeneity(t), TOLERANCE);
        assertEquals(expected.get("completeness").asDouble(), ExternalMetrics.completeness(t), TOLERANCE);
        assertEquals(expected.get("v_measure").asDouble(), ExternalMetrics.vMeasure(t), TOLERANCE);
        assertEquals(expected.get("purity").asDouble(), ExternalMetrics.purity(t), TOLERANCE);

        ExternalMetrics.Matching matching = ExternalMetrics.accuracy(t);
        assertEquals(expected.get("accuracy").asDouble(), matching.accuracy(), TOLERANCE);
        assertEquals(expected.get("mapping").size(), matching.clusterToClass().size());
        long matched = 0;
        for (Map.Entry<Integer, Integer> e : matching.clusterToClass().entrySet()) {
            matched += t.count(indexOf(t.classes(), e.getValue()), indexOf(t.clusters(), e.getKey()));
        }
        assertEquals(matching.accuracy(), (double) matched / t.total(), 1e-15);
        assertTrue(matching.clusterToClass().values().stream().distinct().count() == matching.clusterToClass().size(),
                "one-to-one");
    }

    private static int indexOf(int[] values, int value) {
        return java.util.Arrays.binarySearch(values, value);
    }
}
