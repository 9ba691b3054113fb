package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.data.Dataset;
import org.junit.jupiter.api.Test;

class MiniBatchKMeansTest {
    @Test
    void comesCloseToFullKMeansAndReproducesWithTheSameSeed() {
        Dataset data = EstimatorFixtures.dataset("blobs");
        JsonNode ref = EstimatorFixtures.load("kmeans").get("blobs_ninit1");
        MiniBatchKMeans estimator = new MiniBatchKMeans(5, 100, 100, 10, 0.01, 3, 4);
        KMeans.Model a = estimator.fit(data);
        KMeans.Model b = estimator.fit(data);
        assertArrayEquals(a.labels(), b.labels());
        // Mini-batches trade a little inertia for speed; on well-separated blobs it stays within 2% of Lloyd's optimum.
        assertTrue(a.inertia() <= 1.02 * ref.get("inertia").asDouble(), "inertia " + a.inertia());
        assertArrayEquals(a.labels(), a.predict(data));
    }
}
