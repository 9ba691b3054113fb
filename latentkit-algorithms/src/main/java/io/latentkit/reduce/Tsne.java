package io.latentkit.reduce;

import io.latentkit.compute.ApproximateNeighbors;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Transform;
import io.latentkit.reduce.TsneAffinities.SparseRows;
import java.util.SplittableRandom;

/**
 * t-distributed stochastic neighbour embedding (van der Maaten and Hinton 2008): a 2-D or 3-D map whose Student-t
 * similarities Q match the data's Gaussian neighbourhood similarities P, found by minimising KL(P || Q). Parameter
 * names and meanings follow scikit-learn's {@code TSNE} (1.2); scikit-learn's {@code angle} is {@code theta} here.
 *
 * <p>How it runs: P comes from the k = min(n - 1, 3 perplexity + 1) nearest neighbours (Euclidean) of each point,
 * exact below {@value #APPROXIMATE_FROM} points and from {@link ApproximateNeighbors} from there on (on
 * Fashion-MNIST reduced to 50 dimensions its recall rounds to 1.0000; at 70,000 points it is the faster, 44 s
 * against 56 s on 2 cores, at 30,000 the exact search is, 10 s against 15 s), with each point's Gaussian precision
 * found by bisection to match the perplexity, symmetrised as (P + P^T) / 2n and stored sparse (O(n k) memory, for
 * every method). The map starts from PCA scaled to a standard deviation of 1e-4 in its first coordinate, or from
 * N(0, 1e-4^2) noise; it is optimised by gradient descent with gains, 250 iterations with P multiplied by
 * {@code earlyExaggeration} and momentum 0.5, then the rest with momentum 0.8, stopping early after 300 iterations
 * without progress (checked every 50), as scikit-learn does. In 3-D the kernel has 2 degrees of freedom
 * (scikit-learn's max(nComponents - 1, 1)).
 *
 * <p>Cost: the neighbour search is O(n^2 d) as blocked matrix products, or about O(n k^2 d) when approximate; each
 * iteration costs O(n k) for the attraction plus, for the repulsion, O(n^2) with {@code EXACT}, O(n log n) with
 * {@code BARNES_HUT} (a quadtree or octree rebuilt every iteration) or O(n) plus two FFT convolutions on a grid
 * sized by the map's extent with {@code FFT} (the interpolation scheme of Linderman et al. 2019, see
 * {@link FftRepulsion}; 2-D only). Per-point forces run in parallel and are summed in a fixed order, so a seed
 * gives the same map at any thread count.
 *
 * <p>Failure modes: fewer than 2 points, a perplexity not below n, {@code FFT} in 3-D, or PCA initialisation of data
 * with fewer columns than {@code nComponents} throw {@link IllegalArgumentException}. Exact duplicates are allowed
 * (their distances are 0); many copies of one point make Barnes-Hut slow, as its tree cannot separate them.
 *
 * @param nComponents       dimensions of the map, 2 or 3
 * @param perplexity        effective number of neighbours each point's P distribution spreads over (scikit-learn:
 *                          30; 5 to 50 is usual); larger values keep more global structure and cost O(perplexity)
 * @param earlyExaggeration factor on P during the first 250 iterations, which pulls clusters tight and far apart
 *                          (12); must be >= 1
 * @param learningRate      step size; 0 or less means scikit-learn's "auto": max(n / earlyExaggeration / 4, 50).
 *                          Too large a rate gives a "ball" with uniform distances, too small one stuck clumps
 * @param nIter             total iterations, at least 250 (1000)
 * @param init              starting map
 * @param method            gradient method; {@code AUTO} is exact below 1,000 points, then Barnes-Hut, and FFT
 *                          interpolation from 10,000 points in 2-D (as openTSNE); in 3-D it stays Barnes-Hut, as an
 *                          FFT grid fine enough for the kernel grows with the cube of the map's extent
 * @param theta             Barnes-Hut accuracy (scikit-learn's {@code angle}, 0.5): a cell whose side is less than
 *                          theta times its distance counts as one point; 0 is exact, above 0.8 quickly inaccurate
 * @param seed              seed of the PCA sketch or of the random initialisation, and of the approximate
 *                          neighbour search
 */
public record Tsne(int nComponents, double perplexity, double earlyExaggeration, double learningRate, int nIter,
                   Init init, Method method, double theta, long seed) implements Estimator<Tsne.Model> {

    /** How the map starts. */
    public enum Init { PCA, RANDOM }

    /** How the repulsive part of the gradient is summed. */
    public enum Method { AUTO, EXACT, BARNES_HUT, FFT }

    /** Iterations with exaggerated P and momentum 0.5 before the main stage (scikit-learn's exploration stage). */
    public static final int EXPLORATION_ITERATIONS = 250;
    private static final int AUTO_EXACT_BELOW = 1000;
    private static final int AUTO_FFT_FROM = 10_000;
    private static final int APPROXIMATE_FROM = 50_000;
    private static final int PATIENCE = 300;
    private static final double INITIAL_SCALE = 1e-4;

    public Tsne {
        if (nComponents != 2 && nComponents != 3) {
            throw new IllegalArgumentException("nComponents must be 2 or 3, got " + nComponents);
        }
        if (!(perplexity > 0)) {
            throw new IllegalArgumentException("perplexity must be > 0, got " + perplexity);
        }
        if (!(earlyExaggeration >= 1)) {
            throw new IllegalArgumentException("earlyExaggeration must be >= 1, got " + earlyExaggeration);
        }
        if (Double.isNaN(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a number (<= 0 for auto)");
        }
        if (nIter < EXPLORATION_ITERATIONS) {
            throw new IllegalArgumentException("nIter must be >= " + EXPLORATION_ITERATIONS + ", got " + nIter);
        }
        if (init == null || method == null) {
            throw new IllegalArgumentException("init and method must be given");
        }
        if (method == Method.FFT && nComponents != 2) {
            throw new IllegalArgumentException("method FFT needs nComponents 2, got " + nComponents
                    + "; use BARNES_HUT");
        }
        if (!(theta >= 0)) {
            throw new IllegalArgumentException("theta must be >= 0, got " + theta);
        }
    }

    /** scikit-learn's defaults: perplexity 30, exaggeration 12, auto learning rate, 1000 iterations, PCA start. */
    public Tsne(int nComponents) {
        this(nComponents, 30, 12, 0, 1000, Init.PCA, Method.AUTO, 0.5, 0);
    }

    public Tsne withPerplexity(double p) {
        return new Tsne(nComponents, p, earlyExaggeration, learningRate, nIter, init, method, theta, seed);
    }

    public Tsne withNIter(int iterations) {
        return new Tsne(nComponents, perplexity, earlyExaggeration, learningRate, iterations, init, method, theta,
                seed);
    }

    public Tsne withInit(Init i) {
        return new Tsne(nComponents, perplexity, earlyExaggeration, learningRate, nIter, i, method, theta, seed);
    }

    public Tsne withMethod(Method m) {
        return new Tsne(nComponents, perplexity, earlyExaggeration, learningRate, nIter, init, m, theta, seed);
    }

    public Tsne withSeed(long s) {
        return new Tsne(nComponents, perplexity, earlyExaggeration, learningRate, nIter, init, method, theta, s);
    }

    /** The method {@code AUTO} resolves to for n points. */
    public Method methodFor(int n) {
        if (method != Method.AUTO) {
            return method;
        }
        return n < AUTO_EXACT_BELOW ? Method.EXACT
                : nComponents == 2 && n >= AUTO_FFT_FROM ? Method.FFT : Method.BARNES_HUT;
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        if (n < 2) {
            throw new IllegalArgumentException("t-SNE needs at least 2 points, got " + n);
        }
        if (perplexity >= n) {
            throw new IllegalArgumentException("perplexity " + perplexity + " must be less than the number of points "
                    + n);
        }
        x.requireFinite();
        int k = Math.min(n - 1, (int) (3 * perplexity + 1));
        Neighbors neighbors = n >= APPROXIMATE_FROM ? ApproximateNeighbors.of(k, Metric.EUCLIDEAN, seed).search(x)
                : NearestNeighbors.exact(x, x, k, Metric.EUCLIDEAN, true);
        SparseRows p = TsneAffinities.joint(TsneAffinities.conditional(neighbors, perplexity));
        double[] y = init == Init.PCA ? pcaStart(data) : randomStart(n);
        Method resolved = methodFor(n);
        TsneKernel kernel = TsneKernel.forDimensions(nComponents);
        double rate = learningRate > 0 ? learningRate : Math.max(n / earlyExaggeration / 4, 50);
        TsneDescent descent = new TsneDescent(y);
        descent.run(TsneObjective.fitting(p, earlyExaggeration, kernel, resolved, theta), EXPLORATION_ITERATIONS,
                0.5, rate, EXPLORATION_ITERATIONS);
        TsneObjective objective = TsneObjective.fitting(p, 1, kernel, resolved, theta);
        descent.run(objective, nIter - descent.iterations(), 0.8, rate, PATIENCE);
        double kl = objective.evaluate(y, new double[y.length], true);
        return new Model(x, y, perplexity, resolved == Method.EXACT ? 0 : theta, kl, descent.iterations());
    }

    private double[] pcaStart(Dataset data) {
        if (data.cols() < nComponents) {
            throw new IllegalArgumentException("PCA initialisation needs at least " + nComponents + " columns, got "
                    + data.cols() + "; use Init.RANDOM");
        }
        float[] pcs = new Pca(nComponents).withSeed(seed).fit(data).transform(data).features().data();
        int n = data.rows();
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += pcs[i * nComponents];
        }
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double d = pcs[i * nComponents] - mean;
            variance += d * d;
        }
        double scale = INITIAL_SCALE / Math.max(Math.sqrt(variance / n), Double.MIN_NORMAL);
        double[] y = new double[pcs.length];
        for (int c = 0; c < y.length; c++) {
            y[c] = pcs[c] * scale;
        }
        return y;
    }

    private double[] randomStart(int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[n * nComponents];
        for (int c = 0; c < y.length; c++) {
            y[c] = INITIAL_SCALE * random.nextGaussian();
        }
        return y;
    }

    /**
     * A fitted t-SNE map.
     *
     * <p>{@link #transform} of the training features returns the fitted map. Other points are placed onto the fixed
     * map (scikit-learn cannot; the approach is openTSNE's): each new point gets conditional probabilities
     * p(j | i) over its min(n, 3 perplexity + 1) nearest training points with the same perplexity, starts at the
     * p-weighted mean of their positions, and then moves for {@value #PLACEMENT_ITERATIONS} iterations of gradient
     * descent on its own KL(p(. | i) || q(. | i)), q(j | i) being its kernel similarity to training point j over
     * the sum to all training points; the training map never moves and new points do not see each other, so each
     * point's place does not depend on the others in the batch. Cost O(m n d) for the neighbour search plus
     * O(m log n) per iteration for m new points.
     *
     * @param training     the training features (kept to find new points' neighbours)
     * @param embedding    row-major (n x nComponents) map of the training points
     * @param perplexity   the perplexity the map was fitted with
     * @param theta        Barnes-Hut accuracy for placing new points (0: exact; maps fitted by FFT place by
     *                     Barnes-Hut)
     * @param klDivergence KL(P || Q) of the final map (with Barnes-Hut or FFT, Q's normalisation is the tree's or
     *                     the grid's estimate)
     * @param nIter        iterations run
     */
    public record Model(Matrix training, double[] embedding, double perplexity, double theta, double klDivergence,
                        int nIter) implements Transform {
        /** Iterations of gradient descent that move each new point in {@link #transform}. */
        public static final int PLACEMENT_ITERATIONS = 100;
        private static final double PLACEMENT_RATE = 1;
        private static final double PLACEMENT_MOMENTUM = 0.5;

        public Model {
            int n = training.rows();
            if (n < 2 || (embedding.length != 2 * n && embedding.length != 3 * n)) {
                throw new IllegalArgumentException("a map of " + n + " training points (at least 2) needs 2 or 3"
                        + " coordinates per point, got " + embedding.length + " coordinates");
            }
        }

        public int nComponents() {
            return embedding.length / training.rows();
        }

        /** The training map as float32 (n x nComponents). */
        public Matrix embeddingMatrix() {
            return toMatrix(embedding, nComponents());
        }

        @Override
        public Dataset transform(Dataset data) {
            Matrix x = data.features();
            if (x.cols() != training.cols()) {
                throw new IllegalArgumentException("t-SNE was fitted on " + training.cols() + " features, got "
                        + x.cols());
            }
            int dim = nComponents();
            if (x.equals(training)) {
                return data.withFeatures(embeddingMatrix(), "tsne");
            }
            int k = Math.min(training.rows(), (int) (3 * perplexity + 1));
            SparseRows p = TsneAffinities.conditional(NearestNeighbors.exact(training, x, k, Metric.EUCLIDEAN, false),
                    perplexity);
            double[] y = new double[x.rows() * dim];
            for (int i = 0; i < x.rows(); i++) {
                for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                    for (int c = 0; c < dim; c++) {
                        y[i * dim + c] += p.values()[e] * embedding[p.columns()[e] * dim + c];
                    }
                }
            }
            TsneObjective objective = TsneObjective.placing(p, embedding, TsneKernel.forDimensions(dim), theta == 0,
                    theta);
            new TsneDescent(y).run(objective, PLACEMENT_ITERATIONS, PLACEMENT_MOMENTUM, PLACEMENT_RATE,
                    PLACEMENT_ITERATIONS);
            return data.withFeatures(toMatrix(y, dim), "tsne");
        }

        private static Matrix toMatrix(double[] values, int cols) {
            float[] out = new float[values.length];
            for (int c = 0; c < out.length; c++) {
                out[c] = (float) values[c];
            }
            return new Matrix(values.length / cols, cols, out);
        }
    }
}
