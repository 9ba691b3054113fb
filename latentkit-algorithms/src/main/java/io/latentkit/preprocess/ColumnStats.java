package io.latentkit.preprocess;

import io.latentkit.data.Matrix;

/** Per-column mean, population variance, minimum and maximum in one pass (Welford), in double precision. */
record ColumnStats(double[] mean, double[] variance, double[] min, double[] max) {
    static ColumnStats of(Matrix x) {
        int d = x.cols();
        double[] mean = new double[d];
        double[] m2 = new double[d];
        double[] min = new double[d];
        double[] max = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] v = x.data();
        for (int i = 0; i < x.rows(); i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                double value = v[base + j];
                double delta = value - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (value - mean[j]);
                min[j] = Math.min(min[j], value);
                max[j] = Math.max(max[j], value);
            }
        }
        double[] variance = new double[d];
        for (int j = 0; j < d; j++) {
            variance[j] = x.rows() == 0 ? 0 : m2[j] / x.rows();
        }
        return new ColumnStats(mean, variance, min, max);
    }
}
