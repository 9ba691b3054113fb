package io.latentkit.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.Gram;
import io.latentkit.compute.RandomizedSvd;
import io.latentkit.compute.SymmetricEigen;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Reconstructor;

/**
 * Principal component analysis: projects centred data onto the directions of largest variance.
 *
 * <p>Solvers: {@code FULL} forms the d x d covariance with blocked GEMMs and diagonalises it exactly (best for
 * d up to a few thousand); {@code RANDOMIZED} finds the top components by randomized SVD (best when few components
 * of wide data are wanted); {@code AUTO} picks randomized when the data is larger than 500 x 500 and fewer than
 * 80% of min(n, d) components are asked for, as scikit-learn does.
 * Component signs are fixed so that each component's largest-magnitude loading is positive.
 *
 * @param nComponents     number of components to keep
 * @param solver          see above
 * @param whiten          divide projections by the square root of their variance
 * @param powerIterations randomized solver's power iterations; -1 means 7 when nComponents is below 10% of
 *                        min(n, d), else 4 (scikit-learn's rule)
 * @param oversamples     extra sketch columns for the randomized solver
 * @param seed            seed of the randomized solver's sketch
 */
public record Pca(int nComponents, Solver solver, boolean whiten, int powerIterations, int oversamples, long seed)
        implements Estimator<Pca.Model> {

    /** How components are found. */
    public enum Solver { AUTO, FULL, RANDOMIZED }

    public Pca {
        if (nComponents < 1) {
            throw new IllegalArgumentException("nComponents must be >= 1, got " + nComponents);
        }
        if (oversamples < 0) {
            throw new IllegalArgumentException("oversamples must be >= 0, got " + oversamples);
        }
    }

    public Pca(int nComponents) {
        this(nComponents, Solver.AUTO, false, -1, 10, 0);
    }

    public Pca withSolver(Solver s) {
        return new Pca(nComponents, s, whiten, powerIterations, oversamples, seed);
    }

    public Pca withSeed(long s) {
        return new Pca(nComponents, solver, whiten, powerIterations, oversamples, s);
    }

    public Pca withWhiten(boolean w) {
        return new Pca(nComponents, solver, w, powerIterations, oversamples, seed);
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        int d = x.cols();
        int k = nComponents;
        if (k > Math.min(n, d)) {
            throw new IllegalArgumentException("nComponents " + k + " exceeds min(n, d) = " + Math.min(n, d));
        }
        Solver used = solver != Solver.AUTO ? solver
                : Math.max(n, d) > 500 && k < 0.8 * Math.min(n, d) ? Solver.RANDOMIZED : Solver.FULL;
        double[] mean = Gram.columnMeans(x);
        double[] components = new double[k * d];
        double[] variance = new double[k];
        double totalVariance;
        double dof = Math.max(1, n - 1);
        if (used == Solver.FULL) {
            double[] cross = Gram.centredCrossProduct(x, mean);
            SymmetricEigen e = SymmetricEigen.of(cross, d);
            totalVariance = 0;
            for (int j = 0; j < d; j++) {
                totalVariance += cross[j * d + j] / dof;
            }
            for (int r = 0; r < k; r++) {
                variance[r] = Math.max(0, e.values()[r]) / dof;
                for (int j = 0; j < d; j++) {
                    components[r * d + j] = e.vector(j, r);
                }
            }
        } else {
            int iterations = powerIterations >= 0 ? powerIterations : k < 0.1 * Math.min(n, d) ? 7 : 4;
            RandomizedSvd.Result svd = RandomizedSvd.compute(x, mean, k, oversamples, iterations, seed);
            System.arraycopy(svd.rightVectors(), 0, components, 0, k * d);
            for (int r = 0; r < k; r++) {
                variance[r] = svd.singularValues()[r] * svd.singularValues()[r] / dof;
            }
            totalVariance = svd.totalSumSquares() / dof;
        }
        fixSigns(components, k, d);
        double[] ratio = new double[k];
        double[] singular = new double[k];
        for (int r = 0; r < k; r++) {
            ratio[r] = totalVariance > 0 ? variance[r] / totalVariance : 0;
            singular[r] = Math.sqrt(variance[r] * dof);
        }
        return new Model(mean, components, variance, ratio, singular, whiten, used);
    }

    private static void fixSigns(double[] components, int k, int d) {
        for (int r = 0; r < k; r++) {
            int arg = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(components[r * d + j]) > Math.abs(components[r * d + arg])) {
                    arg = j;
                }
            }
            if (components[r * d + arg] < 0) {
                for (int j = 0; j < d; j++) {
                    components[r * d + j] = -components[r * d + j];
                }
            }
        }
    }

    /**
     * Fitted PCA.
     *
     * @param mean                   column means of the training data
     * @param components             row-major (k x d), one unit-length component per row
     * @param explainedVariance      variance of the data along each component (ddof 1)
     * @param explainedVarianceRatio share of the total variance along each component
     * @param singularValues         singular values of the centred training data
     * @param whiten                 whether projections are divided by sqrt(explainedVariance)
     * @param solver                 the solver that was used
     */
    public record Model(double[] mean, double[] components, double[] explainedVariance, double[] explainedVarianceRatio,
                        double[] singularValues, boolean whiten, Solver solver) implements Reconstructor {
        public int nComponents() {
            return explainedVariance.length;
        }

        @Override
        public Dataset transform(Dataset data) {
            Matrix x = data.features();
            int d = mean.length;
            int k = nComponents();
            if (x.cols() != d) {
                throw new IllegalArgumentException("PCA was fitted on " + d + " features, got " + x.cols());
            }
            double[] projection = new double[d * k];
            for (int r = 0; r < k; r++) {
                double scale = whiten ? 1 / Math.sqrt(Math.max(explainedVariance[r], Double.MIN_NORMAL)) : 1;
                for (int j = 0; j < d; j++) {
                    projection[j * k + r] = components[r * d + j] * scale;
                }
            }
            float[] out = new float[Math.multiplyExact(x.rows(), k)];
            int block = Tensors.rowsPerBlock(Math.max(d, k));
            try (NDManager m = Tensors.newManager()) {
                NDArray p = m.create(projection, new Shape(d, k)).toType(DataType.FLOAT32, false);
                NDArray mu = m.create(mean, new Shape(1, d)).toType(DataType.FLOAT32, false).matMul(p);
                NDArray staging = Tensors.staging(m, x, block);
                for (int from = 0; from < x.rows(); from += block) {
                    int to = Math.min(x.rows(), from + block);
                    try (NDManager bm = m.newSubManager()) {
                        float[] y = Tensors.stage(bm, staging, x, from, to).matMul(p).subi(mu).toFloatArray();
                        System.arraycopy(y, 0, out, from * k, y.length);
                    }
                }
            }
            return data.withFeatures(new Matrix(x.rows(), k, out), "pc");
        }

        /** The orthogonal projection of each row onto the components' subspace, back in the input space. */
        @Override
        public Matrix reconstruct(Matrix x) {
            int d = mean.length;
            if (x.cols() != d) {
                throw new IllegalArgumentException("PCA was fitted on " + d + " features, got " + x.cols());
            }
            float[] out = new float[Math.multiplyExact(x.rows(), d)];
            int block = Tensors.rowsPerBlock(d);
            try (NDManager m = Tensors.newManager()) {
                NDArray c = m.create(components, new Shape(nComponents(), d)).toType(DataType.FLOAT32, false);
                NDArray mu = m.create(mean, new Shape(1, d)).toType(DataType.FLOAT32, false);
                NDArray staging = Tensors.staging(m, x, block);
                for (int from = 0; from < x.rows(); from += block) {
                    int to = Math.min(x.rows(), from + block);
                    try (NDManager bm = m.newSubManager()) {
                        NDArray centred = Tensors.stage(bm, staging, x, from, to).subi(mu);
                        float[] y = centred.matMul(c.transpose()).matMul(c).addi(mu).toFloatArray();
                        System.arraycopy(y, 0, out, from * d, y.length);
                    }
                }
            }
            return new Matrix(x.rows(), d, out);
        }
    }
}
