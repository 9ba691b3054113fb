package io.latentkit.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.data.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApproximateNeighborsTest {
    private static final int K = 15;
    private static final Matrix CLUSTERED = clustered(5000, 32, 20, 7);

    /** Gaussian clusters with random centres, each cluster with its own spread. */
    static Matrix clustered(int n, int d, int clusters, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] centres = new float[clusters][d];
        double[] spread = new double[clusters];
        for (int c = 0; c < clusters; c++) {
            for (int j = 0; j < d; j++) {
                centres[c][j] = (float) (4 * rng.nextGaussian());
            }
            spread[c] = 0.5 + rng.nextDouble();
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(clusters);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centres[c][j] + spread[c] * rng.nextGaussian());
            }
        }
        return new Matrix(n, d, x);
    }

    /** The rows mapped linearly into d dimensions: data of low intrinsic dimension in a wide space, like images. */
    static Matrix embedded(Matrix low, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] map = new double[low.cols() * d];
        for (int i = 0; i < map.length; i++) {
            map[i] = rng.nextGaussian();
        }
        float[] x = new float[low.rows() * d];
        for (int i = 0; i < low.rows(); i++) {
            for (int c = 0; c < low.cols(); c++) {
                float v = low.get(i, c);
                for (int j = 0; j < d; j++) {
                    x[i * d + j] += (float) (v * map[c * d + j]);
                }
            }
        }
        return new Matrix(low.rows(), d, x);
    }

    @Test
    void euclideanRecallIsHighAtDefaults() {
        assertRecallAtLeast(Metric.EUCLIDEAN, 0.95);
    }

    @Test
    void cosineRecallIsHighAtDefaults() {
        assertRecallAtLeast(Metric.COSINE, 0.95);
    }

    private static void assertRecallAtLeast(Metric metric, double minimum) {
        Neighbors approx = ApproximateNeighbors.of(K, metric, 1).withThreads(1).search(CLUSTERED);
        Neighbors exact = NearestNeighbors.exact(CLUSTERED, CLUSTERED, K, metric, true);
        double recall = ApproximateNeighbors.recall(approx, exact);
        assertTrue(recall >= minimum, metric + " recall " + recall);
        assertWellFormed(approx, CLUSTERED.rows());
        // Distances follow the exact search's conventions (Euclidean not squared; cosine distance).
        for (int q = 0; q < 50; q++) {
            assertEquals(exact.distance(q, 0), approx.distance(q, 0), 1e-3 * (1 + exact.distance(q, 0)));
        }
    }

    private static void assertWellFormed(Neighbors nn, int n) {
        assertEquals(n, nn.queries());
        for (int q = 0; q < n; q++) {
            for (int r = 0; r < nn.k(); r++) {
                assertNotEquals(q, nn.index(q, r), "self in row " + q);
                assertTrue(nn.index(q, r) >= 0 && nn.index(q, r) < n);
                if (r > 0) {
                    assertTrue(nn.distance(q, r - 1) <= nn.distance(q, r), "row " + q + " not sorted");
                    assertNotEquals(nn.index(q, r - 1), nn.index(q, r), "repeated neighbour in row " + q);
                }
            }
        }
    }

    @Test
    void sameSeedGivesTheSameGraphAtOneAndTwoThreads() {
        // 200 columns: the trees split a projection of the rows computed on the engine.
        Matrix x = embedded(clustered(3000, 24, 10, 3), 200, 4);
        ApproximateNeighbors search = ApproximateNeighbors.of(10, Metric.EUCLIDEAN, 42);
        Neighbors once = search.withThreads(1).search(x);
        Neighbors again = search.withThreads(1).search(x);
        Neighbors twoThreads = search.withThreads(2).search(x);
        assertArrayEquals(once.indices(), again.indices());
        assertArrayEquals(once.indices(), twoThreads.indices());
        assertArrayEquals(once.distances(), twoThreads.distances());
        double recall = ApproximateNeighbors.recall(once, NearestNeighbors.exact(x, x, 10, Metric.EUCLIDEAN, true));
        assertTrue(recall >= 0.95, "recall " + recall);
        Neighbors otherSeed = ApproximateNeighbors.of(10, Metric.EUCLIDEAN, 43).withThreads(1).search(x);
        assertFalse(Arrays.equals(once.indices(), otherSeed.indices()), "the seed has no effect");
    }

    @Test
    void smallInputsUseTheExactSearch() {
        Matrix x = clustered(300, 8, 3, 5);
        Neighbors approx = ApproximateNeighbors.of(5, Metric.COSINE, 0).search(x);
        Neighbors exact = NearestNeighbors.exact(x, x, 5, Metric.COSINE, true);
        assertArrayEquals(exact.indices(), approx.indices());
        assertThrows(IllegalArgumentException.class, () -> ApproximateNeighbors.of(300, Metric.COSINE, 0).search(x));
    }

    @Test
    void nonFiniteValuesAreRejected() {
        float[] values = clustered(3000, 8, 3, 5).data().clone();
        values[2999 * 8 + 3] = Float.NaN;
        Matrix x = new Matrix(3000, 8, values);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApproximateNeighbors.of(5, Metric.EUCLIDEAN, 0).search(x));
        assertTrue(e.getMessage().contains("row 2999"), e.getMessage());
    }

    @Test
    void duplicatePointsStillGiveFullRows() {
        // Every point repeated four times: trees must still split and each row must hold k distinct others.
        Matrix base = clustered(600, 20, 5, 9);
        int[] rows = new int[2400];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i % 600;
        }
        Matrix x = base.selectRows(rows);
        Neighbors nn = ApproximateNeighbors.of(K, Metric.EUCLIDEAN, 4).withThreads(1).search(x);
        assertWellFormed(nn, x.rows());
        for (int q = 0; q < 600; q++) {
            assertEquals(0f, nn.distance(q, 2), "row " + q + " misses its copies");
        }
    }

    @Test
    void recallCountsTheTrueNeighboursFound() {
        Neighbors exact = new Neighbors(2, new int[] {1, 2, 0, 2}, new float[4]);
        Neighbors approx = new Neighbors(2, new int[] {2, 3, 3, 4}, new float[4]);
        assertEquals(0.25, ApproximateNeighbors.recall(approx, exact), 1e-12);
        assertEquals(0.5, ApproximateNeighbors.recall(approx, new int[] {0}, new Neighbors(2, new int[] {1, 2}, new float[2])), 1e-12);
    }
}
