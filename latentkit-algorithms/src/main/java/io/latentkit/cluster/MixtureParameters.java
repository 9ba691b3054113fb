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

    /** log(w_c) + log N(x | mu_c, Sigma_c) for a chunk of rows x (nb x d, float32), shape (nb x k). */
    NDArray weightedLogProb(NDArray x) {
        NDManager m = x.getManager();
        int nb = (int) x.getShape().get(0);
        NDArray mu = m.create(toFloat(means), new Shape(k, d));
        NDArray squared;
        NDArray logDet;
        switch (type) {
            case FULL -> {
                // y_c = x P_c - mu_c P_c for all c at once: x (nb x d) times [P_1 ... P_k] (d x kd).
                double[] stacked = new double[d * k * d];
                double[] shift = new double[k * d];
                double[] logDets = new double[k];
                for (int c = 0; c < k; c++) {
                    int base = c * d * d;
                    for (int i = 0; i < d; i++) {
                        logDets[c] += Math.log(precisionCholesky[base + i * d + i]);
                        for (int j = 0; j < d; j++) {
                            double p = precisionCholesky[base + i * d + j];
                            stacked[i * k * d + c * d + j] = p;
                            shift[c * d + j] += means[c * d + i] * p;
                        }
                    }
                }
                NDArray y = x.matMul(m.create(toFloat(stacked), new Shape(d, (long) k * d))).subi(m.create(toFloat(shift), new Shape(1, (long) k * d)));
                squared = y.muli(y).reshape(nb, k, d).sum(new int[] {2});
                logDet = m.create(toFloat(logDets));
            }
            case DIAG -> {
                double[] precision = new double[k * d];
                double[] logDets = new double[k];
                for (int i = 0; i < k * d; i++) {
                    precision[i] = precisionCholesky[i] * precisionCholesky[i];
                    logDets[i / d] += Math.log(precisionCholesky[i]);
                }
                NDArray p = m.create(toFloat(precision), new Shape(k, d));
                NDArray muP = mu.mul(p);
                squared = x.square().matMul(p.transpose())
                        .subi(x.matMul(muP.transpose()).muli(2))
                        .addi(mu.mul(muP).sum(new int[] {1}).reshape(1, k));
                logDet = m.create(toFloat(logDets));
            }
            default -> {
                double[] precision = new double[k];
                double[] logDets = new double[k];
                for (int c = 0; c < k; c++) {
                    precision[c] = precisionCholesky[c] * precisionCholesky[c];
                    logDets[c] = d * Math.log(precisionCholesky[c]);
                }
                NDArray p = m.create(toFloat(precision)).reshape(1, k);
                squared = x.square().sum(new int[] {1}, true)
                        .sub(x.matMul(mu.transpose()).muli(2))
                        .addi(mu.square().sum(new int[] {1}).reshape(1, k))
                        .muli(p);
                logDet = m.create(toFloat(logDets));
            }
        }
        double[] logWeights = new double[k];
        for (int c = 0; c < k; c++) {
            logWeights[c] = Math.log(weights[c]);
        }
        return squared.muli(-0.5).addi(logDet.reshape(1, k)).subi(0.5 * d * LOG_2PI)
                .addi(m.create(toFloat(logWeights)).reshape(1, k));
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** Per-row log-likelihood (nb) and responsibilities (nb x k, rows sum to one) of a chunk. */
    NDArray[] responsibilities(NDArray x) {
        return LogSumExp.normalize(weightedLogProb(x));
    }

    /** The M-step: parameters that maximise the expected log-likelihood given the statistics. */
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
        for (int c = 0; c < k; c++) {
            weights[c] = nk[c] / total;
            for (int j = 0; j < d; j++) {
                means[c * d + j] = stats.sum[c * d + j] / nk[c];
            }
        }
        double[] covariances = switch (stats.type) {
            case FULL -> {
                double[] cov = new double[k * d * d];
                for (int c = 0; c < k; c++) {
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            double second = stats.second[i * k * d + c * d + j] / nk[c];
                            cov[c * d * d + i * d + j] = second - means[c * d + i] * means[c * d + j] + (i == j ? regCovar : 0);
                        }
                    }
                }
                yield cov;
            }
            case DIAG, SPHERICAL -> {
                double[] diag = new double[k * d];
                for (int i = 0; i < k * d; i++) {
                    diag[i] = stats.second[i] / nk[i / d] - means[i] * means[i] + regCovar;
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
