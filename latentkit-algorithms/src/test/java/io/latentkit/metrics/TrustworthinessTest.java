package io.latentkit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.cluster.EstimatorFixtures;
import io.latentkit.data.Matrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustworthinessTest {
    @Test
    void matchesScikitLearn() {
        Matrix original = EstimatorFixtures.dataset("umap", "blobs").features();
        JsonNode ref = EstimatorFixtures.load("umap", "trustworthiness");
        double[][] rows = new double[original.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = EstimatorFixtures.doubles(ref.get("embedded").get(i));
        }
        Matrix embedded = Matrix.ofRows(rows);
        for (Map.Entry<String, JsonNode> e : ref.get("scores").properties()) {
            int k = Integer.parseInt(e.getKey());
            assertEquals(e.getValue().asDouble(), Trustworthiness.score(original, embedded, k), 1e-6, "k = " + k);
        }
    }

    @Test
    void identityIsPerfect() {
        Matrix x = EstimatorFixtures.dataset("umap", "blobs").features();
        assertEquals(1.0, Trustworthiness.score(x, x, 10), 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        Matrix x = Matrix.ofRows(new double[][] {{0}, {1}, {2}, {3}});
        assertThrows(IllegalArgumentException.class, () -> Trustworthiness.score(x, x, 2));
        assertThrows(IllegalArgumentException.class, () -> Trustworthiness.score(x, x, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Trustworthiness.score(x, Matrix.ofRows(new double[][] {{0}, {1}}), 1));
    }
}
