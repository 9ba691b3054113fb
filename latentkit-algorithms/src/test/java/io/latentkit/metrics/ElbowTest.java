package io.latentkit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.cluster.KMeans;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElbowTest {
    private static double[] range(int from, int to) {
        double[] x = new double[to - from + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = from + i;
        }
        return x;
    }

    @Test
    void hyperbolaBendsAtThree() {
        // y = 1/x on 1..10, both axes scaled to [0, 1]: the distance below the chord is 4/9 at x = 2,
        // 1 - 2/9 - (1/3 - 1/10) / (9/10) = 0.5185 at x = 3 and 0.5 at x = 4.
        double[] x = range(1, 10);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1 / x[i];
        }
        assertEquals(OptionalInt.of(2), Elbow.index(x, y));
    }

    @Test
    void cornerOfTwoLines() {
        assertEquals(OptionalInt.of(2), Elbow.index(range(1, 6), new double[] {100, 50, 10, 9, 8, 7}));
        // The scaled x axis follows the values: over 2, 4, 8, ... the same drop bends at k = 8.
        assertEquals(OptionalInt.of(2), Elbow.index(new double[] {2, 4, 8, 16, 32, 64},
                new double[] {100, 50, 10, 9, 8, 7}));
    }

    @Test
    void risingCurvesBendWhereTheyLeaveTheirFlatPart() {
        // A sorted k-distance curve: below the chord by 0.24, 0.48 and 0.25 of its rise at indices 1, 2 and 3.
        assertEquals(OptionalInt.of(2), Elbow.index(new float[] {0, 0.1f, 0.2f, 5f, 10f}));
        assertEquals(OptionalInt.of(2), Elbow.index(range(0, 4), new double[] {0, 0.1, 0.2, 5, 10}));
        assertTrue(Elbow.index(new float[] {1, 1, 1}).isEmpty(), "flat");
    }

    @Test
    void noElbowWithoutAConvexBend() {
        assertTrue(Elbow.index(range(1, 5), new double[] {5, 4, 3, 2, 1}).isEmpty(), "straight, falling");
        assertTrue(Elbow.index(range(1, 5), new double[] {1, 2, 3, 4, 5}).isEmpty(), "straight, rising");
        assertTrue(Elbow.index(range(1, 5), new double[] {5, 4.9, 4.5, 3.5, 1}).isEmpty(), "concave");
        assertTrue(Elbow.index(range(1, 5), new double[] {3, 1, 0, 1, 3}).isEmpty(), "same ends");
        assertTrue(Elbow.index(range(1, 2), new double[] {5, 1}).isEmpty(), "two points");
    }

    @Test
    void rejectsBadCurves() {
        assertThrows(IllegalArgumentException.class, () -> Elbow.index(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Elbow.index(new double[] {1, 1, 2}, new double[] {3, 2, 1}));
        assertThrows(IllegalArgumentException.class, () -> Elbow.index(new double[] {1, 2, 3}, new double[] {3, Double.NaN, 1}));
        assertThrows(IllegalArgumentException.class, () -> Elbow.index(new float[] {1, Float.POSITIVE_INFINITY, 3}));
    }

    @Test
    void kMeansInertiaOnFourBlobsBendsAtFour() {
        Random random = new Random(7);
        int n = 400;
        float[] data = new float[n * 2];
        for (int i = 0; i < n; i++) {
            data[2 * i] = (float) (random.nextGaussian() + 10 * (i % 2));
            data[2 * i + 1] = (float) (random.nextGaussian() + 10 * ((i / 2) % 2));
        }
        Dataset blobs = Dataset.of(new Matrix(n, 2, data));
        double[] k = range(1, 8);
        double[] inertia = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            inertia[i] = new KMeans((int) k[i], 3, 300, 1e-4, 0).fit(blobs).inertia();
        }
        assertEquals(OptionalInt.of(3), Elbow.index(k, inertia));
    }
}
