package io.latentkit.reduce;

/**
 * The Student-t kernel of the embedding, w(d) = (1 + d^2 / dof)^(-(dof + 1) / 2), with scikit-learn's degrees of
 * freedom max(nComponents - 1, 1): the Cauchy kernel 1 / (1 + d^2) in 2-D, a lighter tail in 3-D (dof 2).
 * The gradient of KL(P || Q) with respect to y_i is
 * 2 (dof + 1) / dof sum_j (p_ij - w_ij / Z) t_ij (y_i - y_j) with t = (1 + d^2 / dof)^-1, which is w itself in 2-D.
 * (scikit-learn uses w in place of t also in 3-D, which is not the gradient of its objective.)
 *
 * @param dim embedding dimensions (2 or 3)
 * @param dof degrees of freedom (1 or 2)
 */
record TsneKernel(int dim, int dof) {
    static TsneKernel forDimensions(int nComponents) {
        return new TsneKernel(nComponents, Math.max(nComponents - 1, 1));
    }

    double weight(double squaredDistance) {
        double t = dof / (dof + squaredDistance);
        return dof == 1 ? t : t * Math.sqrt(t);
    }

    /** t = (1 + d^2 / dof)^-1, the factor of each pair's force. */
    double forceFactor(double squaredDistance) {
        return dof / (dof + squaredDistance);
    }

    /** The constant 2 (dof + 1) / dof in front of the KL gradient (4 in 2-D). */
    double gradientScale() {
        return 2.0 * (dof + 1) / dof;
    }

    double squaredDistance(double[] a, int aOffset, double[] b, int bOffset) {
        double d2 = 0;
        for (int c = 0; c < dim; c++) {
            double delta = a[aOffset + c] - b[bOffset + c];
            d2 += delta * delta;
        }
        return d2;
    }

    /**
     * Repulsion of {@code count} points at {@code source[sourceOffset ..]} on the point {@code y[yOffset ..]}: adds
     * count w t (y - source) to {@code force[yOffset ..]} and returns count w.
     */
    double repulse(double[] y, int yOffset, double[] source, int sourceOffset, int count, double[] force) {
        double d2 = squaredDistance(y, yOffset, source, sourceOffset);
        double w = weight(d2);
        double push = count * w * forceFactor(d2);
        for (int c = 0; c < dim; c++) {
            force[yOffset + c] += push * (y[yOffset + c] - source[sourceOffset + c]);
        }
        return count * w;
    }
}
