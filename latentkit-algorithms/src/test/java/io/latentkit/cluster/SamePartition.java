package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.latentkit.estimator.Clustering;
import java.util.HashMap;
import java.util.Map;

/** Asserts that two labelings are the same partition up to renaming clusters; noise must match exactly. */
final class SamePartition {
    private SamePartition() {
    }

    static void assertSame(int[] expected, int[] actual, String message) {
        assertEquals(expected.length, actual.length, message + ": length");
        Map<Integer, Integer> forward = new HashMap<>();
        Map<Integer, Integer> backward = new HashMap<>();
        for (int i = 0; i < expected.length; i++) {
            int e = expected[i];
            int a = actual[i];
            if ((e == Clustering.NOISE) != (a == Clustering.NOISE)) {
                fail(message + ": item " + i + " expected label " + e + ", got " + a);
            }
            if (forward.getOrDefault(e, a) != a || backward.getOrDefault(a, e) != e) {
                fail(message + ": item " + i + " (expected cluster " + e + ", got " + a + ") splits or joins clusters");
            }
            forward.put(e, a);
            backward.put(a, e);
        }
    }
}
