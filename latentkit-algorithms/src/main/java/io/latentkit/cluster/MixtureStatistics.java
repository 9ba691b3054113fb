package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import io.latentkit.compute.Tensors;

/**
 * What EM's M-step needs, summed over chunks of data: per component the total responsibility, the weighted sum of
 * points, and the weighted second moments about a reference mean per component (the current means, so the values
 * stay small and float32 keeps them exact): outer products (FULL) or squares (DIAG, SPHERICAL); plus the data's
 * log-likelihood. Each chunk adds a few float32 (batched) GEMMs; the running sums are double.
 */
final class MixtureStatistics {
    /**
     * Responsibilities below this count as zero in the statistics. Far from a component, exp() of the log-density
     * gap lands among the subnormals (float32's below 1e-38, float64's below 1e-308), which x86 multiplies slowly:
     * with them, one EM iteration over 70,000 x 50 (k = 10) takes 195 ms instead of 100. Dropping them moves the
     * statistics only within float32's rounding (70,000 of them add up to under 1e-25, against a weight floor of
     * 10 ulp(1.0)); on that data, seed 0's log-likelihood after 80 iterations moved by 2e-5 and seeds 1 and 2 did not.
     */
    private static final float NEGLIGIBLE = 1e-30f;

    final CovarianceType type;
    final int k;
    final int d;
    final double[] reference;
    final double[] weight;
    final double[] sum;
    /** FULL: k x d x d with [c, i, j] = sum_n r_nc y_ni y_nj, y = x - reference_c; otherwise k x d of sum_n r_nc y_nj^2. */
    final double[] second;
    double logLikelihood;

    MixtureStatistics(CovarianceType type, int k, int d, double[] reference) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.reference = reference;
        this.weight = new double[k];
        this.sum = new double[k * d];
        this.second = new double[type == CovarianceType.FULL ? k * d * d : k * d];
    }

    /**
     * Adds a chunk: the points x (m x d), the same points centred on each reference mean (k x m x d) and their
     * responsibilities (m x k), all float32.
     */
    void add(NDArray x, NDArray centred, NDArray responsibilities) {
        NDArray resp = withoutNegligible(responsibilities);
        int m = (int) x.getShape().get(0);
        accumulate(weight, resp.sum(new int[] {0}));
        NDArray respT = resp.transpose();
        accumulate(sum, Tensors.matMulOverItems(respT, x));
        NDArray weighted = centred.mul(respT.reshape(k, m, 1));
        if (type == CovarianceType.FULL) {
            accumulate(second, Tensors.matMulOverItems(centred.transpose(0, 2, 1), weighted));
        } else {
            accumulate(second, weighted.muli(centred).sum(new int[] {1}));
        }
    }

    /** The responsibilities with those below {@link #NEGLIGIBLE} set to zero, in their own float type. */
    static NDArray withoutNegligible(NDArray responsibilities) {
        return responsibilities.mul(responsibilities.gte(NEGLIGIBLE).toType(responsibilities.getDataType(), false));
    }

    private static void accumulate(double[] into, NDArray values) {
        float[] v = values.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            into[i] += v[i];
        }
    }
}
