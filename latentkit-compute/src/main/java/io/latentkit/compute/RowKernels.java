package io.latentkit.compute;

/**
 * Scalar kernels on rows of a row-major float array, for the irregular access of graph searches where a tensor
 * call per pair would cost more than the arithmetic. Four independent accumulators let the CPU overlap the adds.
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
        int j = 0;
        for (; j + 3 < d; j += 4) {
            float t0 = x[a + j] - x[b + j];
            float t1 = x[a + j + 1] - x[b + j + 1];
            float t2 = x[a + j + 2] - x[b + j + 2];
            float t3 = x[a + j + 3] - x[b + j + 3];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; j < d; j++) {
            float t = x[a + j] - x[b + j];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Dot product of the row of x starting at offset a with the d values of w. */
    static float dot(float[] x, int a, float[] w, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            s0 += x[a + j] * w[j];
            s1 += x[a + j + 1] * w[j + 1];
            s2 += x[a + j + 2] * w[j + 2];
            s3 += x[a + j + 3] * w[j + 3];
        }
        for (; j < d; j++) {
            s0 += x[a + j] * w[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
