package io.latentkit.reduce;

import io.latentkit.estimator.Seeds;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * UMAP's layout optimisation (paper, section 3.2 and algorithm 5): stochastic gradient descent on the fuzzy set
 * cross-entropy between the graph and the embedding. An edge of weight w is sampled once every max_w / w epochs;
 * each sample pulls its two ends together (attraction) and pushes its head away from {@code negativeSampleRate}
 * points drawn uniformly (repulsion, by negative sampling). Gradient coordinates are clipped to [-4, 4] and the
 * learning rate decays linearly to zero over the epochs.
 *
 * <p>Fitting ({@link #fit}) follows umap-learn's serial optimisation: a sample moves both ends of its edge at once,
 * by opposite steps, and later samples see the moved points. Both matter: updating each head alone from the
 * positions at the start of the epoch (an earlier version of this class) left clusters looser, with 0.03 lower NMI
 * of a GMM on the embedding of 10,000 autoencoder codes than umap-learn's on the same graph and start. To run in
 * parallel without shared writes, the directed edges are split into colour classes in which no two edges share a
 * point (greedy edge colouring); the classes run one after another, the edges of a class in parallel. Negative
 * samples are read as they were at the start of the epoch, and drawn from a generator seeded by (seed, epoch,
 * edge). The result therefore depends only on the inputs and the seed, never on the thread count or timing.
 *
 * <p>Placing new points ({@link #place}) moves only them, against the fixed training layout, so their rows run in
 * parallel directly.
 *
 * <p>The arithmetic is in float, the embedding's own precision, with the gradient coefficients looked up in a
 * table ({@link UmapGradient}).
 */
final class UmapLayout {
    private static final float CLIP = 4;
    /** Rows per parallel task when placing new points. */
    private static final int BLOCK_ROWS = 256;
    /** Edges per parallel task when fitting; a colour class with fewer runs on the calling thread. */
    private static final int BLOCK_EDGES = 2048;
    /** Edges whose points are read before any of them is moved. */
    private static final int READ_AHEAD = 32;
    /**
     * Colour classes kept apart: 64 per word of a point's used-colour mask. Greedy colouring needs at most twice the
     * largest degree minus one; the rare edges between two high-degree points that would need more colours form one
     * last class, run serially.
     */
    private static final int COLOR_WORDS = 2;

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

    /** Each edge's sampling schedule: its period, and the epochs of its next sample and next negative samples. */
    private record Schedule(double[] epochsPerSample, double[] nextSample, double[] nextNegative) {
        static Schedule of(float[] weights, int negativeSampleRate) {
            float max = 0;
            for (float w : weights) {
                max = Math.max(max, w);
            }
            int edges = weights.length;
            double[] period = new double[edges];
            double[] next = new double[edges];
            double[] nextNegative = new double[edges];
            for (int e = 0; e < edges; e++) {
                period[e] = max / weights[e];
                next[e] = period[e];
                nextNegative[e] = period[e] / negativeSampleRate;
            }
            return new Schedule(period, next, nextNegative);
        }

        /** Whether edge e is sampled in this epoch; if so, advances it and returns its negative samples (>= 0). */
        int take(int e, int epoch, int negativeSampleRate) {
            if (nextSample[e] > epoch) {
                return -1;
            }
            nextSample[e] += epochsPerSample[e];
            double interval = epochsPerSample[e] / negativeSampleRate;
            int negatives = (int) ((epoch - nextNegative[e]) / interval);
            nextNegative[e] += negatives * interval;
            return negatives;
        }
    }

    /**
     * Optimises the embedding of a symmetric graph in place.
     *
     * @param y            positions, row-major (rows x dim), moved in place
     * @param rowStart     edges of row i are {@code rowStart[i] .. rowStart[i + 1]}; every edge listed from both ends
     * @param edgeTail     tail row of every edge
     * @param weights      edge weights, all positive
     * @param epochs       number of epochs
     * @param learningRate initial learning rate
     */
    void fit(float[] y, int[] rowStart, int[] edgeTail, float[] weights, int epochs, double learningRate) {
        int rows = rowStart.length - 1;
        int[] edgeHead = new int[edgeTail.length];
        for (int i = 0; i < rows; i++) {
            Arrays.fill(edgeHead, rowStart[i], rowStart[i + 1], i);
        }
        Coloring classes = Coloring.of(rows, edgeHead, edgeTail);
        // The edges' ends and schedules in class order, so that each pass over a class reads them in sequence.
        int[] order = classes.order;
        int[] heads = new int[order.length];
        int[] tails = new int[order.length];
        float[] classWeights = new float[order.length];
        for (int p = 0; p < order.length; p++) {
            heads[p] = edgeHead[order[p]];
            tails[p] = edgeTail[order[p]];
            classWeights[p] = weights[order[p]];
        }
        Schedule schedule = Schedule.of(classWeights, negativeSampleRate);
        float[] start = new float[y.length];
        for (int epoch = 0; epoch < epochs; epoch++) {
            System.arraycopy(y, 0, start, 0, y.length);
            float alpha = (float) (learningRate * (1 - (double) epoch / epochs));
            int current = epoch;
            for (int c = 0; c < classes.count(); c++) {
                int from = classes.classStart[c];
                int to = classes.classStart[c + 1];
                boolean serial = c == classes.count() - 1 && classes.overflow;
                if (serial || to - from <= BLOCK_EDGES) {
                    sampleEdges(y, start, rows, heads, tails, order, from, to, schedule, current, alpha);
                } else {
                    IntStream.range(0, (to - from + BLOCK_EDGES - 1) / BLOCK_EDGES).parallel().forEach(block ->
                            sampleEdges(y, start, rows, heads, tails, order, from + block * BLOCK_EDGES,
                                    Math.min(to, from + (block + 1) * BLOCK_EDGES), schedule, current, alpha));
                }
            }
        }
    }

    /**
     * The due edges among positions {@code from .. to} of the class order (edge {@code order[p]} at position p, its
     * ends and schedule at p too): attraction of both ends, then the head's negative samples. In
     * runs of {@value #READ_AHEAD} edges, it first lists the due edges and their negative samples and reads every
     * point they touch, then applies them in order: the points are random, mostly cache misses, and loading them
     * together overlaps the misses instead of stalling on each sample in turn. The edges of a class share no point
     * and negative samples read the epoch's start, so reading ahead changes no result.
     */
    private void sampleEdges(float[] y, float[] start, int rows, int[] heads, int[] tails, int[] order, int from,
                             int to, Schedule schedule, int epoch, float alpha) {
        Samples samples = new Samples();
        for (int p = from; p < to; ) {
            samples.clear();
            float touched = 0;
            for (int end = Math.min(to, p + READ_AHEAD); p < end; p++) {
                int negatives = schedule.take(p, epoch, negativeSampleRate);
                if (negatives < 0) {
                    continue;
                }
                int head = heads[p];
                samples.edge(head * dim, tails[p] * dim);
                touched += y[head * dim] + y[tails[p] * dim];
                long random = Seeds.derive(seed, (long) epoch * order.length + order[p]);
                for (int n = 0; n < negatives; n++) {
                    random += 0x9E3779B97F4A7C15L;
                    int other = uniformIndex(random, rows);
                    if (other != head) {
                        samples.negative(other * dim);
                        touched += start[other * dim];
                    }
                }
            }
            samples.touched = touched;
            int next = 0;
            for (int k = 0; k < samples.edges; k++) {
                int h = samples.ends[2 * k];
                int t = samples.ends[2 * k + 1];
                float coefficient = gradient.attraction(squaredDistance(y, h, y, t));
                for (int c = 0; c < dim; c++) {
                    float step = clip(coefficient * (y[h + c] - y[t + c])) * alpha;
                    y[h + c] += step;
                    y[t + c] -= step;
                }
                for (; next < samples.negativeEnd[k]; next++) {
                    repel(y, h, start, samples.negatives[next], alpha);
                }
            }
        }
    }

    /** One run's due edges (offsets of both ends) and negative samples (those of edge k end at negativeEnd[k]). */
    private static final class Samples {
        int[] ends = new int[2 * READ_AHEAD];
        int[] negativeEnd = new int[READ_AHEAD];
        int[] negatives = new int[8 * READ_AHEAD];
        int edges;
        int negativeCount;
        /** Sum of the points read ahead, kept so that the reads are not optimised away. */
        float touched;

        void clear() {
            edges = 0;
            negativeCount = 0;
        }

        void edge(int head, int tail) {
            ends[2 * edges] = head;
            ends[2 * edges + 1] = tail;
            negativeEnd[edges++] = negativeCount;
        }

        void negative(int offset) {
            if (negativeCount == negatives.length) {
                negatives = Arrays.copyOf(negatives, 2 * negativeCount);
            }
            negatives[negativeCount++] = offset;
            negativeEnd[edges - 1] = negativeCount;
        }
    }

    /**
     * Greedy edge colouring: edges in {@code order}, grouped by class, {@code classStart[c] .. classStart[c + 1]};
     * no two edges of a class share a point, except in the last class when {@code overflow} is set.
     */
    record Coloring(int[] order, int[] classStart, boolean overflow) {
        int count() {
            return classStart.length - 1;
        }

        static Coloring of(int rows, int[] edgeHead, int[] edgeTail) {
            int edges = edgeTail.length;
            int palette = 64 * COLOR_WORDS;
            long[] used = new long[rows * COLOR_WORDS];
            int[] color = new int[edges];
            int[] sizes = new int[palette + 1];
            for (int e = 0; e < edges; e++) {
                int i = edgeHead[e] * COLOR_WORDS;
                int j = edgeTail[e] * COLOR_WORDS;
                int c = palette;
                for (int w = 0; w < COLOR_WORDS; w++) {
                    long free = ~(used[i + w] | used[j + w]);
                    if (free != 0) {
                        int bit = Long.numberOfTrailingZeros(free);
                        used[i + w] |= 1L << bit;
                        used[j + w] |= 1L << bit;
                        c = 64 * w + bit;
                        break;
                    }
                }
                color[e] = c;
                sizes[c]++;
            }
            int count = 0;
            while (count < palette && sizes[count] > 0) {
                count++;
            }
            boolean overflow = sizes[palette] > 0;
            // An edge takes colour c + 1 only when c is taken at one of its ends, so the colours in use are
            // 0 .. count - 1, and the overflow (palette) becomes class count.
            int classes = count + (overflow ? 1 : 0);
            int[] classStart = new int[classes + 1];
            for (int c = 0; c < count; c++) {
                classStart[c + 1] = classStart[c] + sizes[c];
            }
            if (overflow) {
                classStart[classes] = edges;
            }
            int[] fill = Arrays.copyOf(classStart, classes);
            int[] order = new int[edges];
            for (int e = 0; e < edges; e++) {
                order[fill[Math.min(color[e], count)]++] = e;
            }
            return new Coloring(order, classStart, overflow);
        }
    }

    /**
     * Moves new points (head) against a fixed layout (tail), as umap-learn's transform does: only the heads move, so
     * the rows run in parallel; each row draws its negative samples from a generator seeded by (seed, epoch, row).
     *
     * @param head         positions of the new points, row-major, moved in place
     * @param tail         the fixed training layout, never written
     * @param tailRows     number of rows of {@code tail}
     * @param rowStart     edges of head row i are {@code rowStart[i] .. rowStart[i + 1]}
     * @param edgeTail     tail row of every edge
     * @param weights      edge weights, all positive
     * @param epochs       number of epochs
     * @param learningRate initial learning rate
     */
    void place(float[] head, float[] tail, int tailRows, int[] rowStart, int[] edgeTail, float[] weights, int epochs,
               double learningRate) {
        int rows = rowStart.length - 1;
        Schedule schedule = Schedule.of(weights, negativeSampleRate);
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        for (int epoch = 0; epoch < epochs; epoch++) {
            float alpha = (float) (learningRate * (1 - (double) epoch / epochs));
            int current = epoch;
            IntStream.range(0, blocks).parallel().forEach(block -> {
                for (int i = block * BLOCK_ROWS; i < Math.min(rows, (block + 1) * BLOCK_ROWS); i++) {
                    int h = i * dim;
                    long random = Seeds.derive(seed, (long) current * rows + i);
                    for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                        int negatives = schedule.take(e, current, negativeSampleRate);
                        if (negatives < 0) {
                            continue;
                        }
                        int t = edgeTail[e] * dim;
                        float coefficient = gradient.attraction(squaredDistance(head, h, tail, t));
                        for (int c = 0; c < dim; c++) {
                            head[h + c] += clip(coefficient * (head[h + c] - tail[t + c])) * alpha;
                        }
                        for (int n = 0; n < negatives; n++) {
                            random += 0x9E3779B97F4A7C15L;
                            repel(head, h, tail, uniformIndex(random, tailRows) * dim, alpha);
                        }
                    }
                }
            });
        }
    }

    /** One negative sample: row h of x moves away from row o of others. */
    private void repel(float[] x, int h, float[] others, int o, float alpha) {
        float d2 = squaredDistance(x, h, others, o);
        if (d2 > 0) {
            float coefficient = gradient.repulsion(d2);
            for (int c = 0; c < dim; c++) {
                x[h + c] += clip(coefficient * (x[h + c] - others[o + c])) * alpha;
            }
        } else {
            // Coincident points: umap-learn pushes every coordinate by the full clip.
            for (int c = 0; c < dim; c++) {
                x[h + c] += CLIP * alpha;
            }
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
