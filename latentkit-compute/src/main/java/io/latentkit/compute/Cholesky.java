package io.latentkit.compute;

/** Cholesky factorisation of small dense symmetric positive-definite matrices, in double precision. */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * The lower-triangular L with L L^T = a (row-major d x d), or null when a is not positive definite
     * (a pivot is not positive), so callers can say which matrix failed and why.
     */
    public static double[] lower(double[] a, int d) {
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double s = a[j * d + j];
            for (int k = 0; k < j; k++) {
                s -= l[j * d + k] * l[j * d + k];
            }
            if (!(s > 0)) {
                return null;
            }
            double ljj = Math.sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    t -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = t / ljj;
            }
        }
        return l;
    }

    /** The inverse of a lower-triangular matrix (row-major), itself lower triangular. */
    public static double[] invertLower(double[] l, int d) {
        double[] inv = new double[d * d];
        for (int j = 0; j < d; j++) {
            inv[j * d + j] = 1.0 / l[j * d + j];
            for (int i = j + 1; i < d; i++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[i * d + k] * inv[k * d + j];
                }
                inv[i * d + j] = s / l[i * d + i];
            }
        }
        return inv;
    }
}
