package io.latentkit.reduce;

import io.latentkit.reduce.TsneAffinities.SparseRows;
import java.util.stream.IntStream;

/**
 * The t-SNE objective KL(P || Q) and its gradient ({@link TsneKernel}). Each moving point i feels an attraction
 * sum_j p_ij t_ij (y_i - y_j) over its stored affinities and a repulsion sum_j w_ij t_ij (y_i - y_j) / Z from every
 * reference point, summed exactly (O(n) per point) or by a Barnes-Hut {@link SpaceTree} (O(log n) per point).
 *
 * <p>Two forms: fitting, where the moving points are the reference points, P is joint and Z = sum over all pairs;
 * and placing new points onto a fixed map, where each new point i has its own conditional row p(j | i) over the
 * training points and its own Z_i = sum_j w_ij, so each new point minimises KL(p(. | i) || q(. | i)) independently.
 *
 * <p>Per-point forces are computed independently into disjoint slots and the sums are taken in index order, so the
 * result does not depend on the number of threads.
 */
final class TsneObjective implements TsneDescent.Objective {
    private static final double EPSILON = Math.ulp(1.0);

    private final SparseRows affinities;
    private final double exaggeration;
    private final TsneKernel kernel;
    private final boolean exact;
    private final double theta;
    private final double[] reference;
    private final SpaceTree referenceTree;

    private TsneObjective(SparseRows affinities, double exaggeration, TsneKernel kernel, boolean exact, double theta,
                          double[] reference) {
        this.affinities = affinities;
        this.exaggeration = exaggeration;
        this.kernel = kernel;
        this.exact = exact;
        this.theta = theta;
        this.reference = reference;
        this.referenceTree = reference == null || exact ? null
                : SpaceTree.build(reference, reference.length / kernel.dim(), kernel.dim());
    }

    /** The fitting objective over joint probabilities P, multiplied by {@code exaggeration} in the attraction. */
    static TsneObjective fitting(SparseRows joint, double exaggeration, TsneKernel kernel, boolean exact,
                                 double theta) {
        return new TsneObjective(joint, exaggeration, kernel, exact, theta, null);
    }

    /** The objective of new points with conditional rows over the points of a fixed {@code reference} embedding. */
    static TsneObjective placing(SparseRows conditional, double[] reference, TsneKernel kernel, boolean exact,
                                 double theta) {
        return new TsneObjective(conditional, 1, kernel, exact, theta, reference);
    }

    @Override
    public double evaluate(double[] y, double[] gradient, boolean withValue) {
        int dim = kernel.dim();
        int m = affinities.rows();
        boolean joint = reference == null;
        double[] ref = joint ? y : reference;
        SpaceTree tree = exact ? null : joint ? SpaceTree.build(y, m, dim) : referenceTree;
        double[] z = new double[m];
        double[] repulsion = new double[m * dim];
        IntStream.range(0, m).parallel().forEach(i -> {
            int self = joint ? i : -1;
            z[i] = tree != null ? tree.repulse(y, i * dim, self, theta, kernel, repulsion)
                    : exactRepulsion(y, i, self, ref, repulsion);
        });
        double total = 0;
        for (double part : z) {
            total += part;
        }
        double sumQ = total;
        double[] divergence = new double[m];
        IntStream.range(0, m).parallel().forEach(i -> {
            double norm = joint ? sumQ : z[i];
            divergence[i] = attract(y, i, ref, norm, gradient, withValue);
            for (int c = 0; c < dim; c++) {
                int slot = i * dim + c;
                gradient[slot] = kernel.gradientScale() * (gradient[slot] - repulsion[slot] / norm);
            }
        });
        if (!withValue) {
            return Double.NaN;
        }
        double kl = 0;
        for (double part : divergence) {
            kl += part;
        }
        return kl;
    }

    private double exactRepulsion(double[] y, int i, int self, double[] ref, double[] repulsion) {
        int dim = kernel.dim();
        double z = 0;
        for (int j = 0; j < ref.length / dim; j++) {
            if (j != self) {
                z += kernel.repulse(y, i * dim, ref, j * dim, 1, repulsion);
            }
        }
        return z;
    }

    /**
     * Writes row i's attraction sum_j exaggeration p_ij t_ij (y_i - y_j) into {@code gradient}; returns its share
     * sum_j p_ij log(p_ij / q_ij) of the divergence when asked (0 otherwise), with q_ij = w_ij / norm.
     */
    private double attract(double[] y, int i, double[] ref, double norm, double[] gradient, boolean withValue) {
        int dim = kernel.dim();
        for (int c = 0; c < dim; c++) {
            gradient[i * dim + c] = 0;
        }
        double kl = 0;
        for (int e = affinities.rowStart()[i]; e < affinities.rowStart()[i + 1]; e++) {
            int j = affinities.columns()[e];
            double p = affinities.values()[e];
            double d2 = kernel.squaredDistance(y, i * dim, ref, j * dim);
            double pull = exaggeration * p * kernel.forceFactor(d2);
            for (int c = 0; c < dim; c++) {
                gradient[i * dim + c] += pull * (y[i * dim + c] - ref[j * dim + c]);
            }
            if (withValue) {
                kl += p * Math.log(Math.max(p, EPSILON) / Math.max(kernel.weight(d2) / norm, EPSILON));
            }
        }
        return kl;
    }
}
