package io.latentkit.reduce;

/**
 * The coefficients of (y_i - y_j) in UMAP's attractive and repulsive gradients, as functions of the squared
 * embedded distance d^2 (umap-learn's formulas, paper section 3.2 and appendix C):
 * <pre>
 *   attraction(d^2) = -2ab d^(2(b-1)) / (1 + a d^(2b))
 *   repulsion(d^2)  =  2 gamma b / ((0.001 + d^2) (1 + a d^(2b)))
 * </pre>
 * Both are tabulated once, for the fitted a and b, on 2^{@value #MANTISSA_BITS} evenly spaced points per power
 * of two of d^2 and interpolated linearly, with the bits of the float d^2 as the index: the optimisation evaluates
 * them hundreds of millions of times, and the lookup instead of two powers and a division makes the whole
 * optimisation about a quarter faster.
 * Both curves are smooth on a log scale, so the relative error is below 1e-4 (the SGD noise is far larger);
 * outside the table, [2^{@value #MIN_EXPONENT}, 2^{@value #MAX_EXPONENT}), they are evaluated exactly.
 */
final class UmapGradient {
    private static final int MANTISSA_BITS = 7;
    private static final int SHIFT = 23 - MANTISSA_BITS;
    private static final int MIN_EXPONENT = -32;
    private static final int MAX_EXPONENT = 32;
    /** Index bits of the table's first point. */
    private static final int FIRST = Float.floatToRawIntBits(Math.scalb(1f, MIN_EXPONENT)) >>> SHIFT;
    private static final int BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) << MANTISSA_BITS;
    /** Keeps the repulsive gradient finite for nearly coincident points (the paper's epsilon). */
    private static final double REPULSION_EPSILON = 0.001;

    private final double a;
    private final double b;
    private final double gamma;
    /**
     * Per bucket: the value at its start and the slope per unit of the low {@value #SHIFT} bits of d^2, so that
     * interpolating is one fused multiply-add.
     */
    private final float[] attraction;
    private final float[] repulsion;

    UmapGradient(double a, double b, double gamma) {
        this.a = a;
        this.b = b;
        this.gamma = gamma;
        attraction = new float[2 * BUCKETS];
        repulsion = new float[2 * BUCKETS];
        for (int j = 0; j < BUCKETS; j++) {
            double from = Float.intBitsToFloat((FIRST + j) << SHIFT);
            double to = Float.intBitsToFloat((FIRST + j + 1) << SHIFT);
            attraction[2 * j] = (float) exactAttraction(from);
            attraction[2 * j + 1] = (float) Math.scalb(exactAttraction(to) - exactAttraction(from), -SHIFT);
            repulsion[2 * j] = (float) exactRepulsion(from);
            repulsion[2 * j + 1] = (float) Math.scalb(exactRepulsion(to) - exactRepulsion(from), -SHIFT);
        }
    }

    /** The attractive coefficient (negative; 0 at d^2 = 0). */
    float attraction(float d2) {
        int bits = Float.floatToRawIntBits(d2);
        int j = (bits >>> SHIFT) - FIRST;
        if (j < 0 || j >= BUCKETS) {
            return (float) exactAttraction(d2);
        }
        return Math.fma(bits & ((1 << SHIFT) - 1), attraction[2 * j + 1], attraction[2 * j]);
    }

    /** The repulsive coefficient (positive; 0 at d^2 = 0). */
    float repulsion(float d2) {
        int bits = Float.floatToRawIntBits(d2);
        int j = (bits >>> SHIFT) - FIRST;
        if (j < 0 || j >= BUCKETS) {
            return (float) exactRepulsion(d2);
        }
        return Math.fma(bits & ((1 << SHIFT) - 1), repulsion[2 * j + 1], repulsion[2 * j]);
    }

    double exactAttraction(double d2) {
        if (d2 <= 0) {
            return 0;
        }
        double power = Math.pow(d2, b - 1);
        return -2 * a * b * power / (1 + a * power * d2);
    }

    double exactRepulsion(double d2) {
        if (d2 <= 0) {
            return 0;
        }
        return 2 * gamma * b / ((REPULSION_EPSILON + d2) * (1 + a * Math.pow(d2, b)));
    }
}
