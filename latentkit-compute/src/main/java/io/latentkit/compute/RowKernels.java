package io.latentkit.compute;

/**
 * Scalar kernels on rows of a row-major float array, for the irregular access of graph searches where a tensor
 * call per pair would cost more than the arithmetic. Eight independent accumulators let the CPU overlap
 * the adds (the JIT does not vectorise float sums, whose order it must keep); about twice as fast as one or four
 * accumulators at d = 784. Fused multiply-adds (one instruction on x86-64 since 2013 and on ARMv8) save another
 * sixth.
 */
final class RowKernels {
    private RowKernels() {
    }

    /** Squared Euclidean distance between the rows starting at offsets a and b, each d long. */
    static float squaredDistance(float[] x, int a, int b, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int j = 0;
        for (; j + 7 < d; j += 8) {
            float t0 = x[a + j] - x[b + j];
            float t1 = x[a + j + 1] - x[b + j + 1];
            float t2 = x[a + j + 2] - x[b + j + 2];
            float t3 = x[a + j + 3] - x[b + j + 3];
            float t4 = x[a + j + 4] - x[b + j + 4];
            float t5 = x[a + j + 5] - x[b + j + 5];
            float t6 = x[a + j + 6] - x[b + j + 6];
            float t7 = x[a + j + 7] - x[b + j + 7];
            s0 = Math.fma(t0, t0, s0);
            s1 = Math.fma(t1, t1, s1);
            s2 = Math.fma(t2, t2, s2);
            s3 = Math.fma(t3, t3, s3);
            s4 = Math.fma(t4, t4, s4);
            s5 = Math.fma(t5, t5, s5);
            s6 = Math.fma(t6, t6, s6);
            s7 = Math.fma(t7, t7, s7);
        }
        for (; j < d; j++) {
            float t = x[a + j] - x[b + j];
            s0 = Math.fma(t, t, s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Dot product of the row of x starting at offset a with the d values of w. */
    static float dot(float[] x, int a, float[] w, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int j = 0;
        for (; j + 7 < d; j += 8) {
            s0 = Math.fma(x[a + j], w[j], s0);
            s1 = Math.fma(x[a + j + 1], w[j + 1], s1);
            s2 = Math.fma(x[a + j + 2], w[j + 2], s2);
            s3 = Math.fma(x[a + j + 3], w[j + 3], s3);
            s4 = Math.fma(x[a + j + 4], w[j + 4], s4);
            s5 = Math.fma(x[a + j + 5], w[j + 5], s5);
            s6 = Math.fma(x[a + j + 6], w[j + 6], s6);
            s7 = Math.fma(x[a + j + 7], w[j + 7], s7);
        }
        for (; j < d; j++) {
            s0 = Math.fma(x[a + j], w[j], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
