package io.latentkit.preprocess;

import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Transform;

/** Scales each row to unit Euclidean length (what cosine similarity assumes); all-zero rows stay zero. Learns nothing. */
public record L2Normalizer() implements Estimator<L2Normalizer>, Transform {
    @Override
    public L2Normalizer fit(Dataset data) {
        return this;
    }

    @Override
    public Dataset transform(Dataset data) {
        Matrix x = data.features();
        int d = x.cols();
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < x.rows(); i++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                sq += (double) in[i * d + j] * in[i * d + j];
            }
            double norm = sq == 0 ? 1 : Math.sqrt(sq);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (in[i * d + j] / norm);
            }
        }
        return data.withFeatures(new Matrix(x.rows(), d, out), data.featureNames());
    }
}
