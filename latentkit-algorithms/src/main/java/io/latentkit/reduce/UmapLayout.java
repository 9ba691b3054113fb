package io.latentkit.reduce;

/**
 * UMAP's layout optimisation (paper, section 3.2 and algorithm 5): stochastic gradient descent on the fuzzy set
 * cross-entropy between the graph and the embedding. An edge of weight w is sampled once every max_w / w epochs;
 * each sample pulls its two ends together (attraction) and pushes the head away from {@code negativeSampleRate}
 * points drawn uniformly (repulsion, by negative sampling). Gradient coordinates are clipped to [-4, 4] and the
 * learning rate decays linearly to zero over the epochs.
 *
 * <p>Heads and tails may be the same array (fitting: both ends move) or different ones (transform: new points
 * move against a fixed training layout). Single-threaded over flat float arrays, with one seeded generator, so the
 * result depends only on the inputs and the seed.
 */
final class UmapLayout {
    private static final double CLIP = 4;
    /** Keeps the repulsive gradient finite for coincident points (the paper's epsilon). */
    private static final double REPULSION_EPSILON = 0.001;

    private final int dim;
    private final double a;
    private final double b;
    private final double gamma;
    private final int negativeSampleRate;
    private long state;

    UmapLayout(int dim, UmapCurve curve, double repulsionStrength, int negativeSampleRate, long seed) {
        this.dim = dim;
        this.a = curve.a();
        this.b = curve.b();
        this.gamma = repulsionStrength;
        this.negativeSampleRate = negativeSampleRate;
        this.state = seed;
    }

    /**
     * Runs the epochs in place on {@code head}.
     *
     * @param head         positions moved by the optimisation, row-major (rows x dim)
     * @param tail         positions of edge tails and negative samples; {@code head} itself when fitting
     * @param tailRows     number of rows of {@code tail}
     * @param edgeHead     head row of every edge (each undirected edge is listed in both directions when fitting)
     * @param edgeTail     tail row of every edge
     * @param weights      edge weights, all positive
     * @param epochs       number of epochs
     * @param learningRate initial learning rate
     */
    void optimize(float[] head, float[] tail, int tailRows, int[] edgeHead, int[] edgeTail, float[] weights,
                  int epochs, double learningRate) {
        boolean moveTail = head == tail;
        int edges = edgeHead.length;
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, w);
        }
        double[] epochsPerSample = new double[edges];
        double[] nextSample = new double[edges];
        double[] nextNegative = new double[edges];
        for (int e = 0; e < edges; e++) {
            epochsPerSample[e] = max / weights[e];
            nextSample[e] = epochsPerSample[e];
            nextNegative[e] = epochsPerSample[e] / negativeSampleRate;
        }
        double[] gradient = new double[dim];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double alpha = learningRate * (1 - (double) epoch / epochs);
            for (int e = 0; e < edges; e++) {
                if (nextSample[e] > epoch) {
                    continue;
                }
                int h = edgeHead[e] * dim;
                int t = edgeTail[e] * dim;
                double attract = attraction(squaredDistance(head, h, tail, t));
                for (int c = 0; c < dim; c++) {
                    double g = clip(attract * (head[h + c] - tail[t + c])) * alpha;
                    head[h + c] += (float) g;
                    if (moveTail) {
                        tail[t + c] -= (float) g;
                    }
                }
                nextSample[e] += epochsPerSample[e];
                double negativeInterval = epochsPerSample[e] / negativeSampleRate;
                int negatives = (int) ((epoch - nextNegative[e]) / negativeInterval);
                for (int s = 0; s < negatives; s++) {
                    int other = nextIndex(tailRows);
                    int o = other * dim;
                    if (moveTail && o == h) {
                        continue;
                    }
                    double d2 = squaredDistance(head, h, tail, o);
                    double repel = repulsion(d2);
                    for (int c = 0; c < dim; c++) {
                        gradient[c] = repel > 0 ? clip(repel * (head[h + c] - tail[o + c])) : CLIP;
                    }
                    for (int c = 0; c < dim; c++) {
                        head[h + c] += (float) (gradient[c] * alpha);
                    }
                }
                nextNegative[e] += negatives * negativeInterval;
            }
        }
    }

    /** Coefficient of (y_i - y_j) in the attractive gradient: -2ab d^(2(b-1)) / (1 + a d^(2b)), d^2 given. */
    private double attraction(double d2) {
        if (d2 <= 0) {
            return 0;
        }
        double power = Math.pow(d2, b - 1);
        return -2 * a * b * power / (1 + a * power * d2);
    }

    /** Coefficient of (y_i - y_j) in the repulsive gradient: 2 gamma b / ((eps + d^2)(1 + a d^(2b))). */
    private double repulsion(double d2) {
        if (d2 <= 0) {
            return 0;
        }
        return 2 * gamma * b / ((REPULSION_EPSILON + d2) * (1 + a * Math.pow(d2, b)));
    }

    private static double clip(double g) {
        return Math.max(-CLIP, Math.min(CLIP, g));
    }

    private double squaredDistance(float[] x, int i, float[] y, int j) {
        double sum = 0;
        for (int c = 0; c < dim; c++) {
            double diff = x[i + c] - y[j + c];
            sum += diff * diff;
        }
        return sum;
    }

    /** A uniform index in [0, bound) from a SplitMix64 stream (Lemire's multiply-shift reduction). */
    private int nextIndex(int bound) {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (((z >>> 32) * bound) >>> 32);
    }
}
