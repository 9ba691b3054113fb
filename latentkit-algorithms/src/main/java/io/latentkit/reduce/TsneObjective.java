package io.latentkit.reduce;

import io.latentkit.reduce.TsneAffinities.SparseRows;
import java.util.stream.IntStream;

/**
 * The t-SNE objective KL(P || Q) and its gradient ({@link TsneKernel}). Each moving point i feels an attraction
 * sum_j p_ij t_ij (y_i - y_j) over its stored affinities and a repulsion sum_j w_ij t_ij (y_i - y_j) / Z from every
 * reference point, summed exactly (O(n) per point), by a Barnes-Hut {@link SpaceTree} (O(log n) per point) or,
 * when fitting a 2-D map, by interpolation on a grid with FFT convolution ({@link FftRepulsion}, O(1) per point).
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
    private final FftRepulsion interpolation;

    private TsneObjective(SparseRows affinities, double exaggeration, TsneKernel kernel, boolean exact, double theta,
                          double[] reference, FftRepulsion interpolation) {
        this.affinities = affinities;
        this.exaggeration = exaggeration;
        this.kernel = kernel;
        this.exact = exact;
        this.theta = theta;
        this.reference = reference;
        this.referenceTree = reference == null || exact ? null
                : SpaceTree.build(reference, reference.length / kernel.dim(), kernel.dim());
        this.interpolation = interpolation;
    }

    /**
     * The fitting objective over joint probabilities P, multiplied by {@code exaggeration} in the attraction, with
     * the repulsion summed by {@code method} (EXACT, BARNES_HUT with this theta, or FFT).
     */
    static TsneObjective fitting(SparseRows joint, double exaggeration, TsneKernel kernel, Tsne.Method method,
                                 double theta) {
        return new TsneObjective(joint, exaggeration, kernel, method == Tsne.Method.EXACT, theta, null,
                method == Tsne.Method.FFT ? new FftRepulsion(kernel) : null);
    }

    /** The objective of new points with conditional rows over the points of a fixed {@code reference} embedding. */
    static TsneObjective placing(SparseRows conditional, double[] reference, TsneKernel kernel, boolean exact,
                                 double theta) {
        return new TsneObjective(conditional, 1, kernel, exact, theta, reference, null);
    }

    @Override
    public double evaluate(double[] y, double[] gradient, boolean withValue) {
        int dim = kernel.dim();
        int m = affinities.rows();
        boolean joint = reference == null;
        double[] ref = joint ? y : reference;
        double[] z = new double[m];
        double[] repulsion = new double[m * dim];
        if (interpolation != null) {
            interpolation.repulse(y, z, repulsion);
        } else {
            SpaceTree tree = exact ? null : joint ? SpaceTree.build(y, m, dim) : referenceTree;
            IntStream.range(0, m).parallel().forEach(i -> {
                int self = joint ? i : -1;
                z[i] = tree != null ? tree.repulse(y, i * dim, self, theta, kernel, repulsion)
                        : exactRepulsion(y, i, self, ref, repulsion);
            });
        }
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
        // The point and its pull are held in locals (a third coordinate of 0 in 2-D): this loop runs over every
        // stored affinity each iteration.
        int dim = kernel.dim();
        int[] columns = affinities.columns();
        double[] values = affinities.values();
        double y0 = y[i * dim];
        double y1 = y[i * dim + 1];
        double y2 = dim == 3 ? y[i * dim + 2] : 0;
        double pull0 = 0;
        double pull1 = 0;
        double pull2 = 0;
        double kl = 0;
        for (int e = affinities.rowStart()[i]; e < affinities.rowStart()[i + 1]; e++) {
            int j = columns[e] * dim;
            double delta0 = y0 - ref[j];
            double delta1 = y1 - ref[j + 1];
            double delta2 = dim == 3 ? y2 - ref[j + 2] : 0;
            double d2 = delta0 * delta0 + delta1 * delta1 + delta2 * delta2;
            double pull = values[e] * kernel.forceFactor(d2);
            pull0 += pull * delta0;
            pull1 += pull * delta1;
            pull2 += pull * delta2;
            if (withValue) {
                double p = values[e];
                kl += p * Math.log(Math.max(p, EPSILON) / Math.max(kernel.weight(d2) / norm, EPSILON));
            }
        }
        gradient[i * dim] = exaggeration * pull0;
        gradient[i * dim + 1] = exaggeration * pull1;
        if (dim == 3) {
            gradient[i * dim + 2] = exaggeration * pull2;
        }
        return kl;
    }
}
