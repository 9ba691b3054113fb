package io.latentkit.compute;

import ai.djl.ndarray.NDArray;

/** Pairwise distances as matrix products: |x|^2 + |y|^2 - 2 x.y, one GEMM per block instead of n*m*d scalar steps. */
public final class PairwiseDistances {
    private PairwiseDistances() {
    }

    /** Squared row norms, shape (n). */
    public static NDArray rowSquaredNorms(NDArray x) {
        return x.square().sum(new int[] {1});
    }

    /**
     * Squared Euclidean distances between the rows of x (n, d) and y (m, d), shape (n, m), clamped at zero
     * (cancellation can make tiny distances slightly negative).
     */
    public static NDArray squaredEuclidean(NDArray x, NDArray xSquaredNorms, NDArray y, NDArray ySquaredNorms) {
        NDArray d = x.matMul(y.transpose());
        d.muli(-2);
        d.addi(xSquaredNorms.reshape(-1, 1));
        d.addi(ySquaredNorms.reshape(1, -1));
        return d.maximum(0);
    }

    public static NDArray squaredEuclidean(NDArray x, NDArray y) {
        return squaredEuclidean(x, rowSquaredNorms(x), y, rowSquaredNorms(y));
    }
}
