package io.latentkit.compute;

import ai.djl.ndarray.NDArray;

/** Log-sum-exp along rows, shifted by the row maximum so that no term overflows or underflows to -inf needlessly. */
public final class LogSumExp {
    private LogSumExp() {
    }

    /** For an (n, k) array of log-values, returns the (n) array log(sum_j exp(a[i, j])). */
    public static NDArray rows(NDArray a) {
        NDArray max = a.max(new int[] {1}, true);
        // A row of -inf stays -inf instead of becoming NaN.
        NDArray safeMax = finiteOrZero(max);
        NDArray sum = a.sub(safeMax).exp().sum(new int[] {1}, true);
        return sum.log().add(safeMax).reshape(-1);
    }

    private static NDArray finiteOrZero(NDArray max) {
        return ai.djl.ndarray.NDArrays.where(max.isInfinite(), max.zerosLike(), max);
    }
}
