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
        return logVar.add(Scalars.of(logVar, 1)).sub(mu.square()).sub(logVar.exp()).sum(new int[] {1})
                .mul(Scalars.of(logVar, -0.5)).mean();
    }

    /**
     * The batch-hard triplet loss on codes (n x k) with integer labels (n; negative: no label): for every anchor with at
     * least one positive (same label, another row) and one negative (another label), max(0, largest positive distance
     * - smallest negative distance + margin), averaged over those anchors; 0 when there is none. Distances are
     * Euclidean, sqrt(squared distance + 1e-12). It focuses on the hardest cases and can collapse every code to one
     * point from a random start (the loss then sits at the margin); {@link #tripletBatchAll} is the safer default.
     */
    public static NDArray tripletBatchHard(NDArray codes, NDArray labels, double margin) {
        Pairs pairs = Pairs.of(codes, labels);
        NDArray distances = pairs.distances;
        NDArray hardestPositive = distances.mul(pairs.positive).max(new int[] {1});
        // Non-negatives are pushed above every real distance so that the minimum ignores them.
        NDArray one = Scalars.of(codes, 1);
        NDArray far = distances.max().stopGradient().add(one);
        NDArray hardestNegative = distances.add(pairs.negative.neg().add(one).mul(far)).min(new int[] {1});
        NDArray valid = pairs.positive.max(new int[] {1}).mul(pairs.negative.max(new int[] {1}));
        NDArray perAnchor = hardestPositive.sub(hardestNegative).add(Scalars.of(codes, margin))
                .maximum(Scalars.of(codes, 0)).mul(valid);
        return perAnchor.sum().div(valid.sum().maximum(one));
    }

    /**
     * The batch-all triplet loss (Hermans, Beyer and Leibe 2017, "BA+"): over every triplet of the batch (anchor,
     * positive: same label, another row; negative: another label; unlabelled rows take no part), max(0, d(a, p) -
     * d(a, n) + margin), averaged over the triplets where it is positive; 0 when there is none. Memory n^3 per batch.
     */
    public static NDArray tripletBatchAll(NDArray codes, NDArray labels, double margin) {
        Pairs pairs = Pairs.of(codes, labels);
        NDArray d = pairs.distances;
        // [a, p, n] = d(a, p) - d(a, n) + margin, on valid triplets only
        NDArray valid = pairs.positive.expandDims(2).mul(pairs.negative.expandDims(1));
        NDArray zero = Scalars.of(codes, 0);
        NDArray loss = d.expandDims(2).sub(d.expandDims(1)).add(Scalars.of(codes, margin)).maximum(zero).mul(valid);
        NDArray active = loss.gt(zero).toType(codes.getDataType(), false);
        return loss.sum(new int[] {1, 2}).sum().div(active.sum(new int[] {1, 2}).sum().maximum(Scalars.of(codes, 1)));
    }

    /** Pairwise code distances of a batch, and which pairs are positives and negatives (0/1 in the codes' type). */
    private record Pairs(NDArray distances, NDArray positive, NDArray negative) {
        static Pairs of(NDArray codes, NDArray labels) {
            long n = codes.getShape().get(0);
            DataType type = codes.getDataType();
            NDArray squares = codes.square().sum(new int[] {1});
            NDArray gram = codes.matMul(codes.transpose());
            NDArray distances = squares.expandDims(1).add(squares.expandDims(0)).sub(gram.mul(Scalars.of(codes, 2)))
                    .maximum(Scalars.of(codes, 0)).add(Scalars.of(codes, DISTANCE_EPS)).sqrt();
            NDArray known = labels.gte(Scalars.of(labels, 0));
            NDArray bothKnown = known.expandDims(1).logicalAnd(known.expandDims(0));
            NDArray same = labels.expandDims(1).eq(labels.expandDims(0));
            NDArray notSelf = codes.getManager().eye((int) n).toType(DataType.BOOLEAN, false).logicalNot();
            NDArray positive = same.logicalAnd(bothKnown).logicalAnd(notSelf).toType(type, false);
            NDArray negative = same.logicalNot().logicalAnd(bothKnown).toType(type, false);
            return new Pairs(distances, positive, negative);
        }
    }
}
