package io.latentkit.reduce;

import io.latentkit.compute.ApproximateNeighbors;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Seeds;
import io.latentkit.estimator.Transform;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Uniform Manifold Approximation and Projection (McInnes, Healy and Melville 2018): a non-linear embedding that
 * keeps each point's neighbourhood. It builds a fuzzy graph of the k nearest neighbours (each point's distances
 * rescaled by its own neighbourhood radius, then symmetrised), lays it out spectrally, and refines the layout by
 * stochastic gradient descent on the fuzzy set cross-entropy between the graph and the embedding. Parameter names
 * and meanings follow umap-learn. A graph in several connected pieces is laid out piece by piece and the pieces are
 * placed apart (none is dropped); if the spectral eigensolver does not converge, the layout starts at random
 * instead, with a logged warning, and {@link Model#init()} says so.
 *
 * <p>Cost: the k-nearest-neighbour graph (exact, O(n^2 d) on the engine, below 4,096 points; approximate by
 * NN-descent above), then O(nEpochs n nNeighbors (1 + negativeSampleRate) nComponents) for the optimisation,
 * which moves both ends of each sampled edge as umap-learn does and runs in parallel over edges that share no point,
 * so that the result for a seed is the same at any thread count.
 * Memory O(n (d + nNeighbors + nComponents)); the fitted model keeps the training data for {@code transform}.
 *
 * @param nComponents        dimension of the embedding (umap-learn's n_components). 2 or 3 for plots; up to a few
 *                           tens as input to clustering. Connected pieces of nComponents + 1 points or fewer have
 *                           no spectral layout and start at random.
 * @param nNeighbors         size of the local neighbourhood, counting the point itself (n_neighbors): small values
 *                           keep fine local structure and may split the data into many disconnected pieces, large
 *                           values favour the global picture and cost more. Must be in [2, n].
 * @param minDist            smallest distance between embedded points (min_dist), in [0, spread]: small values pack
 *                           neighbours tightly (better for clustering), large values spread them evenly (better
 *                           for seeing the overall topology).
 * @param spread             scale of the embedded points (spread); with minDist it sets how clumped clusters are.
 *                           Must be positive.
 * @param metric             distance in the input space (metric): Euclidean or cosine
 * @param nEpochs            optimisation epochs (n_epochs); -1 picks 500 up to 10,000 points and 200 above. More
 *                           epochs give a more converged layout at proportional cost.
 * @param learningRate       initial SGD step (learning_rate), decayed linearly to 0; too large a value makes the
 *                           layout noisy, too small leaves it unconverged. Must be positive.
 * @param negativeSampleRate repulsive samples per attractive one (negative_sample_rate): higher values push
 *                           unrelated points further apart at proportional cost. Must be >= 1.
 * @param repulsionStrength  weight of the repulsive samples (repulsion_strength, gamma in the paper), positive
 * @param setOpMixRatio      how the directed neighbourhoods are symmetrised (set_op_mix_ratio), in [0, 1]: 1 is
 *                           the fuzzy union (keeps every edge), 0 the fuzzy intersection (keeps only mutual
 *                           neighbours, which can disconnect the graph), in between a mix.
 * @param localConnectivity  how many nearest neighbours each point is assumed to be connected to with full
 *                           strength (local_connectivity), may be fractional; must be >= 0 (0 means none). Values
 *                           above the intrinsic dimension of the data make the graph too local.
 * @param seed               seed of the approximate neighbour search, the spectral solver's start, the noise on
 *                           the initial layout and the negative sampling; the same seed gives the same embedding
 */
public record Umap(int nComponents, int nNeighbors, double minDist, double spread, Metric metric, int nEpochs,
                   double learningRate, int negativeSampleRate, double repulsionStrength, double setOpMixRatio,
                   double localConnectivity, long seed) implements Estimator<Umap.Model> {
    private static final System.Logger LOG = System.getLogger(Umap.class.getName());
    /** Automatic epochs: {@value #SMALL_EPOCHS} up to {@value #SMALL_DATA} points, else {@value #LARGE_EPOCHS}. */
    private static final int SMALL_DATA = 10_000;
    /** Below this many points the neighbour graph is found exactly. */
    private static final int EXACT_BELOW = 4096;
    private static final int SMALL_EPOCHS = 500;
    private static final int LARGE_EPOCHS = 200;
    private static final int TRANSFORM_SMALL_EPOCHS = 100;
    private static final int TRANSFORM_LARGE_EPOCHS = 30;

    /** How the layout was started. */
    public enum Init { SPECTRAL, RANDOM }

    public Umap {
        Objects.requireNonNull(metric, "metric");
        if (nComponents < 1) {
            throw new IllegalArgumentException("nComponents must be >= 1, got " + nComponents);
        }
        if (nNeighbors < 2) {
            throw new IllegalArgumentException("nNeighbors must be >= 2, got " + nNeighbors);
        }
        if (!(spread > 0 && Double.isFinite(spread))) {
            throw new IllegalArgumentException("spread must be positive, got " + spread);
        }
        if (!(minDist >= 0 && minDist <= spread)) {
            throw new IllegalArgumentException("minDist must be in [0, spread = " + spread + "], got " + minDist);
        }
        if (nEpochs < 1 && nEpochs != -1) {
            throw new IllegalArgumentException("nEpochs must be >= 1 or -1 (auto), got " + nEpochs);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (negativeSampleRate < 1) {
            throw new IllegalArgumentException("negativeSampleRate must be >= 1, got " + negativeSampleRate);
        }
        if (!(repulsionStrength > 0 && Double.isFinite(repulsionStrength))) {
            throw new IllegalArgumentException("repulsionStrength must be positive, got " + repulsionStrength);
        }
        if (!(setOpMixRatio >= 0 && setOpMixRatio <= 1)) {
            throw new IllegalArgumentException("setOpMixRatio must be in [0, 1], got " + setOpMixRatio);
        }
        if (!(localConnectivity >= 0 && Double.isFinite(localConnectivity))) {
            throw new IllegalArgumentException("localConnectivity must be >= 0, got " + localConnectivity);
        }
    }

    /** umap-learn's defaults with {@code nComponents} dimensions: 15 neighbours, minDist 0.1, Euclidean, seed 0. */
    public Umap(int nComponents) {
        this(nComponents, 15, 0.1, 1.0, Metric.EUCLIDEAN, -1, 1.0, 5, 1.0, 1.0, 1.0, 0);
    }

    public Umap withNeighbors(int k) {
        return new Umap(nComponents, k, minDist, spread, metric, nEpochs, learningRate, negativeSampleRate,
                repulsionStrength, setOpMixRatio, localConnectivity, seed);
    }

    public Umap withMinDist(double d) {
        return new Umap(nComponents, nNeighbors, d, spread, metric, nEpochs, learningRate, negativeSampleRate,
                repulsionStrength, setOpMixRatio, localConnectivity, seed);
    }

    public Umap withEpochs(int epochs) {
        return new Umap(nComponents, nNeighbors, minDist, spread, metric, epochs, learningRate, negativeSampleRate,
                repulsionStrength, setOpMixRatio, localConnectivity, seed);
    }

    public Umap withSeed(long s) {
        return new Umap(nComponents, nNeighbors, minDist, spread, metric, nEpochs, learningRate, negativeSampleRate,
                repulsionStrength, setOpMixRatio, localConnectivity, s);
    }

    /**
     * Embeds the data.
     *
     * @throws IllegalArgumentException if there are fewer than nNeighbors points or a value is NaN or infinite
     */
    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        if (n < nNeighbors) {
            throw new IllegalArgumentException("nNeighbors " + nNeighbors + " exceeds the " + n + " points");
        }
        x.requireFinite();
        Neighbors knn = neighbors(x, nNeighbors - 1, metric, Seeds.derive(seed, 0));
        UmapGraph full = UmapGraph.symmetric(knn, UmapGraph.memberships(knn, nNeighbors, localConnectivity),
                setOpMixRatio);
        int epochs = nEpochs > 0 ? nEpochs : n <= SMALL_DATA ? SMALL_EPOCHS : LARGE_EPOCHS;
        // Edges sampled less than once over all epochs never move the layout; they are left out from the start.
        UmapGraph graph = full.withoutEdgesBelow(full.maxWeight() / epochs);
        UmapCurve curve = UmapCurve.fit(minDist, spread);
        Init init = Init.SPECTRAL;
        float[] embedding;
        try {
            embedding = UmapSpectral.layout(graph, x, nComponents, Seeds.derive(seed, 1));
        } catch (ArithmeticException e) {
            LOG.log(System.Logger.Level.WARNING, "UMAP: spectral initialisation failed ({0}); starting at random",
                    e.getMessage());
            init = Init.RANDOM;
            embedding = randomLayout(n, Seeds.derive(seed, 1));
        }
        new UmapLayout(nComponents, curve, repulsionStrength, negativeSampleRate, Seeds.derive(seed, 2))
                .fit(embedding, graph.rowStart(), graph.columns(), graph.weights(), epochs, learningRate);
        return new Model(this, x, new Matrix(n, nComponents, embedding), curve.a(), curve.b(), init);
    }

    private float[] randomLayout(int n, long stream) {
        SplittableRandom random = new SplittableRandom(stream);
        double[] y = new double[n * nComponents];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextDouble(-10, 10);
        }
        return UmapSpectral.scaledToTen(y, nComponents, random);
    }

    /**
     * The k nearest other rows of every row: exact below {@value #EXACT_BELOW} rows (as umap-learn), else the
     * approximate graph of {@link ApproximateNeighbors} (random-projection forest + NN-descent), whose result
     * does not depend on the thread count either.
     */
    static Neighbors neighbors(Matrix x, int k, Metric metric, long seed) {
        return x.rows() < EXACT_BELOW ? NearestNeighbors.exact(x, x, k, metric, true)
                : ApproximateNeighbors.of(k, metric, seed).search(x);
    }

    /**
     * Fitted UMAP.
     *
     * @param params       the estimator that was fitted
     * @param trainingData the training points (new points are placed among their nearest training points)
     * @param embedding    the embedding of the training points, (n x nComponents)
     * @param a            curve scale fitted from minDist and spread
     * @param b            curve exponent fitted from minDist and spread
     * @param init         how the layout was started (random only when the spectral solver failed)
     */
    public record Model(Umap params, Matrix trainingData, Matrix embedding, double a, double b, Init init)
            implements Transform {
        public int nComponents() {
            return embedding.cols();
        }

        /**
         * The training data maps to its fitted embedding. Other points are placed as umap-learn places them: each
         * gets fuzzy memberships to its nNeighbors - 1 nearest training points (exact search, O(q n d) on the
         * engine for q new points), starts at their membership-weighted mean embedding, and is refined by the
         * layout optimisation against the fixed training embedding, for nEpochs / 3 epochs (auto: 100 up to 10,000
         * new points, else 30) at a quarter of the learning rate.
         */
        @Override
        public Dataset transform(Dataset data) {
            Matrix x = data.features();
            if (x.cols() != trainingData.cols()) {
                throw new IllegalArgumentException("UMAP was fitted on " + trainingData.cols() + " features, got "
                        + x.cols());
            }
            if (x.equals(trainingData)) {
                return data.withFeatures(embedding, "umap");
            }
            x.requireFinite();
            int dim = nComponents();
            int q = x.rows();
            int k = params.nNeighbors - 1;
            Neighbors knn = NearestNeighbors.exact(trainingData, x, k, params.metric, false);
            float[] strengths = UmapGraph.memberships(knn, params.nNeighbors, params.localConnectivity);
            int epochs = params.nEpochs > 0 ? Math.max(1, params.nEpochs / 3)
                    : q <= SMALL_DATA ? TRANSFORM_SMALL_EPOCHS : TRANSFORM_LARGE_EPOCHS;
            float max = 0;
            for (float s : strengths) {
                max = Math.max(max, s);
            }
            float threshold = max / epochs;
            float[] placed = new float[q * dim];
            int kept = 0;
            int[] rowStart = new int[q + 1];
            int[] tails = new int[q * k];
            float[] weights = new float[q * k];
            for (int i = 0; i < q; i++) {
                double total = 0;
                for (int r = 0; r < k; r++) {
                    int j = knn.index(i, r);
                    float s = strengths[i * k + r];
                    total += s;
                    for (int c = 0; c < dim; c++) {
                        placed[i * dim + c] += s * embedding.get(j, c);
                    }
                    if (s >= threshold) {
                        tails[kept] = j;
                        weights[kept++] = s;
                    }
                }
                for (int c = 0; c < dim; c++) {
                    placed[i * dim + c] /= (float) total;
                }
                rowStart[i + 1] = kept;
            }
            new UmapLayout(dim, new UmapCurve(a, b), params.repulsionStrength, params.negativeSampleRate,
                    Seeds.derive(params.seed, 3))
                    .place(placed, embedding.data(), embedding.rows(), rowStart, Arrays.copyOf(tails, kept),
                            Arrays.copyOf(weights, kept), epochs, params.learningRate / 4);
            return data.withFeatures(new Matrix(q, dim, placed), "umap");
        }
    }
}
