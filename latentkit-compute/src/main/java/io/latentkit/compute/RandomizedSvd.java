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
            NDArray mu32 = mu.toType(DataType.FLOAT32, false);
            // Power iterations only need the sketch's columns kept apart, so they run in float32 with one
            // Cholesky-QR pass per product; the final basis gets two passes in float64, which makes it orthonormal.
            NDArray q = orthonormalize(centred(data, mu32, m.create(omega, new Shape(d, l)).toType(DataType.FLOAT32, false)));
            for (int it = 0; it < powerIterations; it++) {
                NDArray z = orthonormalize(centredTransposed(data, mu32, q));
                q = orthonormalize(centred(data, mu32, z));
            }
            q = orthonormalize(orthonormalize(q.toType(DataType.FLOAT64, false)));
            // B = Q^T Xc (l x d); its SVD from the eigendecomposition of B B^T (l x l).
            NDArray b = centredTransposed(data, mu32, q.toType(DataType.FLOAT32, false)).toType(DataType.FLOAT64, false)
                    .transpose();
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
            return new Result(singular, v, centredSumSquares(x, mean));
        }
    }

    /** (X - 1 mu^T) A, in the type of A (float32 while iterating). */
    private static NDArray centred(NDArray data, NDArray mu32, NDArray a) {
        return data.matMul(a).subi(mu32.matMul(a));
    }

    /** (X - 1 mu^T)^T Q = X^T Q - mu (1^T Q), for Q (n x l) float32; computed as (Q^T X)^T, the faster GEMM here. */
    private static NDArray centredTransposed(NDArray data, NDArray mu32, NDArray q) {
        return Tensors.matMulOverItems(q.transpose(), data).transpose()
                .subi(mu32.transpose().matMul(q.sum(new int[] {0}, true)));
    }

    /** Sum of squares of the centred data, in one double-precision pass (a float32 reduction loses digits here). */
    private static double centredSumSquares(Matrix x, double[] mean) {
        float[] v = x.data();
        int d = x.cols();
        double total = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double c = v[i * d + j] - mean[j];
                total += c * c;
            }
        }
        return total;
    }

    /**
     * A basis of the columns of y (float32 or float64) made orthonormal by one Cholesky-QR pass: Q = Y L^-T with
     * L L^T = Y^T Y. The Gram matrix is formed and factored in double even for float32 y: a float32 Gram carries
     * rounding of about 1e-7 of its trace, which made it indefinite for nearly dependent sketch columns (and whether
     * it did depended on the CPU's GEMM kernels), while the double one is positive semi-definite to 1e-16 and the
     * shift below keeps it definite. It costs n l^2 double operations, a small part of the sketch's n d l.
     */
    static NDArray orthonormalize(NDArray y) {
        int l = (int) y.getShape().get(1);
        NDArray y64 = y.toType(DataType.FLOAT64, false);
        double[] gram = Tensors.matMulOverItems(y64.transpose(), y64).toDoubleArray();
        double[] chol = Cholesky.lower(regularised(gram, l), l);
        if (chol == null) {
            throw new ArithmeticException("range finder lost rank; the data may have fewer than " + l + " independent directions");
        }
        return y.matMul(y.getManager().create(Cholesky.invertLower(chol, l), new Shape(l, l))
                .toType(y.getDataType(), false).transpose());
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
