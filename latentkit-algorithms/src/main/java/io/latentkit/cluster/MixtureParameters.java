package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.Cholesky;
import io.latentkit.compute.LogSumExp;

/**
 * Weights, means and covariances of a Gaussian mixture (in the centred coordinates the model works in), with the Cholesky factors of the precisions
 * (precision = P P^T, P upper triangular) that turn every log-density into a matrix product.
 *
 * @param weights     k mixing weights
 * @param means       k x d, row-major
 * @param covariances FULL: k x d x d; DIAG: k x d; SPHERICAL: k
 * @param precisionCholesky same layout as covariances (for DIAG and SPHERICAL: 1 / standard deviation)
 */
public record MixtureParameters(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances,
                         double[] precisionCholesky) {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Computes the precision factors; fails with a clear message when a covariance is not positive definite. */
    public static MixtureParameters of(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances) {
        double[] prec = new double[covariances.length];
        if (type == CovarianceType.FULL) {
            for (int c = 0; c < k; c++) {
                double[] cov = java.util.Arrays.copyOfRange(covariances, c * d * d, (c + 1) * d * d);
                double[] l = Cholesky.lower(cov, d);
                if (l == null) {
                    throw illDefined(c);
                }
                double[] inv = Cholesky.invertLower(l, d);
                // P = (L^-1)^T, upper triangular
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        prec[c * d * d + i * d + j] = inv[j * d + i];
                    }
                }
            }
        } else {
            for (int i = 0; i < covariances.length; i++) {
                if (!(covariances[i] > 0)) {
                    throw illDefined(type == CovarianceType.DIAG ? i / d : i);
                }
                prec[i] = 1 / Math.sqrt(covariances[i]);
            }
        }
        return new MixtureParameters(type, k, d, weights, means, covariances, prec);
    }

    private static ArithmeticException illDefined(int component) {
        return new ArithmeticException("Gaussian mixture component " + component + " has an ill-defined covariance "
                + "(collapsed or singleton cluster); use fewer components or a larger regCovar");
    }

    /**
     * The chunk x (nb x d, float32) centred on every component's mean: shape (k x nb x d). Working on centred values
     * keeps float32 exact enough where a component is much narrower than its distance from the origin (expanding
     * |x - mu|^2 into |x|^2 - 2 x.mu + |mu|^2 would cancel away its small variances).
     */
    NDArray centre(NDArray x) {
        return centre(x, means, k);
    }

    /** x (nb x d) minus each of k means (k x d, row-major): shape (k x nb x d). */
    static NDArray centre(NDArray x, double[] means, int k) {
        long nb = x.getShape().get(0);
        long d = x.getShape().get(1);
        return x.reshape(1, nb, d).sub(x.getManager().create(toFloat(means), new Shape(k, 1, d)));
    }

    /** log(w_c) + log N(x | mu_c, Sigma_c) from the centred chunk (k x nb x d), shape (nb x k). */
    NDArray weightedLogProb(NDArray centred) {
        NDManager m = centred.getManager();
        int nb = (int) centred.getShape().get(1);
        double[] logDets = new double[k];
        NDArray whitened = switch (type) {
            case FULL -> {
                // y_c = (x - mu_c) P_c for every component in one batched product.
                for (int c = 0; c < k; c++) {
                    for (int i = 0; i < d; i++) {
                        logDets[c] += Math.log(precisionCholesky[c * d * d + i * d + i]);
                    }
                }
                yield centred.batchMatMul(m.create(toFloat(precisionCholesky), new Shape(k, d, d)));
            }
            case DIAG -> {
                for (int i = 0; i < k * d; i++) {
                    logDets[i / d] += Math.log(precisionCholesky[i]);
                }
                yield centred.mul(m.create(toFloat(precisionCholesky), new Shape(k, 1, d)));
            }
            case SPHERICAL -> {
                for (int c = 0; c < k; c++) {
                    logDets[c] = d * Math.log(precisionCholesky[c]);
                }
                yield centred.mul(m.create(toFloat(precisionCholesky), new Shape(k, 1, 1)));
            }
        };
        NDArray squared = whitened.muli(whitened).sum(new int[] {2}).transpose();
        double[] offsets = new double[k];
        for (int c = 0; c < k; c++) {
            offsets[c] = Math.log(weights[c]) + logDets[c] - 0.5 * d * LOG_2PI;
        }
        return squared.muli(-0.5).addi(m.create(toFloat(offsets)).reshape(1, k));
    }

    static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** Per-row log-likelihood (nb) and responsibilities (nb x k, rows sum to one) of a centred chunk. */
    NDArray[] responsibilities(NDArray centred) {
        return LogSumExp.normalize(weightedLogProb(centred));
    }

    /**
     * The M-step: parameters that maximise the expected log-likelihood given the statistics. The statistics hold
     * second moments about reference means; about the new means they are smaller by N (mu - ref)(mu - ref)^T.
     */
    static MixtureParameters fromStatistics(MixtureStatistics stats, double regCovar) {
        int k = stats.k;
        int d = stats.d;
        double[] nk = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            // 10 machine epsilons keep an empty component from dividing by zero, as scikit-learn does.
            nk[c] = stats.weight[c] + 10 * Math.ulp(1.0);
            total += nk[c];
        }
        double[] weights = new double[k];
        double[] means = new double[k * d];
        double[] shift = new double[k * d];
        for (int c = 0; c < k; c++) {
            weights[c] = nk[c] / total;
            for (int j = 0; j < d; j++) {
                means[c * d + j] = stats.sum[c * d + j] / nk[c];
                shift[c * d + j] = means[c * d + j] - stats.reference[c * d + j];
            }
        }
        double[] covariances = switch (stats.type) {
            case FULL -> {
                double[] cov = new double[k * d * d];
                for (int c = 0; c < k; c++) {
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            int at = c * d * d + i * d + j;
                            cov[at] = stats.second[at] / nk[c] - shift[c * d + i] * shift[c * d + j] + (i == j ? regCovar : 0);
                        }
                    }
                }
                yield cov;
            }
            case DIAG, SPHERICAL -> {
                double[] diag = new double[k * d];
                for (int i = 0; i < k * d; i++) {
                    diag[i] = stats.second[i] / nk[i / d] - shift[i] * shift[i] + regCovar;
                }
                if (stats.type == CovarianceType.DIAG) {
                    yield diag;
                }
                double[] spherical = new double[k];
                for (int i = 0; i < k * d; i++) {
                    spherical[i / d] += diag[i] / d;
                }
                yield spherical;
            }
        };
        return of(stats.type, k, d, weights, means, covariances);
    }
}
