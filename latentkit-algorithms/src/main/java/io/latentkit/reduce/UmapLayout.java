package io.latentkit.reduce;

import io.latentkit.estimator.Seeds;
import java.util.Arrays;
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
 *
 * <p>The arithmetic is in float, the embedding's own precision, with the gradient coefficients looked up in a
 * table ({@link UmapGradient}); each row first lists its epoch's samples and reads their target rows, then applies
 * them in order.
 */
final class UmapLayout {
    private static final float CLIP = 4;
    /** Rows per parallel task. */
    private static final int BLOCK_ROWS = 256;

    private final int dim;
    private final UmapGradient gradient;
    private final int negativeSampleRate;
    private final long seed;

    UmapLayout(int dim, UmapCurve curve, double repulsionStrength, int negativeSampleRate, long seed) {
        this.dim = dim;
        this.gradient = new UmapGradient(curve.a(), curve.b(), repulsionStrength);
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
            float alpha = (float) (learningRate * (1 - (double) epoch / epochs));
            float pull = fitting ? 2 * alpha : alpha;
            int current = epoch;
            IntStream.range(0, blocks).parallel().forEach(block -> {
                Samples samples = new Samples();
                for (int i = block * BLOCK_ROWS; i < Math.min(rows, (block + 1) * BLOCK_ROWS); i++) {
                    schedule(state, i, current, samples);
                    for (int p = 0; p < samples.size; p++) {
                        move(head, i * dim, others, samples.targets[p], alpha, pull);
                    }
                }
            });
        }
    }

    /** The arrays one epoch works on. */
    private record Epoch(float[] head, float[] others, int otherRows, int[] rowStart, int[] edgeTail,
                         double[] epochsPerSample, double[] nextSample, double[] nextNegative, boolean fitting) {
    }

    /**
     * One epoch's samples of row i, in order: per due edge, its tail (attraction) then its negative samples
     * (repulsion), each as the row's offset in the tail positions, repulsive ones bit-flipped. Advances the edges'
     * schedules. Nothing here depends on the positions, so it runs ahead of the moves, and it reads both ends of
     * every target row: the rows are random, mostly cache misses, and loading them all at once overlaps the misses
     * instead of stalling each sample in turn (about a third of the layout's time at 70,000 points).
     */
    private void schedule(Epoch s, int i, int epoch, Samples out) {
        out.size = 0;
        float touched = 0;
        long random = Seeds.derive(seed, (long) epoch * (s.rowStart.length - 1) + i);
        for (int e = s.rowStart[i]; e < s.rowStart[i + 1]; e++) {
            if (s.nextSample[e] > epoch) {
                continue;
            }
            int t = s.edgeTail[e] * dim;
            out.add(t);
            touched += s.others[t] + s.others[t + dim - 1];
            s.nextSample[e] += s.epochsPerSample[e];
            double negativeInterval = s.epochsPerSample[e] / negativeSampleRate;
            int negatives = (int) ((epoch - s.nextNegative[e]) / negativeInterval);
            for (int n = 0; n < negatives; n++) {
                random += 0x9E3779B97F4A7C15L;
                int other = uniformIndex(random, s.otherRows);
                if (!(s.fitting && other == i)) {
                    int o = other * dim;
                    out.add(~o);
                    touched += s.others[o] + s.others[o + dim - 1];
                }
            }
            s.nextNegative[e] += negatives * negativeInterval;
        }
        out.touched = touched;
    }

    /** One sample: head row h moves towards (target >= 0) or away from (~target) the row at that offset. */
    private void move(float[] head, int h, float[] others, int target, float alpha, float pull) {
        int o = target >= 0 ? target : ~target;
        float d2 = squaredDistance(head, h, others, o);
        float coefficient;
        float rate;
        if (target >= 0) {
            coefficient = gradient.attraction(d2);
            rate = pull;
        } else if (d2 > 0) {
            coefficient = gradient.repulsion(d2);
            rate = alpha;
        } else {
            // Coincident points: umap-learn pushes every coordinate by the full clip.
            for (int c = 0; c < dim; c++) {
                head[h + c] += CLIP * alpha;
            }
            return;
        }
        for (int c = 0; c < dim; c++) {
            head[h + c] = Math.fma(clip(coefficient * (head[h + c] - others[o + c])), rate, head[h + c]);
        }
    }

    /** A growable list of sample targets. */
    private static final class Samples {
        int[] targets = new int[256];
        int size;
        /** Sum of the rows read ahead, kept so that the reads are not optimised away. */
        float touched;

        void add(int target) {
            if (size == targets.length) {
                targets = Arrays.copyOf(targets, 2 * size);
            }
            targets[size++] = target;
        }
    }

    /** Plain comparisons: Math.min and Math.max also order NaN and -0, which costs several instructions each. */
    private static float clip(float g) {
        return g > CLIP ? CLIP : g < -CLIP ? -CLIP : g;
    }

    /**
     * Four partial sums, so the adds of consecutive coordinates overlap; Math.fma is one instruction on x86-64
     * since 2013 and on ARMv8.
     */
    private float squaredDistance(float[] x, int i, float[] y, int j) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int c = 0;
        for (; c + 3 < dim; c += 4) {
            float d0 = x[i + c] - y[j + c];
            float d1 = x[i + c + 1] - y[j + c + 1];
            float d2 = x[i + c + 2] - y[j + c + 2];
            float d3 = x[i + c + 3] - y[j + c + 3];
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
        }
        if (c + 1 < dim) {
            float d0 = x[i + c] - y[j + c];
            float d1 = x[i + c + 1] - y[j + c + 1];
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            c += 2;
        }
        if (c < dim) {
            float d2 = x[i + c] - y[j + c];
            s2 = Math.fma(d2, d2, s2);
        }
        return (s0 + s1) + (s2 + s3);
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
