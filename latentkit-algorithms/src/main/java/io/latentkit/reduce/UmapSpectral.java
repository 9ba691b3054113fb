package io.latentkit.reduce;

import io.latentkit.compute.SymmetricEigen;
import io.latentkit.data.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Spectral initial layout of a fuzzy graph: the eigenvectors of the symmetric normalised Laplacian
 * I - D^-1/2 W D^-1/2 for its smallest non-trivial eigenvalues (paper, section 4), found as the largest
 * eigenvalues of D^-1/2 W D^-1/2 on the complement of the trivial eigenvector D^1/2 1.
 *
 * <p>Each connected component is laid out on its own: small components by a dense eigendecomposition, larger ones
 * by thick-restart Lanczos with full re-orthogonalisation on the sparse graph, and components with too few points
 * for {@code dim} non-trivial eigenvectors at random. Components are then placed apart at the classical
 * multidimensional scaling of their centroids in the input space (on a line when that is degenerate), each
 * shrunk to a quarter of the distance to its nearest other component, so no component is dropped or overlaps
 * another. The result is scaled to [0, 10] per dimension. Deterministic for a seed.
 */
final class UmapSpectral {
    private static final int DENSE_BELOW = 400;
    private static final int MAX_RESTARTS = 300;
    private static final double TOLERANCE = 1e-5;
    private static final int MAX_MDS_COMPONENTS = 1000;
    /** Points per stretch when forming Ritz vectors: the basis stretch (40 x 512 doubles) stays in cache. */
    private static final int RITZ_STRETCH = 512;

    private UmapSpectral() {
    }

    /**
     * The layout, row-major (rows x dim), in [0, 10] per dimension.
     *
     * @throws ArithmeticException if the eigensolver did not converge on some component
     */
    static float[] layout(UmapGraph graph, Matrix data, int dim, long seed) {
        int n = graph.rows();
        int[] component = graph.components();
        int count = Arrays.stream(component).max().orElse(-1) + 1;
        int[][] members = membersOf(component, count);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] local = new double[count][];
        for (int c = 0; c < count; c++) {
            local[c] = centredUnitBox(componentLayout(graph, members[c], dim, random), dim);
        }
        double[][] centres = count == 1 ? new double[][] {new double[dim]} : centres(data, members, dim);
        double[] out = new double[n * dim];
        for (int c = 0; c < count; c++) {
            double radius = count == 1 ? 1 : 0.25 * nearestOther(centres, c);
            for (int p = 0; p < members[c].length; p++) {
                for (int t = 0; t < dim; t++) {
                    out[members[c][p] * dim + t] = centres[c][t] + radius * local[c][p * dim + t];
                }
            }
        }
        return scaledToTen(out, dim, random);
    }

    private static int[][] membersOf(int[] component, int count) {
        int[] sizes = new int[count];
        for (int c : component) {
            sizes[c]++;
        }
        int[][] members = new int[count][];
        for (int c = 0; c < count; c++) {
            members[c] = new int[sizes[c]];
        }
        int[] fill = new int[count];
        for (int i = 0; i < component.length; i++) {
            members[component[i]][fill[component[i]]++] = i;
        }
        return members;
    }

    private static double[] componentLayout(UmapGraph graph, int[] members, int dim, SplittableRandom random) {
        int size = members.length;
        if (size <= dim + 1) {
            double[] y = new double[size * dim];
            for (int i = 0; i < y.length; i++) {
                y[i] = random.nextDouble(-1, 1);
            }
            return y;
        }
        Operator op = new Operator(graph, members);
        return size < DENSE_BELOW ? denseVectors(op, dim) : lanczos(op, dim, random);
    }

    /**
     * D^-1/2 W D^-1/2 restricted to one connected component, in the component's own numbering: its rows in
     * compressed form with the normalised weights w_pq / sqrt(d_p d_q) computed once, so that a product is one
     * pass over the edges.
     */
    static final class Operator {
        final double[] trivial;
        private final int[] rowStart;
        private final int[] columns;
        private final double[] weights;

        Operator(UmapGraph graph, int[] members) {
            int size = members.length;
            int[] localIndex = new int[graph.rows()];
            double[] invSqrtDegree = new double[size];
            trivial = new double[size];
            rowStart = new int[size + 1];
            double norm = 0;
            for (int p = 0; p < size; p++) {
                localIndex[members[p]] = p;
                double degree = 0;
                for (int e = graph.rowStart()[members[p]]; e < graph.rowStart()[members[p] + 1]; e++) {
                    degree += graph.weights()[e];
                }
                invSqrtDegree[p] = 1 / Math.sqrt(degree);
                trivial[p] = Math.sqrt(degree);
                norm += degree;
                rowStart[p + 1] = rowStart[p] + graph.rowStart()[members[p] + 1] - graph.rowStart()[members[p]];
            }
            for (int p = 0; p < size; p++) {
                trivial[p] /= Math.sqrt(norm);
            }
            columns = new int[rowStart[size]];
            weights = new double[rowStart[size]];
            for (int p = 0; p < size; p++) {
                int from = graph.rowStart()[members[p]];
                for (int e = rowStart[p]; e < rowStart[p + 1]; e++) {
                    int q = localIndex[graph.columns()[from + e - rowStart[p]]];
                    columns[e] = q;
                    weights[e] = invSqrtDegree[p] * graph.weights()[from + e - rowStart[p]] * invSqrtDegree[q];
                }
            }
        }

        int size() {
            return trivial.length;
        }

        void apply(double[] v, double[] out) {
            for (int p = 0; p < out.length; p++) {
                double sum = 0;
                for (int e = rowStart[p]; e < rowStart[p + 1]; e++) {
                    sum += weights[e] * v[columns[e]];
                }
                out[p] = sum;
            }
        }
    }

    /** The eigenvectors for eigenvalues 2 .. dim + 1 of the dense operator (the first is the trivial one). */
    static double[] denseVectors(Operator op, int dim) {
        int size = op.size();
        double[] dense = new double[size * size];
        double[] unit = new double[size];
        double[] column = new double[size];
        for (int j = 0; j < size; j++) {
            unit[j] = 1;
            op.apply(unit, column);
            unit[j] = 0;
            for (int i = 0; i < size; i++) {
                dense[i * size + j] = column[i];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(dense, size);
        double[] y = new double[size * dim];
        for (int p = 0; p < size; p++) {
            for (int t = 0; t < dim; t++) {
                y[p * dim + t] = e.vector(p, t + 1);
            }
        }
        return y;
    }

    /**
     * The dim largest eigenpairs of the operator orthogonal to its trivial eigenvector, by thick-restart Lanczos:
     * the basis V grows by one operator product at a time, re-orthogonalised twice against V and the trivial
     * vector, and S = V' M V is accumulated from the projection coefficients. When the basis is full, the Ritz
     * vectors of the largest Ritz values are kept and the last residual direction continues the basis. A Ritz pair
     * has converged when its residual |beta y_last| is below the tolerance.
     */
    static double[] lanczos(Operator op, int dim, SplittableRandom random) {
        int size = op.size();
        int basisSize = Math.min(size - 1, Math.max(4 * dim, 40));
        int keep = Math.min(basisSize - 1, dim + (basisSize - dim) / 2);
        double[][] basis = new double[basisSize + 1][size];
        double[] s = new double[basisSize * basisSize];
        basis[0] = randomUnitOrthogonal(op, basis, 0, random);
        int start = 0;
        double[] w = new double[size];
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            double beta = 0;
            for (int j = start; j < basisSize; j++) {
                op.apply(basis[j], w);
                for (int pass = 0; pass < 2; pass++) {
                    subtractProjection(w, op.trivial);
                    for (int i = 0; i <= j; i++) {
                        double c = subtractProjection(w, basis[i]);
                        s[i * basisSize + j] += c;
                    }
                }
                for (int i = 0; i < j; i++) {
                    s[j * basisSize + i] = s[i * basisSize + j];
                }
                beta = norm(w);
                if (beta > 1e-10) {
                    for (int p = 0; p < size; p++) {
                        basis[j + 1][p] = w[p] / beta;
                    }
                } else {
                    beta = 0;
                    basis[j + 1] = randomUnitOrthogonal(op, basis, j + 1, random);
                }
            }
            SymmetricEigen ritz = SymmetricEigen.of(s, basisSize);
            boolean converged = true;
            for (int r = 0; r < dim; r++) {
                converged &= Math.abs(beta * ritz.vector(basisSize - 1, r)) < TOLERANCE;
            }
            if (converged) {
                double[][] vectors = ritzVectors(basis, ritz, basisSize, dim);
                double[] y = new double[size * dim];
                for (int p = 0; p < size; p++) {
                    for (int t = 0; t < dim; t++) {
                        y[p * dim + t] = vectors[t][p];
                    }
                }
                return y;
            }
            double[][] kept = ritzVectors(basis, ritz, basisSize, keep);
            double[] residual = basis[basisSize];
            Arrays.fill(s, 0);
            for (int r = 0; r < keep; r++) {
                basis[r] = kept[r];
                s[r * basisSize + r] = ritz.values()[r];
            }
            basis[keep] = residual;
            for (int r = keep + 1; r <= basisSize; r++) {
                basis[r] = new double[size];
            }
            start = keep;
        }
        throw new ArithmeticException("the Lanczos eigensolver did not converge in " + MAX_RESTARTS
                + " restarts on a component of " + size + " points");
    }

    /** The first count Ritz vectors, by stretches of the points so that each stretch of the basis is read once. */
    private static double[][] ritzVectors(double[][] basis, SymmetricEigen ritz, int basisSize, int count) {
        int size = basis[0].length;
        double[][] out = new double[count][size];
        for (int from = 0; from < size; from += RITZ_STRETCH) {
            int to = Math.min(size, from + RITZ_STRETCH);
            for (int r = 0; r < count; r++) {
                double[] o = out[r];
                for (int i = 0; i < basisSize; i++) {
                    double c = ritz.vector(i, r);
                    double[] v = basis[i];
                    for (int p = from; p < to; p++) {
                        o[p] += c * v[p];
                    }
                }
            }
        }
        return out;
    }

    /** A random unit vector orthogonal to the trivial vector and to basis[0 .. count). */
    private static double[] randomUnitOrthogonal(Operator op, double[][] basis, int count, SplittableRandom random) {
        double[] v = new double[op.size()];
        for (int p = 0; p < v.length; p++) {
            v[p] = random.nextDouble(-1, 1);
        }
        for (int pass = 0; pass < 2; pass++) {
            subtractProjection(v, op.trivial);
            for (int i = 0; i < count; i++) {
                subtractProjection(v, basis[i]);
            }
        }
        double norm = norm(v);
        for (int p = 0; p < v.length; p++) {
            v[p] /= norm;
        }
        return v;
    }

    /** w -= (w.u) u for a unit u; returns w.u. */
    private static double subtractProjection(double[] w, double[] u) {
        double c = dot(w, u);
        for (int p = 0; p < w.length; p++) {
            w[p] -= c * u[p];
        }
        return c;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** Four partial sums, so that consecutive adds overlap (a single sum waits for each add in turn). */
    private static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = 0;
        for (; p + 3 < a.length; p += 4) {
            s0 = Math.fma(a[p], b[p], s0);
            s1 = Math.fma(a[p + 1], b[p + 1], s1);
            s2 = Math.fma(a[p + 2], b[p + 2], s2);
            s3 = Math.fma(a[p + 3], b[p + 3], s3);
        }
        for (; p < a.length; p++) {
            s0 = Math.fma(a[p], b[p], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Centred on the mean and divided by the largest absolute coordinate (left as is when all are equal). */
    private static double[] centredUnitBox(double[] y, int dim) {
        int size = y.length / dim;
        double max = 0;
        for (int t = 0; t < dim; t++) {
            double mean = 0;
            for (int p = 0; p < size; p++) {
                mean += y[p * dim + t];
            }
            mean /= size;
            for (int p = 0; p < size; p++) {
                y[p * dim + t] -= mean;
                max = Math.max(max, Math.abs(y[p * dim + t]));
            }
        }
        if (max > 0) {
            for (int i = 0; i < y.length; i++) {
                y[i] /= max;
            }
        }
        return y;
    }

    /**
     * Component centres in the layout: classical MDS of the component centroids (the top eigenvectors of their
     * centred Gram matrix, scaled by the root eigenvalues), scaled to unit largest coordinate; on a line with unit
     * spacing when two centres coincide or there are too many components for a dense decomposition.
     */
    private static double[][] centres(Matrix data, int[][] members, int dim) {
        int count = members.length;
        double[][] centres = new double[count][dim];
        if (count <= MAX_MDS_COMPONENTS) {
            double[][] centroid = centroids(data, members);
            double[] gram = new double[count * count];
            for (int a = 0; a < count; a++) {
                for (int b = 0; b <= a; b++) {
                    double dot = 0;
                    for (int j = 0; j < data.cols(); j++) {
                        dot += centroid[a][j] * centroid[b][j];
                    }
                    gram[a * count + b] = dot;
                    gram[b * count + a] = dot;
                }
            }
            SymmetricEigen e = SymmetricEigen.of(gram, count);
            double max = 0;
            for (int c = 0; c < count; c++) {
                for (int t = 0; t < Math.min(dim, count); t++) {
                    centres[c][t] = e.vector(c, t) * Math.sqrt(Math.max(0, e.values()[t]));
                    max = Math.max(max, Math.abs(centres[c][t]));
                }
            }
            boolean separated = max > 0;
            for (int c = 0; c < count && separated; c++) {
                separated = nearestOther(centres, c) > 1e-6 * max;
            }
            if (separated) {
                for (double[] centre : centres) {
                    for (int t = 0; t < dim; t++) {
                        centre[t] /= max;
                    }
                }
                return centres;
            }
        }
        for (int c = 0; c < count; c++) {
            Arrays.fill(centres[c], 0);
            centres[c][0] = c;
        }
        return centres;
    }

    /** Component centroids, centred on their mean. */
    private static double[][] centroids(Matrix data, int[][] members) {
        int d = data.cols();
        double[][] centroid = new double[members.length][d];
        double[] mean = new double[d];
        for (int c = 0; c < members.length; c++) {
            for (int i : members[c]) {
                for (int j = 0; j < d; j++) {
                    centroid[c][j] += data.get(i, j);
                }
            }
            for (int j = 0; j < d; j++) {
                centroid[c][j] /= members[c].length;
                mean[j] += centroid[c][j] / members.length;
            }
        }
        for (double[] row : centroid) {
            for (int j = 0; j < d; j++) {
                row[j] -= mean[j];
            }
        }
        return centroid;
    }

    private static double nearestOther(double[][] centres, int c) {
        double best = Double.POSITIVE_INFINITY;
        for (int o = 0; o < centres.length; o++) {
            if (o != c) {
                double sum = 0;
                for (int t = 0; t < centres[c].length; t++) {
                    double diff = centres[c][t] - centres[o][t];
                    sum += diff * diff;
                }
                best = Math.min(best, Math.sqrt(sum));
            }
        }
        return best;
    }

    /** Min-max scaled to [0, 10] per dimension, plus Gaussian noise of 1e-4 so that no two points coincide. */
    static float[] scaledToTen(double[] y, int dim, SplittableRandom random) {
        int n = y.length / dim;
        float[] out = new float[y.length];
        for (int t = 0; t < dim; t++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, y[i * dim + t]);
                hi = Math.max(hi, y[i * dim + t]);
            }
            double scale = hi > lo ? 10 / (hi - lo) : 0;
            for (int i = 0; i < n; i++) {
                out[i * dim + t] = (float) ((y[i * dim + t] - lo) * scale + 1e-4 * gaussian(random));
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
