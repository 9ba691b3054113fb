package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.data.Matrix;
import java.util.SplittableRandom;

/**
 * Truncated SVD of a column-centred matrix by randomized range finding (Halko, Martinsson and Tropp 2011):
 * a Gaussian sketch, power iterations re-orthonormalised each time, then an exact small SVD of the projection.
 * Every product with the data is one GEMM on the engine; orthonormalisation is Cholesky-QR (twice) in float64.
 */
public final class RandomizedSvd {
    private RandomizedSvd() {
    }

    /**
     * Top singular triplets of the centred data.
     *
     * @param singularValues  descending
     * @param rightVectors    row-major (rank x d): row r is the r-th right singular vector
     * @param totalSumSquares sum of all squared centred values (the sum of all squared singular values)
     */
    public record Result(double[] singularValues, double[] rightVectors, double totalSumSquares) {
    }

    public static Result compute(Matrix x, double[] mean, int rank, int oversamples, int powerIterations, long seed) {
        int n = x.rows();
        int d = x.cols();
        int l = Math.min(Math.min(n, d), rank + oversamples);
        if (rank > l) {
            throw new IllegalArgumentException("rank " + rank + " exceeds min(n, d) = " + Math.min(n, d));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] omega = new double[d * l];
        for (int i = 0; i < omega.length; i++) {
            omega[i] = rng.nextGaussian();
        }
        try (NDManager m = Tensors.newManager()) {
            NDArray data = Tensors.toTensor(m, x);
            NDArray mu = m.create(mean).reshape(1, d);
            // Power iterations only need the sketch's columns kept apart, so one Cholesky-QR pass each; the final
            // basis gets two, which makes it orthonormal to working precision.
            NDArray q = orthonormalize(centredTimes(data, mu, m.create(omega, new Shape(d, l))));
            for (int it = 0; it < powerIterations; it++) {
                NDArray z = orthonormalize(centredTransposeTimes(data, mu, q));
                q = orthonormalize(centredTimes(data, mu, z));
            }
            q = orthonormalize(q);
            // B = Q^T Xc (l x d); its SVD from the eigendecomposition of B B^T (l x l).
            NDArray b = centredTransposeTimes(data, mu, q).transpose();
            SymmetricEigen e = SymmetricEigen.of(b.matMul(b.transpose()).toDoubleArray(), l);
            double[] singular = new double[rank];
            double[] u = new double[l * rank];
            for (int r = 0; r < rank; r++) {
                singular[r] = Math.sqrt(Math.max(0, e.values()[r]));
                for (int i = 0; i < l; i++) {
                    u[i * rank + r] = singular[r] > 0 ? e.vector(i, r) / singular[r] : 0;
                }
            }
            // V^T = S^-1 U^T B, so rows of (U S^-1)^T B are the right singular vectors.
            double[] v = m.create(u, new Shape(l, rank)).transpose().matMul(b).toDoubleArray();
            return new Result(singular, v, centredSumSquares(data, mu));
        }
    }

    /** (X - 1 mu^T) A for A (d x l) float64: the GEMM runs in float32 on the data, the correction in float64. */
    private static NDArray centredTimes(NDArray data, NDArray mu, NDArray a) {
        NDArray product = data.matMul(a.toType(DataType.FLOAT32, false)).toType(DataType.FLOAT64, false);
        return product.subi(mu.matMul(a));
    }

    /** (X - 1 mu^T)^T Q for Q (n x l): X^T Q - mu (1^T Q). */
    private static NDArray centredTransposeTimes(NDArray data, NDArray mu, NDArray q) {
        NDArray product = data.transpose().matMul(q.toType(DataType.FLOAT32, false)).toType(DataType.FLOAT64, false);
        return product.subi(mu.transpose().matMul(q.sum(new int[] {0}, true)));
    }

    /** Sum of squares of the centred data, block by block (float32 sums of each block, added in double). */
    private static double centredSumSquares(NDArray data, NDArray mu) {
        NDArray mu32 = mu.toType(DataType.FLOAT32, false);
        long n = data.getShape().get(0);
        long block = Tensors.rowsPerBlock(data.getShape().get(1));
        double total = 0;
        for (long from = 0; from < n; from += block) {
            NDArray view = data.get(from + ":" + Math.min(n, from + block));
            NDArray c = view.sub(mu32);
            total += c.muli(c).sum().getFloat();
        }
        return total;
    }

    /** A basis of the columns of y (float64) made orthonormal by one Cholesky-QR pass: Q = Y L^-T with L L^T = Y^T Y. */
    static NDArray orthonormalize(NDArray y) {
        int l = (int) y.getShape().get(1);
        double[] chol = Cholesky.lower(regularised(y.transpose().matMul(y).toDoubleArray(), l), l);
        if (chol == null) {
            throw new ArithmeticException("range finder lost rank; the data may have fewer than " + l + " independent directions");
        }
        return y.matMul(y.getManager().create(Cholesky.invertLower(chol, l), new Shape(l, l)).transpose());
    }

    /** A tiny diagonal shift keeps Cholesky defined when sketch columns are nearly dependent. */
    private static double[] regularised(double[] gram, int l) {
        double trace = 0;
        for (int i = 0; i < l; i++) {
            trace += gram[i * l + i];
        }
        double shift = 1e-12 * trace / Math.max(1, l);
        for (int i = 0; i < l; i++) {
            gram[i * l + i] += shift;
        }
        return gram;
    }
}
