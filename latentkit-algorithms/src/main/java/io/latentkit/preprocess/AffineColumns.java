package io.latentkit.preprocess;

import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;

/** The fitted form of the column scalers: x' = (x - offset) / scale, column by column. */
final class AffineColumns {
    private AffineColumns() {
    }

    static Dataset apply(Dataset data, double[] offset, double[] scale) {
        Matrix x = data.features();
        if (x.cols() != offset.length) {
            throw new IllegalArgumentException("fitted on " + offset.length + " features, got " + x.cols());
        }
        int d = x.cols();
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < x.rows(); i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                out[base + j] = (float) ((in[base + j] - offset[j]) / scale[j]);
            }
        }
        return data.withFeatures(new Matrix(x.rows(), d, out), data.featureNames());
    }

    /** A zero spread scales by 1 (as scikit-learn), so constant columns become zeros instead of NaN. */
    static double safeScale(double spread) {
        return spread == 0 || !Double.isFinite(spread) ? 1.0 : spread;
    }
}
