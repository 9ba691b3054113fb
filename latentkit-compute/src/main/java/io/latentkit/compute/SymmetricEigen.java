package io.latentkit.compute;

/**
 * Eigendecomposition of a small dense symmetric matrix (d up to a few thousand), in double precision:
 * Householder reduction to tridiagonal form, then the implicit QL algorithm with Wilkinson shifts.
 * The heavy products that build such matrices (covariances, Gram matrices) run on the engine; this is the
 * O(d^3) step that follows them.
 *
 * @param values  eigenvalues in descending order
 * @param vectors eigenvectors as columns, row-major d x d: vectors[i * d + j] is component i of eigenvector j
 */
public record SymmetricEigen(double[] values, double[] vectors) {

    /** Decomposes a symmetric d x d matrix given row-major; the input is not modified. */
    public static SymmetricEigen of(double[] symmetric, int d) {
        if (symmetric.length != d * d) {
            throw new IllegalArgumentException("expected " + d * d + " values, got " + symmetric.length);
        }
        double[][] v = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v[i][j] = 0.5 * (symmetric[i * d + j] + symmetric[j * d + i]);
            }
        }
        double[] diag = new double[d];
        double[] off = new double[d];
        tridiagonalize(v, diag, off);
        diagonalize(v, diag, off);
        return sortedDescending(v, diag);
    }

    /** Householder tridiagonalisation; on return v holds the accumulated orthogonal transform. */
    private static void tridiagonalize(double[][] v, double[] diag, double[] off) {
        int n = diag.length;
        if (n == 0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            diag[j] = v[n - 1][j];
        }
        for (int i = n - 1; i > 0; i--) {
            double scale = 0.0;
            double h = 0.0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(diag[k]);
            }
            if (scale == 0.0) {
                off[i] = diag[i - 1];
                for (int j = 0; j < i; j++) {
                    diag[j] = v[i - 1][j];
                    v[i][j] = 0.0;
                    v[j][i] = 0.0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    diag[k] /= scale;
                    h += diag[k] * diag[k];
                }
                double f = diag[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) {
                    g = -g;
                }
                off[i] = scale * g;
                h -= f * g;
                diag[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    off[j] = 0.0;
                }
                for (int j = 0; j < i; j++) {
                    f = diag[j];
                    v[j][i] = f;
                    g = off[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k][j] * diag[k];
                        off[k] += v[k][j] * f;
                    }
                    off[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++) {
                    off[j] /= h;
                    f += off[j] * diag[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    off[j] -= hh * diag[j];
                }
                for (int j = 0; j < i; j++) {
                    f = diag[j];
                    g = off[j];
                    for (int k = j; k <= i - 1; k++) {
                        v[k][j] -= (f * off[k] + g * diag[k]);
                    }
                    diag[j] = v[i - 1][j];
                    v[i][j] = 0.0;
                }
            }
            diag[i] = h;
        }
        // Accumulate the transformations.
        for (int i = 0; i < n - 1; i++) {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1.0;
            double h = diag[i + 1];
            if (h != 0.0) {
                for (int k = 0; k <= i; k++) {
                    diag[k] = v[k][i + 1] / h;
                }
                for (int j = 0; j <= i; j++) {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++) {
                        g += v[k][i + 1] * v[k][j];
                    }
                    for (int k = 0; k <= i; k++) {
                        v[k][j] -= g * diag[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                v[k][i + 1] = 0.0;
            }
        }
        for (int j = 0; j < n; j++) {
            diag[j] = v[n - 1][j];
            v[n - 1][j] = 0.0;
        }
        v[n - 1][n - 1] = 1.0;
        off[0] = 0.0;
    }

    /** Implicit QL iterations on the tridiagonal (diag, off), rotating v along. */
    private static void diagonalize(double[][] v, double[] diag, double[] off) {
        int n = diag.length;
        if (n == 0) {
            return;
        }
        for (int i = 1; i < n; i++) {
            off[i - 1] = off[i];
        }
        off[n - 1] = 0.0;
        double shiftSum = 0.0;
        double norm = 0.0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            norm = Math.max(norm, Math.abs(diag[l]) + Math.abs(off[l]));
            int m = l;
            while (m < n && Math.abs(off[m]) > eps * norm) {
                m++;
            }
            if (m == n) {
                m = n - 1;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > 100) {
                        throw new ArithmeticException("eigendecomposition did not converge");
                    }
                    double g = diag[l];
                    double p = (diag[l + 1] - g) / (2.0 * off[l]);
                    double r = Math.hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    diag[l] = off[l] / (p + r);
                    diag[l + 1] = off[l] * (p + r);
                    double dl1 = diag[l + 1];
                    double h = g - diag[l];
                    for (int i = l + 2; i < n; i++) {
                        diag[i] -= h;
                    }
                    shiftSum += h;
                    p = diag[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = off[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * off[i];
                        h = c * p;
                        r = Math.hypot(p, off[i]);
                        off[i + 1] = s * r;
                        s = off[i] / r;
                        c = p / r;
                        p = c * diag[i] - s * g;
                        diag[i + 1] = h + s * (c * g + s * diag[i]);
                        for (int k = 0; k < n; k++) {
                            h = v[k][i + 1];
                            v[k][i + 1] = s * v[k][i] + c * h;
                            v[k][i] = c * v[k][i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * off[l] / dl1;
                    off[l] = s * p;
                    diag[l] = c * p;
                } while (Math.abs(off[l]) > eps * norm);
            }
            diag[l] += shiftSum;
            off[l] = 0.0;
        }
    }

    private static SymmetricEigen sortedDescending(double[][] v, double[] diag) {
        int n = diag.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(diag[b], diag[a]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int j = 0; j < n; j++) {
            values[j] = diag[order[j]];
            for (int i = 0; i < n; i++) {
                vectors[i * n + j] = v[i][order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    public int dimension() {
        return values.length;
    }

    /** Component i of eigenvector j. */
    public double vector(int i, int j) {
        return vectors[i * values.length + j];
    }
}
