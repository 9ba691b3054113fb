package io.latentkit.estimator;

import io.latentkit.data.Matrix;

/**
 * A fitted transform that can also map items back to its input space, such as an autoencoder; runs use it for the
 * reconstruction-error analysis (which items the model could not reconstruct).
 */
public interface Reconstructor extends Transform {
    /** Each row's reconstruction, in the input space (same shape as {@code input}). */
    Matrix reconstruct(Matrix input);

    /** Per row, the mean over features of the squared difference between the row and its reconstruction. */
    default double[] reconstructionErrors(Matrix input) {
        Matrix out = reconstruct(input);
        double[] errors = new double[input.rows()];
        for (int i = 0; i < errors.length; i++) {
            double sum = 0;
            for (int j = 0; j < input.cols(); j++) {
                double diff = input.get(i, j) - out.get(i, j);
                sum += diff * diff;
            }
            errors[i] = sum / input.cols();
        }
        return errors;
    }
}
