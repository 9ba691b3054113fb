package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;

/**
 * What EM's M-step needs, summed over chunks of data: per component the total responsibility, the weighted sum of
 * points and the weighted sum of their outer products (FULL) or squares (DIAG, SPHERICAL); plus the data's
 * log-likelihood. Each chunk adds a few float32 GEMMs; the running sums are double.
 */
final class MixtureStatistics {
    final CovarianceType type;
    final int k;
    final int d;
    final double[] weight;
    final double[] sum;
    /** FULL: d x (k*d) with [i, c*d + j] = sum_n r_nc x_ni x_nj; otherwise k x d with sum_n r_nc x_nj^2. */
    final double[] second;
    double logLikelihood;

    MixtureStatistics(CovarianceType type, int k, int d) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.weight = new double[k];
        this.sum = new double[k * d];
        this.second = new double[type == CovarianceType.FULL ? d * k * d : k * d];
    }

    /** Adds a chunk of points (m x d) with their responsibilities (m x k), both float32. */
    void add(NDArray x, NDArray resp) {
        int m = (int) x.getShape().get(0);
        accumulate(weight, resp.sum(new int[] {0}));
        accumulate(sum, resp.transpose().matMul(x));
        if (type == CovarianceType.FULL) {
            NDArray weighted = resp.reshape(m, k, 1).mul(x.reshape(m, 1, d)).reshape(m, (long) k * d);
            accumulate(second, x.transpose().matMul(weighted));
        } else {
            accumulate(second, resp.transpose().matMul(x.square()));
        }
    }

    private static void accumulate(double[] into, NDArray values) {
        float[] v = values.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            into[i] += v[i];
        }
    }
}
