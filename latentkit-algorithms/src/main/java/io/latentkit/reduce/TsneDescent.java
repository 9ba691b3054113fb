package io.latentkit.reduce;

/**
 * Gradient descent with momentum and per-coordinate gains (Jacobs' delta-bar-delta: a gain grows by 0.2 while the
 * gradient keeps its sign against the last step and shrinks by 20% otherwise, never below 0.01), as used by
 * scikit-learn's t-SNE. Every {@value #CHECK_EVERY} iterations the objective is evaluated; a stage stops early when
 * it has not improved for {@code patience} iterations or the gradient norm falls to {@value #MIN_GRADIENT_NORM}.
 */
final class TsneDescent {
    private static final int CHECK_EVERY = 50;
    private static final double MIN_GAIN = 0.01;
    private static final double MIN_GRADIENT_NORM = 1e-7;

    /** A differentiable objective over the positions being optimised. */
    @FunctionalInterface
    interface Objective {
        /** Writes the gradient at {@code y} into {@code gradient}; returns the objective when asked, else NaN. */
        double evaluate(double[] y, double[] gradient, boolean withValue);
    }

    private final double[] y;
    private final double[] update;
    private final double[] gains;
    private final double[] gradient;
    private int iterations;

    /** Descends on {@code y} in place. */
    TsneDescent(double[] y) {
        this.y = y;
        this.update = new double[y.length];
        this.gains = new double[y.length];
        this.gradient = new double[y.length];
        java.util.Arrays.fill(gains, 1);
    }

    /** Iterations run so far over all stages. */
    int iterations() {
        return iterations;
    }

    /** One stage of up to {@code steps} iterations; momentum and gains carry over from the previous stage. */
    void run(Objective objective, int steps, double momentum, double learningRate, int patience) {
        double best = Double.POSITIVE_INFINITY;
        int bestIteration = iterations;
        for (int step = 0; step < steps; step++) {
            boolean check = (iterations + 1) % CHECK_EVERY == 0;
            double value = objective.evaluate(y, gradient, check);
            double norm = 0;
            for (int c = 0; c < y.length; c++) {
                norm += gradient[c] * gradient[c];
                gains[c] = update[c] * gradient[c] < 0 ? gains[c] + 0.2 : Math.max(MIN_GAIN, gains[c] * 0.8);
                update[c] = momentum * update[c] - learningRate * gains[c] * gradient[c];
                y[c] += update[c];
            }
            iterations++;
            if (check) {
                if (value < best) {
                    best = value;
                    bestIteration = iterations;
                } else if (iterations - bestIteration > patience) {
                    return;
                }
                if (Math.sqrt(norm) <= MIN_GRADIENT_NORM) {
                    return;
                }
            }
        }
    }
}
