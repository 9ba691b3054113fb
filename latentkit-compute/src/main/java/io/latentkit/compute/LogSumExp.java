package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Log-sum-exp along rows, shifted by the row maximum so that no term overflows or underflows to -inf needlessly. */
public final class LogSumExp {
    private LogSumExp() {
    }

    /** For an (n, k) array of log-values, returns the (n) array log(sum_j exp(a[i, j])). */
    public static NDArray rows(NDArray a) {
        return normalize(a)[0];
    }

    /**
     * Both the row log-normalisers and the normalised probabilities of (n, k) log-values, sharing one exponential:
     * returns {log(sum_j exp(a[i, j])) of shape (n), exp(a[i, j]) / sum_j exp(a[i, j]) of shape (n, k)}.
     * A row of -inf keeps a log-normaliser of -inf instead of becoming NaN.
     */
    public static NDArray[] normalize(NDArray a) {
        NDArray max = a.max(new int[] {1}, true);
        NDArray shift = NDArrays.where(max.isInfinite(), max.zerosLike(), max);
        NDArray e = a.sub(shift).exp();
        NDArray sum = e.sum(new int[] {1}, true);
        return new NDArray[] {sum.log().addi(shift).reshape(-1), e.divi(sum)};
    }
}
