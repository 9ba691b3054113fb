package io.latentkit.reduce;

import io.latentkit.estimator.Seeds;
import java.util.stream.IntStream;

/**
 * UMAP's layout optimisation (paper, section 3.2 and algorithm 5): stochastic gradient descent on the fuzzy set
 * cross-entropy between the graph and the embedding. An edge of weight w is sampled once every max_w / w epochs;
 * each sample pulls its head towards its tail (attraction) and pushes the head away from
 * {@code negativeSampleRate} points drawn uniformly (repulsion, by negative sampling). Gradient coordinates are
 * clipped to [-4, 4] and the learning rate decays linearly to zero over the epochs.
 *
 * <p>Edges are grouped by head (CSR) and each sample moves only its head, so the rows can be updated in parallel
 * without sharing writes: during an epoch a row reads the other rows as they were when the epoch began, and draws
 * its negative samples from a generator seeded by (seed, epoch, row). The result therefore depends only on the
 * inputs and the seed, never on the thread count or timing. When fitting, the graph is symmetric and every edge is
 * listed from both ends; each end then takes a double attraction step, as it would if every sample moved both ends.
 * When transforming, the tails and negative samples are the fixed training layout.
 */
final class UmapLayout {
    private static final double CLIP = 4;
    /** Keeps the repulsive gradient finite for nearly coincident points (the paper's epsilon). */
    private static final double REPULSION_EPSILON = 0.001;
    /** Rows per parallel task. */
    private static final int BLOCK_ROWS = 256;

    private final int dim;
    private final double a;
    private final double b;
    private final double gamma;
    private final int negativeSampleRate;
    private final long seed;

    UmapLayout(int dim, UmapCurve curve, double repulsionStrength, int negativeSampleRate, long seed) {
        this.dim = dim;
        this.a = curve.a();
        this.b = curve.b();
        this.gamma = repulsionStrength;
        this.negativeSampleRate = negativeSampleRate;
        this.seed = seed;
    }

    /**
     * Runs the epochs in place on {@code head}.
     *
     * @param head         positions moved by the optimisation, row-major (rows x dim)
     * @param tail         positions of edge tails and negative samples, never written; {@code head} itself when
     *                     fitting (then a copy taken at the start of each epoch is read)
     * @param tailRows     number of rows of {@code tail}
     * @param rowStart     edges of head row i are {@code rowStart[i] .. rowStart[i + 1]}
     * @param edgeTail     tail row of every edge
     * @param weights      edge weights, all positive
     * @param epochs       number of epochs
     * @param learningRate initial learning rate
     */
    void optimize(float[] head, float[] tail, int tailRows, int[] rowStart, int[] edgeTail, float[] weights,
                  int epochs, double learningRate) {
        boolean fitting = head == tail;
        float[] others = fitting ? new float[head.length] : tail;
        int rows = rowStart.length - 1;
        int edges = edgeTail.length;
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
        Epoch state = new Epoch(head, others, tailRows, rowStart, edgeTail, epochsPerSample, nextSample, nextNegative,
                fitting);
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (fitting) {
                System.arraycopy(head, 0, others, 0, head.length);
            }
            double alpha = learningRate * (1 - (double) epoch / epochs);
            int current = epoch;
            IntStream.range(0, blocks).parallel().forEach(block -> {
                for (int i = block * BLOCK_ROWS; i < Math.min(rows, (block + 1) * BLOCK_ROWS); i++) {
                    updateRow(state, i, current, alpha);
                }
            });
        }
    }

    /** The arrays one epoch works on. */
    private record Epoch(float[] head, float[] others, int otherRows, int[] rowStart, int[] edgeTail,
                         double[] epochsPerSample, double[] nextSample, double[] nextNegative, boolean fitting) {
    }

    private void updateRow(Epoch s, int i, int epoch, double alpha) {
        float[] head = s.head;
        float[] others = s.others;
        double pull = s.fitting ? 2 * alpha : alpha;
        long random = Seeds.derive(seed, (long) epoch * (s.rowStart.length - 1) + i);
        int h = i * dim;
        for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) {
            if (s.nextSample[e] > epoch) {
                continue;
            }
            int t = s.edgeTail[e] * dim;
            double attract = attraction(squaredDistance(head, h, others, t));
            for (int c = 0; c < dim; c++) {
                head[h + c] += (float) (clip(attract * (head[h + c] - others[t + c])) * pull);
            }
            s.nextSample[e] += s.epochsPerSample[e];
            double negativeInterval = s.epochsPerSample[e] / negativeSampleRate;
            int negatives = (int) ((epoch - s.nextNegative[e]) / negativeInterval);
            for (int n = 0; n < negatives; n++) {
                random += 0x9E3779B97F4A7C15L;
                int other = uniformIndex(random, s.otherRows);
                if (s.fitting && other == i) {
                    continue;
                }
                int o = other * dim;
                double repel = repulsion(squaredDistance(head, h, others, o));
                for (int c = 0; c < dim; c++) {
                    double g = repel > 0 ? clip(repel * (head[h + c] - others[o + c])) : CLIP;
                    head[h + c] += (float) (g * alpha);
                }
            }
            s.nextNegative[e] += negatives * negativeInterval;
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

    /** A uniform index in [0, bound) from a SplitMix64 state (its finaliser, then multiply-shift reduction). */
    private static int uniformIndex(long state, int bound) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (((z >>> 32) * bound) >>> 32);
    }
}
