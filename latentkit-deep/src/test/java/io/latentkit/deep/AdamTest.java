package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.latentkit.compute.Tensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused update against Adam written out in double precision, over several steps and both decay modes. */
class AdamTest {
    private static final int ROWS = 300;
    private static final int COLS = 500; // 150,000 values: several parallel chunks

    private static double[] reference(double[] w0, double[][] grads, Training t) {
        double[] w = w0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int step = 1; step <= grads.length; step++) {
            double bc1 = 1 - Math.pow(t.beta1(), step);
            double bc2 = 1 - Math.pow(t.beta2(), step);
            for (int k = 0; k < w.length; k++) {
                double g = grads[step - 1][k];
                if (t.weightDecayMode() == Training.WeightDecay.L2) {
                    g += t.weightDecay() * w[k];
                } else {
                    w[k] -= t.learningRate() * t.weightDecay() * w[k];
                }
                m[k] = t.beta1() * m[k] + (1 - t.beta1()) * g;
                v[k] = t.beta2() * v[k] + (1 - t.beta2()) * g * g;
                w[k] -= t.learningRate() / bc1 * m[k] / (Math.sqrt(v[k] / bc2) + t.epsilon());
            }
        }
        return w;
    }

    private static void check(Training.WeightDecay mode) {
        Training t = Training.defaults().withLearningRate(0.01).withWeightDecay(0.1, mode);
        SplittableRandom rng = new SplittableRandom(3);
        double[] w0 = rng.doubles(ROWS * COLS, -1, 1).toArray();
        double[][] grads = new double[4][];
        for (int s = 0; s < grads.length; s++) {
            grads[s] = rng.doubles(ROWS * COLS, -1, 1).toArray();
            grads[s][7] = 0; // a zero gradient: the moments stay zero, the weight moves by decay alone
        }
        float[] start = new float[w0.length];
        for (int k = 0; k < w0.length; k++) {
            start[k] = (float) w0[k];
        }
        try (NDManager manager = Tensors.newManager()) {
            NDArray w = manager.create(start, new Shape(ROWS, COLS));
            w.setRequiresGradient(true);
            Adam adam = new Adam(t, new NDArray[] {w}, manager);
            for (double[] g : grads) {
                float[] gf = new float[g.length];
                for (int k = 0; k < g.length; k++) {
                    gf[k] = (float) g[k];
                }
                try (NDManager step = manager.newSubManager();
                     GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    // d/dw sum(w * g) = g
                    collector.backward(w.mul(step.create(gf, new Shape(ROWS, COLS))).sum());
                }
                adam.update();
            }
            assertEquals(grads.length, adam.step);
            float[] actual = w.toFloatArray();
            double[] expected = reference(w0, grads, t);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 2e-6, mode + ": value " + k);
            }
            assertArrayEquals(new float[ROWS * COLS], w.getGradient().toFloatArray(), "gradients zeroed");
        }
    }

    @Test
    void matchesAdamWithL2Decay() {
        check(Training.WeightDecay.L2);
    }

    @Test
    void matchesAdamWWithDecoupledDecay() {
        check(Training.WeightDecay.DECOUPLED);
    }
}
