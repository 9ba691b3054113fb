package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.latentkit.compute.Tensors;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The loss terms against plain Java formulas, and their engine gradients against central differences, in float64. */
class LossesTest {
    private static final int N = 8;
    private static final int K = 3;
    private static final long[] LABELS = {0, 0, 1, 1, 2, 2, -1, 0};
    private static final double MARGIN = 1.5;

    @Test
    void klMatchesFormulaAndFiniteDifferences() {
        double[] mu = random(N * K, 1, 0.8);
        double[] logVar = random(N * K, 2, 0.5);
        double expected = 0;
        for (int i = 0; i < N * K; i++) {
            expected += -0.5 * (1 + logVar[i] - mu[i] * mu[i] - Math.exp(logVar[i]));
        }
        expected /= N;
        assertEquals(expected, evaluate(mu, logVar, Losses::kl), 1e-12);
        checkGradient(mu, logVar, Losses::kl, 0);
        checkGradient(mu, logVar, Losses::kl, 1);
    }

    @Test
    void tripletMatchesFormulaAndFiniteDifferences() {
        double[] codes = random(N * K, 3, 1);
        BiFunction<NDArray, NDArray, NDArray> triplet = (c, unused) ->
                Losses.tripletBatchHard(c, c.getManager().create(LABELS), MARGIN);
        assertTrue(referenceTriplet(codes) > 0, "some anchors violate the margin, so the gradient is not zero");
        assertEquals(referenceTriplet(codes), evaluate(codes, codes, triplet), 1e-12);
        checkGradient(codes, codes, triplet, 0);
    }

    @Test
    void batchAllTripletMatchesFormulaAndFiniteDifferences() {
        double[] codes = random(N * K, 3, 1);
        BiFunction<NDArray, NDArray, NDArray> triplet = (c, unused) ->
                Losses.tripletBatchAll(c, c.getManager().create(LABELS), MARGIN);
        assertTrue(referenceBatchAll(codes) > 0, "some triplets violate the margin, so the gradient is not zero");
        assertEquals(referenceBatchAll(codes), evaluate(codes, codes, triplet), 1e-12);
        checkGradient(codes, codes, triplet, 0);
    }

    @Test
    void tripletIsZeroWithoutValidAnchors() {
        double[] codes = random(4 * K, 4, 1);
        try (NDManager m = Tensors.newManager()) {
            NDArray c = m.create(codes, new Shape(4, K));
            assertEquals(0, Losses.tripletBatchHard(c, m.create(new long[] {0, 1, 2, -1}), MARGIN).getDouble());
            assertEquals(0, Losses.tripletBatchHard(c, m.create(new long[] {0, 0, 0, -1}), MARGIN).getDouble());
            assertEquals(0, Losses.tripletBatchAll(c, m.create(new long[] {0, 1, 2, -1}), MARGIN).getDouble());
            assertEquals(0, Losses.tripletBatchAll(c, m.create(new long[] {0, 0, 0, -1}), MARGIN).getDouble());
        }
    }

    @Test
    void rowMseAveragesEachRow() {
        try (NDManager m = Tensors.newManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray b = m.create(new float[] {1, 0, 0, 4}, new Shape(2, 2));
            float[] mse = Losses.rowMse(a, b).toFloatArray();
            assertEquals(2f, mse[0]);
            assertEquals(4.5f, mse[1]);
        }
    }

    /** Batch-all triplet loss written out with loops: the mean over the triplets whose loss is positive. */
    private static double referenceBatchAll(double[] c) {
        double sum = 0;
        int active = 0;
        for (int a = 0; a < N; a++) {
            for (int p = 0; p < N; p++) {
                for (int n = 0; n < N; n++) {
                    if (p == a || LABELS[a] < 0 || LABELS[p] != LABELS[a] || LABELS[n] < 0 || LABELS[n] == LABELS[a]) {
                        continue;
                    }
                    double l = distance(c, a, p) - distance(c, a, n) + MARGIN;
                    if (l > 0) {
                        sum += l;
                        active++;
                    }
                }
            }
        }
        return sum / Math.max(1, active);
    }

    private static double distance(double[] c, int i, int j) {
        double d2 = 0;
        for (int k = 0; k < K; k++) {
            double diff = c[i * K + k] - c[j * K + k];
            d2 += diff * diff;
        }
        return Math.sqrt(d2 + Losses.DISTANCE_EPS);
    }

    /** Batch-hard triplet loss written out with loops. */
    private static double referenceTriplet(double[] c) {
        double sum = 0;
        int anchors = 0;
        for (int a = 0; a < N; a++) {
            if (LABELS[a] < 0) {
                continue;
            }
            double hardestPositive = -1;
            double hardestNegative = Double.POSITIVE_INFINITY;
            for (int j = 0; j < N; j++) {
                if (j == a || LABELS[j] < 0) {
                    continue;
                }
                double d = distance(c, a, j);
                if (LABELS[j] == LABELS[a]) {
                    hardestPositive = Math.max(hardestPositive, d);
                } else {
                    hardestNegative = Math.min(hardestNegative, d);
                }
            }
            if (hardestPositive >= 0 && hardestNegative < Double.POSITIVE_INFINITY) {
                sum += Math.max(0, hardestPositive - hardestNegative + MARGIN);
                anchors++;
            }
        }
        return sum / Math.max(1, anchors);
    }

    private static double evaluate(double[] a, double[] b, BiFunction<NDArray, NDArray, NDArray> loss) {
        try (NDManager m = Tensors.newManager()) {
            return loss.apply(m.create(a, new Shape(N, K)), m.create(b, new Shape(N, K))).getDouble();
        }
    }

    /** The engine's gradient with respect to argument {@code which} against central differences. */
    private static void checkGradient(double[] a, double[] b, BiFunction<NDArray, NDArray, NDArray> loss, int which) {
        double[] gradient;
        try (NDManager m = Tensors.newManager()) {
            NDArray x = m.create(a, new Shape(N, K));
            NDArray y = m.create(b, new Shape(N, K));
            NDArray target = which == 0 ? x : y;
            target.setRequiresGradient(true);
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                collector.backward(loss.apply(x, y));
            }
            gradient = target.getGradient().toDoubleArray();
        }
        double h = 1e-6;
        double[] point = (which == 0 ? a : b).clone();
        for (int i = 0; i < point.length; i++) {
            double saved = point[i];
            point[i] = saved + h;
            double up = which == 0 ? evaluate(point, b, loss) : evaluate(a, point, loss);
            point[i] = saved - h;
            double down = which == 0 ? evaluate(point, b, loss) : evaluate(a, point, loss);
            point[i] = saved;
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, gradient[i], 1e-7 * Math.max(1, Math.abs(numeric)), "d/d element " + i);
        }
    }

    private static double[] random(int n, long seed, double scale) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * TestData.gaussian(rng);
        }
        return v;
    }
}
