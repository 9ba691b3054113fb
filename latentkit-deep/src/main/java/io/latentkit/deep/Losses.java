package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The loss terms as engine expressions, differentiable by the engine's autograd and tested against finite differences.
 * Reductions go row by row first, so a loss never sums more than one row's values in a single reduction: PyTorch
 * splits long full reductions across threads, and the result would then depend on the thread count.
 */
public final class Losses {
    /** Added under the square root of squared distances, so the gradient stays finite for coincident codes. */
    static final double DISTANCE_EPS = 1e-12;

    private Losses() {
    }

    /** Mean squared error of each row over its features: shape (n). */
    public static NDArray rowMse(NDArray reconstruction, NDArray target) {
        return reconstruction.sub(target).square().mean(new int[] {1});
    }

    /**
     * KL(N(mu, exp(logVar)) || N(0, I)) summed over latent dimensions and averaged over rows:
     * mean_i -1/2 sum_j (1 + logVar_ij - mu_ij^2 - exp(logVar_ij)).
     */
    public static NDArray kl(NDArray mu, NDArray logVar) {
        // Scaled before the mean: a double scalar applied to a 0-d result would promote it to float64.
        return logVar.add(1).sub(mu.square()).sub(logVar.exp()).sum(new int[] {1}).mul(-0.5).mean();
    }

    /**
     * The batch-hard triplet loss on codes (n x k) with integer labels (n; negative: no label): for every anchor with at
     * least one positive (same label, another row) and one negative (another label), max(0, largest positive distance
     * - smallest negative distance + margin), averaged over those anchors; 0 when there is none. Distances are
     * Euclidean, sqrt(squared distance + 1e-12).
     */
    public static NDArray tripletBatchHard(NDArray codes, NDArray labels, double margin) {
        long n = codes.getShape().get(0);
        DataType type = codes.getDataType();
        NDArray squares = codes.square().sum(new int[] {1});
        NDArray gram = codes.matMul(codes.transpose());
        NDArray distances = squares.expandDims(1).add(squares.expandDims(0)).sub(gram.mul(2)).maximum(0)
                .add(DISTANCE_EPS).sqrt();
        NDArray known = labels.gte(0);
        NDArray bothKnown = known.expandDims(1).logicalAnd(known.expandDims(0));
        NDArray same = labels.expandDims(1).eq(labels.expandDims(0));
        NDArray notSelf = codes.getManager().eye((int) n).toType(DataType.BOOLEAN, false).logicalNot();
        NDArray positive = same.logicalAnd(bothKnown).logicalAnd(notSelf).toType(type, false);
        NDArray negative = same.logicalNot().logicalAnd(bothKnown).toType(type, false);
        NDArray hardestPositive = distances.mul(positive).max(new int[] {1});
        // Non-negatives are pushed above every real distance so that the minimum ignores them.
        NDArray far = distances.max().stopGradient().add(1);
        NDArray hardestNegative = distances.add(negative.neg().add(1).mul(far)).min(new int[] {1});
        NDArray valid = positive.max(new int[] {1}).mul(negative.max(new int[] {1}));
        NDArray perAnchor = hardestPositive.sub(hardestNegative).add(margin).maximum(0).mul(valid);
        return perAnchor.sum().div(valid.sum().maximum(1));
    }
}
