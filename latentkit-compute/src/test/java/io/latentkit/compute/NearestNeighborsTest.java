package io.latentkit.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.latentkit.data.Matrix;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestNeighborsTest {
    static Matrix random(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return new Matrix(n, d, x);
    }

    private static double distance(Matrix m, int a, int b, Metric metric) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        double sq = 0;
        for (int j = 0; j < m.cols(); j++) {
            double x = m.get(a, j);
            double y = m.get(b, j);
            dot += x * y;
            na += x * x;
            nb += y * y;
            sq += (x - y) * (x - y);
        }
        return metric == Metric.EUCLIDEAN ? Math.sqrt(sq) : 1 - dot / Math.sqrt(na * nb);
    }

    @Test
    void matchesBruteForceAcrossSeveralDataBlocks() {
        // 9000 rows spans two data blocks and five query blocks.
        Matrix x = random(9000, 6, 1);
        for (Metric metric : Metric.values()) {
            Neighbors nn = NearestNeighbors.exact(x, x, 5, metric, true);
            for (int q : new int[] {0, 1, 4321, 8191, 8192, 8999}) {
                int query = q;
                int[] expected = IntStream.range(0, x.rows()).filter(i -> i != query).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> distance(x, query, i, metric)).thenComparing(i -> i))
                        .limit(5).mapToInt(Integer::intValue).toArray();
                int[] found = Arrays.copyOfRange(nn.indices(), q * 5, q * 5 + 5);
                assertArrayEquals(expected, found, metric + " query " + q);
                assertEquals(distance(x, q, expected[0], metric), nn.distance(q, 0), 1e-4);
            }
        }
    }

    @Test
    void logSumExpIsStableForLargeAndInfiniteValues() {
        try (NDManager m = Tensors.newManager()) {
            float[] out = LogSumExp.rows(m.create(new float[] {1000f, 1000f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
                    new ai.djl.ndarray.types.Shape(2, 2))).toFloatArray();
            assertEquals(1000 + Math.log(2), out[0], 1e-3);
            assertEquals(Float.NEGATIVE_INFINITY, out[1]);
        }
    }
}
