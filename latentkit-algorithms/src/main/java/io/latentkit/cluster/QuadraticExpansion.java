package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.LogSumExp;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;
import java.util.Arrays;

/**
 * EM's E- and M-steps for data with few columns (up to {@value #MAX_DIMS}, e.g. a UMAP output), as two products with
 * the quadratic features phi(x) = [1, x, x_i x_j for i <= j] in float64, which do not change between iterations.
 * Every log-density is linear in phi: log w_c + log N(x | mu_c, Sigma_c) = phi(x) . theta_c, with theta_c =
 * [log w_c + log|P_c| - d/2 log 2 pi - mu_c^T L_c mu_c / 2, L_c mu_c, -L_c,ii / 2 and -L_c,ij for i < j] for the
 * precision L_c = P_c P_c^T; and every sufficient statistic is a column sum of responsibility times phi. So one
 * (m x f) by (f x k) product gives a chunk's log-densities and one (k x m) by (m x f) product its statistics,
 * f = 1 + d + d(d + 1)/2, where the centred path makes (k x m x d) temporaries whose passes cost far more than their
 * arithmetic at small d.
 *
 * <p>The expansion subtracts large terms (x^T L x against the small Mahalanobis distance of a point near a narrow
 * component far from the origin), which float32 could not afford; float64 keeps about 1e-16 of them, and the data are
 * already centred on their mean.
 */
final class QuadraticExpansion {
    /** Most columns taken this way: f = 153 features at 16. */
    static final int MAX_DIMS = 16;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private QuadraticExpansion() {
    }

    static boolean suits(int d) {
        return d <= MAX_DIMS;
    }

    /** Features per item for d columns. */
    static int width(int d) {
        return 1 + d + d * (d + 1) / 2;
    }

    /**
     * phi of rows [from, to) of x, centred on {@code center} in double: (to - from) x {@link #width}, float64, built
     * in a staging array and copied to the engine once.
     */
    static NDArray features(NDManager manager, Matrix x, double[] center, int from, int to) {
        int d = x.cols();
        int f = width(d);
        float[] v = x.data();
        double[] phi = new double[Math.multiplyExact(to - from, f)];
        double[] y = new double[d];
        for (int r = 0; r < to - from; r++) {
            int at = r * f;
            for (int j = 0; j < d; j++) {
                y[j] = v[(from + r) * d + j] - center[j];
            }
            phi[at++] = 1;
            for (int j = 0; j < d; j++) {
                phi[at++] = y[j];
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    phi[at++] = y[i] * y[j];
                }
            }
        }
        return manager.create(phi, new Shape(to - from, f));
    }

    /** theta ({@link #width} x k, row-major): phi(x) theta = log w_c + log N(x | mu_c, Sigma_c) for every c. */
    static double[] weights(MixtureParameters p) {
        int k = p.k();
        int d = p.d();
        int f = width(d);
        double[] theta = new double[f * k];
        double[] precision = new double[d * d];
        for (int c = 0; c < k; c++) {
            double halfLogDet = precision(p, c, precision);
            double[] mu = Arrays.copyOfRange(p.means(), c * d, (c + 1) * d);
            double quadratic = 0;
            int at = 1 + d;
            for (int i = 0; i < d; i++) {
                double row = 0;
                for (int j = 0; j < d; j++) {
                    row += precision[i * d + j] * mu[j];
                }
                theta[(1 + i) * k + c] = row;
                quadratic += mu[i] * row;
                for (int j = i; j < d; j++) {
                    // x_i x_j stands for both x_i x_j and x_j x_i off the diagonal.
                    theta[at++ * k + c] = (i == j ? -0.5 : -1.0) * precision[i * d + j];
                }
            }
            theta[c] = Math.log(p.weights()[c]) + halfLogDet - 0.5 * d * LOG_2PI - 0.5 * quadratic;
        }
        return theta;
    }

    /** Fills the d x d precision of component c (P P^T) and returns log|P|, half the log-determinant. */
    private static double precision(MixtureParameters p, int c, double[] out) {
        int d = p.d();
        double[] pc = p.precisionCholesky();
        Arrays.fill(out, 0);
        double halfLogDet = 0;
        switch (p.type()) {
            case FULL -> {
                int base = c * d * d;
                for (int i = 0; i < d; i++) {
                    halfLogDet += Math.log(pc[base + i * d + i]);
                    for (int j = 0; j < d; j++) {
                        double s = 0;
                        for (int t = 0; t < d; t++) {
                            s += pc[base + i * d + t] * pc[base + j * d + t];
                        }
                        out[i * d + j] = s;
                    }
                }
            }
            case DIAG -> {
                for (int i = 0; i < d; i++) {
                    double v = pc[c * d + i];
                    halfLogDet += Math.log(v);
                    out[i * d + i] = v * v;
                }
            }
            case SPHERICAL -> {
                double v = pc[c];
                halfLogDet = d * Math.log(v);
                for (int i = 0; i < d; i++) {
                    out[i * d + i] = v * v;
                }
            }
        }
        return halfLogDet;
    }

    /** Per-row log-likelihood (m) and responsibilities (m x k), both float64, of a chunk's features. */
    static NDArray[] responsibilities(MixtureParameters p, NDArray phi) {
        NDArray theta = phi.getManager().create(weights(p), new Shape(phi.getShape().get(1), p.k()));
        return LogSumExp.normalize(phi.matMul(theta));
    }

    /**
     * Adds a chunk to statistics whose reference means are zero (the raw moments about the data's mean): the column
     * sums of each component's responsibilities times phi, one product.
     */
    static void add(MixtureStatistics stats, NDArray phi, NDArray responsibilities) {
        int k = stats.k;
        int d = stats.d;
        int f = width(d);
        NDArray respT = MixtureStatistics.withoutNegligible(responsibilities).transpose();
        double[] s = Tensors.matMulOverItems(respT, phi).toDoubleArray();
        for (int c = 0; c < k; c++) {
            int row = c * f;
            stats.weight[c] += s[row];
            int at = row + 1 + d;
            for (int i = 0; i < d; i++) {
                stats.sum[c * d + i] += s[row + 1 + i];
                for (int j = i; j < d; j++, at++) {
                    if (stats.type == CovarianceType.FULL) {
                        stats.second[(c * d + i) * d + j] += s[at];
                        if (j != i) {
                            stats.second[(c * d + j) * d + i] += s[at];
                        }
                    } else if (j == i) {
                        stats.second[c * d + i] += s[at];
                    }
                }
            }
        }
    }
}
