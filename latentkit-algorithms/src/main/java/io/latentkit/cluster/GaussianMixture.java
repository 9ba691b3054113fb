package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Seeds;
import io.latentkit.estimator.SoftClusterPredictor;

/**
 * Gaussian mixture fitted by expectation-maximisation in the log domain, in float64 on the engine.
 * Every E-step is one GEMM against all components' precision-Cholesky factors, every M-step a few GEMMs with the
 * responsibilities. Initialised from k-means labels; {@code regCovar} is added to every covariance's diagonal so
 * collapsing components fail late and loudly instead of producing NaN. Of {@code nInit} runs the highest
 * log-likelihood lower bound wins.
 *
 * @param k              number of components
 * @param covarianceType full, diag or spherical
 * @param tol            stop when the mean log-likelihood changes by less than this between iterations
 * @param regCovar       non-negative diagonal regularisation
 * @param maxIter        EM iterations per run
 * @param nInit          independent runs
 * @param initRuns       k-means++ runs whose best partition starts EM (scikit-learn uses 1; a better start costs
 *                       little next to EM and avoids poor local optima)
 * @param seed           seed of the k-means initialisation; run r uses a seed derived from it
 */
public record GaussianMixture(int k, CovarianceType covarianceType, double tol, double regCovar, int maxIter, int nInit,
                              int initRuns, long seed) implements Estimator<GaussianMixture.Model> {
    public GaussianMixture {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (!(tol >= 0) || !(regCovar >= 0)) {
            throw new IllegalArgumentException("tol and regCovar must be >= 0");
        }
        if (maxIter < 1 || nInit < 1 || initRuns < 1) {
            throw new IllegalArgumentException("maxIter, nInit and initRuns must be >= 1");
        }
    }

    public GaussianMixture(int k) {
        this(k, CovarianceType.FULL, 1e-3, 1e-6, 100, 1, 3, 0);
    }

    public GaussianMixture withCovarianceType(CovarianceType type) {
        return new GaussianMixture(k, type, tol, regCovar, maxIter, nInit, initRuns, seed);
    }

    public GaussianMixture withSeed(long s) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, initRuns, s);
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        int d = x.cols();
        if (n < k) {
            throw new IllegalArgumentException("k = " + k + " components need at least " + k + " items, got " + n);
        }
        try (NDManager manager = Tensors.newManager()) {
            NDArray[] blocks = float64Blocks(manager, x, k);
            Model best = null;
            for (int run = 0; run < nInit; run++) {
                long runSeed = Seeds.derive(seed, run);
                int[] init = new KMeans(k, initRuns, 300, 1e-4, runSeed).fit(data).labels();
                Model m = em(manager, blocks, init, n, d);
                if (best == null || m.lowerBound() > best.lowerBound()) {
                    best = m;
                }
            }
            return best;
        }
    }

    private Model em(NDManager manager, NDArray[] blocks, int[] initLabels, int n, int d) {
        MixtureParameters params;
        try (NDManager scope = Tensors.borrow(manager, blocks)) {
            NDArray[] resp = new NDArray[blocks.length];
            int start = 0;
            for (int b = 0; b < blocks.length; b++) {
                int rows = (int) blocks[b].getShape().get(0);
                resp[b] = scope.create(java.util.Arrays.copyOfRange(initLabels, start, start + rows)).oneHot(k, DataType.FLOAT64);
                start += rows;
            }
            params = MixtureParameters.fromResponsibilities(covarianceType, blocks, resp, k, d, regCovar);
        }
        double lowerBound = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int iteration = 0;
        while (iteration < maxIter) {
            iteration++;
            double previous = lowerBound;
            try (NDManager scope = Tensors.borrow(manager, blocks)) {
                NDArray[] resp = new NDArray[blocks.length];
                double total = 0;
                for (int b = 0; b < blocks.length; b++) {
                    NDArray[] lr = params.logResponsibilities(blocks[b]);
                    total += lr[0].sum().getDouble();
                    resp[b] = lr[1].exp();
                }
                lowerBound = total / n;
                if (!Double.isFinite(lowerBound)) {
                    throw new ArithmeticException("Gaussian mixture log-likelihood became " + lowerBound
                            + " at iteration " + iteration + "; scale the data or raise regCovar");
                }
                params = MixtureParameters.fromResponsibilities(covarianceType, blocks, resp, k, d, regCovar);
            }
            if (Math.abs(lowerBound - previous) < tol) {
                converged = true;
                break;
            }
        }
        // A final E-step makes the labels agree with predict() on the training data.
        int[] labels = new int[n];
        double total = 0;
        int offset = 0;
        try (NDManager scope = Tensors.borrow(manager, blocks)) {
            for (NDArray block : blocks) {
                NDArray[] lr = params.logResponsibilities(block);
                total += lr[0].sum().getDouble();
                int[] l = lr[1].argMax(1).toType(DataType.INT32, false).toIntArray();
                System.arraycopy(l, 0, labels, offset, l.length);
                offset += l.length;
            }
        }
        return new Model(params, labels, total / n, lowerBound, iteration, converged);
    }

    private static NDArray[] float64Blocks(NDManager manager, Matrix x, int k) {
        int block = Math.max(1, Tensors.rowsPerBlock(2L * (Math.max(k, 1) * (long) x.cols() + x.cols())));
        int count = Math.max(1, (x.rows() + block - 1) / block);
        NDArray[] out = new NDArray[count];
        for (int b = 0; b < count; b++) {
            int from = b * block;
            out[b] = Tensors.toTensor(manager, x, from, Math.min(x.rows(), from + block)).toType(DataType.FLOAT64, false);
        }
        return out;
    }

    /**
     * Fitted mixture.
     *
     * @param logLikelihood mean log-likelihood of the training data under the final parameters
     * @param lowerBound    the EM objective at the last iteration (what convergence was judged on)
     * @param nIter         EM iterations run
     * @param converged     whether the change fell below tol before maxIter
     */
    public record Model(MixtureParameters parameters, int[] labels, double logLikelihood, double lowerBound, int nIter,
                        boolean converged) implements SoftClusterPredictor {
        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public int nClusters() {
            return parameters.k();
        }

        public CovarianceType covarianceType() {
            return parameters.type();
        }

        public double[] weights() {
            return parameters.weights().clone();
        }

        /** k x d component means. */
        public Matrix means() {
            return Matrix.ofRows(reshape(parameters.means(), parameters.k(), parameters.d()));
        }

        /** Covariances: FULL k*d*d, DIAG k*d, SPHERICAL k values, row-major. */
        public double[] covariances() {
            return parameters.covariances().clone();
        }

        /** Free parameters of the model. */
        public long nParameters() {
            return parameters.type().parameters(parameters.k(), parameters.d());
        }

        /** Bayesian information criterion on data (lower is better). */
        public double bic(Dataset data) {
            return -2 * score(data) * data.rows() + nParameters() * Math.log(data.rows());
        }

        /** Akaike information criterion on data (lower is better). */
        public double aic(Dataset data) {
            return -2 * score(data) * data.rows() + 2 * nParameters();
        }

        /** Mean log-likelihood per item. */
        public double score(Dataset data) {
            double s = 0;
            for (double v : scoreSamples(data)) {
                s += v;
            }
            return s / data.rows();
        }

        /** Log-likelihood of each item. */
        public double[] scoreSamples(Dataset data) {
            double[] out = new double[data.rows()];
            forEachBlock(data, (from, lr) -> {
                double[] v = lr[0].toDoubleArray();
                System.arraycopy(v, 0, out, from, v.length);
            });
            return out;
        }

        @Override
        public int[] predict(Dataset data) {
            int[] out = new int[data.rows()];
            forEachBlock(data, (from, lr) -> {
                int[] v = lr[1].argMax(1).toType(DataType.INT32, false).toIntArray();
                System.arraycopy(v, 0, out, from, v.length);
            });
            return out;
        }

        @Override
        public Matrix predictProba(Dataset data) {
            int k = parameters.k();
            float[] out = new float[Math.multiplyExact(data.rows(), k)];
            forEachBlock(data, (from, lr) -> {
                float[] v = lr[1].exp().toType(DataType.FLOAT32, false).toFloatArray();
                System.arraycopy(v, 0, out, from * k, v.length);
            });
            return new Matrix(data.rows(), k, out);
        }

        private interface BlockConsumer {
            void accept(int from, NDArray[] logResponsibilities);
        }

        private void forEachBlock(Dataset data, BlockConsumer consumer) {
            if (data.cols() != parameters.d()) {
                throw new IllegalArgumentException("fitted on " + parameters.d() + " features, got " + data.cols());
            }
            try (NDManager m = Tensors.newManager()) {
                NDArray[] blocks = float64Blocks(m, data.features(), parameters.k());
                int from = 0;
                for (NDArray block : blocks) {
                    try (NDManager bm = m.newSubManager()) {
                        block.attach(bm);
                        consumer.accept(from, parameters.logResponsibilities(block));
                        from += (int) block.getShape().get(0);
                    }
                }
            }
        }

        private static double[][] reshape(double[] v, int rows, int cols) {
            double[][] out = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(v, i * cols, out[i], 0, cols);
            }
            return out;
        }
    }
}
