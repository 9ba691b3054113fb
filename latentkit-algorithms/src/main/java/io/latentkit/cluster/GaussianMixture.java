package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.compute.Gram;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Seeds;
import io.latentkit.estimator.SoftClusterPredictor;

/**
 * Gaussian mixture fitted by expectation-maximisation in the log domain on the engine. Each iteration is one pass
 * over cache-sized chunks of the centred data: a GEMM against all components' precision-Cholesky factors gives the
 * log-densities, and a few more GEMMs add the chunk's responsibilities to the M-step's sufficient statistics (summed in
 * double); the small per-component algebra (Cholesky, inverses) runs in double. Up to 16 columns (a UMAP output, say)
 * both steps are instead one float64 GEMM each on the data's quadratic features ({@link QuadraticExpansion}).
 * Initialised from k-means labels; {@code regCovar} is added to every covariance's diagonal so collapsing components
 * fail late and loudly instead of producing NaN. Of {@code nInit} runs the highest log-likelihood lower bound wins.
 *
 * @param k              number of components
 * @param covarianceType full, diag or spherical
 * @param tol            stop when the mean log-likelihood changes by less than this between iterations
 * @param regCovar       non-negative diagonal regularisation
 * @param maxIter        EM iterations per run
 * @param nInit          independent runs
 * @param initRuns       k-means++ restarts whose lowest-inertia partition starts EM; 1 (the default) is scikit-learn's
 *                       start, and from the same partition both follow the same EM path. On Fashion-MNIST neither a
 *                       lower-inertia start nor choosing starts by a few EM iterations reached better optima on
 *                       average: EM's optima vary widely with the start, so use {@code nInit} to keep the best of
 *                       several full runs
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
        this(k, CovarianceType.FULL, 1e-3, 1e-6, 100, 1, 1, 0);
    }

    public GaussianMixture withCovarianceType(CovarianceType type) {
        return new GaussianMixture(k, type, tol, regCovar, maxIter, nInit, initRuns, seed);
    }

    public GaussianMixture withNInit(int n) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, n, initRuns, seed);
    }

    public GaussianMixture withSeed(long s) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, initRuns, s);
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        if (n < k) {
            throw new IllegalArgumentException("k = " + k + " components need at least " + k + " items, got " + n);
        }
        double[] center = Gram.columnMeans(x);
        try (Chunks chunks = new Chunks(x, center, k)) {
            Model best = null;
            for (int run = 0; run < nInit; run++) {
                KMeans.Model start = new KMeans(k, initRuns, 300, 1e-4, Seeds.derive(seed, run)).fit(data);
                Em em = new Em(chunks, start.labels(), centred(start.centers(), center));
                em.iterate(maxIter);
                Model m = em.model(center);
                if (best == null || m.lowerBound() > best.lowerBound()) {
                    best = m;
                }
            }
            return best;
        }
    }

    /** One EM run over the chunks: parameters, the objective and the iterations so far. */
    private final class Em {
        private final Chunks chunks;
        private MixtureParameters params;
        private double lowerBound = Double.NEGATIVE_INFINITY;
        private int iteration;
        private boolean converged;

        /** Starts from hard labels: the M-step of their one-hot responsibilities, moments about {@code near}. */
        Em(Chunks chunks, int[] labels, double[] near) {
            this.chunks = chunks;
            MixtureStatistics initial = new MixtureStatistics(covarianceType, k, chunks.cols(), near);
            chunks.forEach((from, x) -> {
                int rows = (int) x.getShape().get(0);
                int[] part = java.util.Arrays.copyOfRange(labels, from, from + rows);
                initial.add(x, MixtureParameters.centre(x, near, k), x.getManager().create(part).oneHot(k, DataType.FLOAT32));
            });
            params = MixtureParameters.fromStatistics(initial, regCovar);
        }

        /** E- and M-steps until converged or until {@code maxIterations} iterations in all. */
        void iterate(int maxIterations) {
            while (!converged && iteration < maxIterations) {
                iteration++;
                double previous = lowerBound;
                MixtureParameters current = params;
                int d = chunks.cols();
                boolean expanded = QuadraticExpansion.suits(d);
                MixtureStatistics stats = new MixtureStatistics(covarianceType, k, d,
                        expanded ? new double[k * d] : current.means());
                if (expanded) {
                    chunks.forEachExpanded((from, phi) -> {
                        NDArray[] lr = QuadraticExpansion.responsibilities(current, phi);
                        stats.logLikelihood += total(lr[0]);
                        QuadraticExpansion.add(stats, phi, lr[1]);
                    });
                } else {
                    chunks.forEach((from, x) -> {
                        NDArray centred = current.centre(x);
                        NDArray[] lr = current.responsibilities(centred);
                        stats.logLikelihood += total(lr[0]);
                        stats.add(x, centred, lr[1]);
                    });
                }
                lowerBound = stats.logLikelihood / chunks.rows();
                if (!Double.isFinite(lowerBound)) {
                    throw new ArithmeticException("Gaussian mixture log-likelihood became " + lowerBound
                            + " at iteration " + iteration + "; scale the data or raise regCovar");
                }
                params = MixtureParameters.fromStatistics(stats, regCovar);
                converged = Math.abs(lowerBound - previous) < tol;
            }
        }

        /** The fitted model, with a final E-step so that the labels agree with predict() on the training data. */
        Model model(double[] center) {
            int[] labels = new int[chunks.rows()];
            double[] logLikelihood = new double[1];
            chunks.forEachResponsibilities(params, (from, lr) -> {
                logLikelihood[0] += total(lr[0]);
                int[] l = lr[1].argMax(1).toType(DataType.INT32, false).toIntArray();
                System.arraycopy(l, 0, labels, from, l.length);
            });
            return new Model(params, center, labels, logLikelihood[0] / chunks.rows(), lowerBound, iteration, converged);
        }
    }

    /**
     * The sum of a chunk's per-row values, in order in double: the engine's sum of more than 32,768 values can differ
     * in its last bits between 1 and 2 threads (measured on 40,000 float32 and 65,536 float64 values).
     */
    private static double total(NDArray values) {
        double s = 0;
        for (double v : values.toType(DataType.FLOAT64, false).toDoubleArray()) {
            s += v;
        }
        return s;
    }

    /** k-means centres (k x d) in the coordinates of the centred chunks. */
    private static double[] centred(Matrix centers, double[] center) {
        int d = center.length;
        double[] out = new double[centers.rows() * d];
        for (int c = 0; c < centers.rows(); c++) {
            for (int j = 0; j < d; j++) {
                out[c * d + j] = centers.get(c, j) - center[j];
            }
        }
        return out;
    }

    /**
     * The data on the engine in float32, centred on the training mean (so float32 moments lose nothing to a far
     * origin), walked in chunks small enough that a chunk's (rows x k x d) temporaries stay in cache; for few columns
     * also as each chunk's quadratic features (see {@link QuadraticExpansion}), kept while they fit in
     * {@value #EXPANDED_BUDGET} bytes and otherwise rebuilt on each pass. The float32 copy is made on first use: with
     * few columns only EM's start reads it, and prediction never does.
     */
    private static final class Chunks implements AutoCloseable {
        private static final long EXPANDED_BUDGET = 1L << 30;
        private final NDManager manager;
        private final Matrix source;
        private final double[] center;
        private final int chunkRows;
        /** Each chunk's quadratic features once built, when they all fit the budget; else null. */
        private final NDArray[] expanded;
        private NDArray all;

        Chunks(Matrix x, double[] center, int k) {
            manager = Tensors.newManager();
            source = x;
            this.center = center;
            chunkRows = (int) Math.clamp((1L << 21) / Math.max(1L, (long) k * x.cols()), 256, 65536);
            boolean keep = QuadraticExpansion.suits(x.cols())
                    && (long) x.rows() * QuadraticExpansion.width(x.cols()) * Double.BYTES <= EXPANDED_BUDGET;
            expanded = keep ? new NDArray[(x.rows() + chunkRows - 1) / chunkRows] : null;
        }

        int rows() {
            return source.rows();
        }

        int cols() {
            return source.cols();
        }

        /** The centred float32 copy of the data on the engine. */
        private NDArray all() {
            if (all == null) {
                float[] c = new float[center.length];
                for (int j = 0; j < c.length; j++) {
                    c[j] = (float) center[j];
                }
                all = Tensors.toTensor(manager, source).subi(manager.create(c).reshape(1, c.length));
            }
            return all;
        }

        interface ChunkConsumer {
            void accept(int from, NDArray chunk);
        }

        /** Calls back with each chunk's quadratic features inside a scope that frees everything computed from them. */
        void forEachExpanded(ChunkConsumer consumer) {
            for (int from = 0, b = 0; from < rows(); from += chunkRows, b++) {
                try (NDManager scope = manager.newSubManager()) {
                    int to = Math.min(rows(), from + chunkRows);
                    NDArray phi;
                    if (expanded == null) {
                        phi = QuadraticExpansion.features(scope, source, center, from, to);
                    } else {
                        if (expanded[b] == null) {
                            expanded[b] = QuadraticExpansion.features(manager, source, center, from, to);
                        }
                        phi = expanded[b];
                        phi.tempAttach(scope);
                    }
                    consumer.accept(from, phi);
                }
            }
        }

        interface ResponsibilityConsumer {
            void accept(int from, NDArray[] logLikelihoodAndResponsibilities);
        }

        /**
         * Calls back with each chunk's per-row log-likelihood and float32 responsibilities under p, by the path EM
         * takes for this many columns.
         */
        void forEachResponsibilities(MixtureParameters p, ResponsibilityConsumer consumer) {
            if (QuadraticExpansion.suits(cols())) {
                forEachExpanded((from, phi) -> {
                    NDArray[] lr = QuadraticExpansion.responsibilities(p, phi);
                    consumer.accept(from, new NDArray[] {lr[0], lr[1].toType(DataType.FLOAT32, false)});
                });
            } else {
                forEach((from, x) -> consumer.accept(from, p.responsibilities(p.centre(x))));
            }
        }

        /** Calls back with each chunk (a view) inside a scope that frees everything computed from it. */
        void forEach(ChunkConsumer consumer) {
            for (int from = 0; from < rows(); from += chunkRows) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray chunk = all().get(from + ":" + Math.min(rows(), from + chunkRows));
                    chunk.attach(scope);
                    consumer.accept(from, chunk);
                }
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * Fitted mixture.
     *
     * @param logLikelihood mean log-likelihood of the training data under the final parameters
     * @param lowerBound    the EM objective at the last iteration (what convergence was judged on)
     * @param nIter         EM iterations run
     * @param converged     whether the change fell below tol before maxIter
     */
    public record Model(MixtureParameters parameters, double[] center, int[] labels, double logLikelihood,
                        double lowerBound, int nIter, boolean converged) implements SoftClusterPredictor {
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

        /** k x d component means, in the data's coordinates. */
        public Matrix means() {
            double[][] rows = reshape(parameters.means(), parameters.k(), parameters.d());
            for (double[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += center[j];
                }
            }
            return Matrix.ofRows(rows);
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
                double[] v = lr[0].toType(DataType.FLOAT64, false).toDoubleArray();
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
                float[] v = lr[1].toFloatArray();
                System.arraycopy(v, 0, out, from * k, v.length);
            });
            return new Matrix(data.rows(), k, out);
        }

        private void forEachBlock(Dataset data, Chunks.ResponsibilityConsumer consumer) {
            if (data.cols() != parameters.d()) {
                throw new IllegalArgumentException("fitted on " + parameters.d() + " features, got " + data.cols());
            }
            try (Chunks chunks = new Chunks(data.features(), center, parameters.k())) {
                chunks.forEachResponsibilities(parameters, consumer);
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
