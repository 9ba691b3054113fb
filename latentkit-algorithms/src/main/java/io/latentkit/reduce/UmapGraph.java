package io.latentkit.reduce;

import io.latentkit.compute.Neighbors;
import java.util.Arrays;

/**
 * A weighted graph in compressed sparse row form: the edges of row i are {@code columns[rowStart[i] ..
 * rowStart[i + 1])} with weights alongside, columns ascending. Memory O(edges).
 *
 * @param rows     number of rows (points)
 * @param rowStart row offsets, length rows + 1
 * @param columns  column (neighbour) of each edge
 * @param weights  weight of each edge, in (0, 1]
 */
record UmapGraph(int rows, int[] rowStart, int[] columns, float[] weights) {
    /** Binary-search steps for each sigma; the bracket shrinks by half per step. */
    private static final int SIGMA_STEPS = 64;
    private static final double SIGMA_TOLERANCE = 1e-5;
    /** Floor of sigma relative to the mean neighbour distance, so that points with near-equal distances stay finite. */
    private static final double MIN_SIGMA_SCALE = 1e-3;

    int edges() {
        return columns.length;
    }

    /**
     * Directed membership strengths of each point's neighbours (the local fuzzy simplicial sets of the paper,
     * section 3.1): w_ij = exp(-max(0, d_ij - rho_i) / sigma_i), where rho_i is the distance to the
     * {@code localConnectivity}-th nearest neighbour at a positive distance (interpolated when fractional) and
     * sigma_i solves sum_j w_ij = log2(targetNeighbors) by bisection, floored at 1e-3 of the mean neighbour
     * distance. Row-major like {@code knn}, whose lists leave out the point itself; umap-learn's include it at
     * distance 0, and its means count that zero, so the means here do too.
     */
    static float[] memberships(Neighbors knn, double targetNeighbors, double localConnectivity) {
        int k = knn.k();
        int n = knn.queries();
        float[] w = new float[n * k];
        double target = Math.log(targetNeighbors) / Math.log(2);
        double[] positive = new double[k];
        double meanAll = 0;
        for (float d : knn.distances()) {
            meanAll += d;
        }
        meanAll /= Math.max(1, knn.distances().length + n);
        for (int i = 0; i < n; i++) {
            int nonZero = 0;
            double mean = 0;
            for (int r = 0; r < k; r++) {
                double d = knn.distance(i, r);
                mean += d;
                if (d > 0) {
                    positive[nonZero++] = d;
                }
            }
            mean /= k + 1;
            double rho = rho(positive, nonZero, localConnectivity);
            double sigma = sigma(knn, i, rho, target);
            sigma = Math.max(sigma, MIN_SIGMA_SCALE * (rho > 0 ? mean : meanAll));
            for (int r = 0; r < k; r++) {
                double excess = knn.distance(i, r) - rho;
                w[i * k + r] = excess <= 0 ? 1f : (float) Math.exp(-excess / sigma);
            }
        }
        return w;
    }

    private static double rho(double[] positive, int count, double localConnectivity) {
        if (count == 0) {
            return 0;
        }
        int whole = (int) Math.floor(localConnectivity);
        double fraction = localConnectivity - whole;
        if (whole > count) {
            return positive[count - 1];
        }
        if (whole == 0) {
            return fraction * positive[0];
        }
        double below = positive[whole - 1];
        return whole < count ? below + fraction * (positive[whole] - below) : below;
    }

    private static double sigma(Neighbors knn, int i, double rho, double target) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double mid = 1;
        for (int step = 0; step < SIGMA_STEPS; step++) {
            double sum = 0;
            for (int r = 0; r < knn.k(); r++) {
                double excess = knn.distance(i, r) - rho;
                sum += excess > 0 ? Math.exp(-excess / mid) : 1;
            }
            if (Math.abs(sum - target) < SIGMA_TOLERANCE) {
                break;
            }
            if (sum > target) {
                hi = mid;
                mid = (lo + hi) / 2;
            } else {
                lo = mid;
                mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
            }
        }
        return mid;
    }

    /**
     * The symmetric fuzzy set of directed strengths a (row i: the k neighbours of point i): mix * (a + a' - a o a')
     * + (1 - mix) * (a o a'), the fuzzy union at mix 1 and the intersection at 0 (paper, section 3.1).
     * Zero weights are dropped.
     */
    static UmapGraph symmetric(Neighbors knn, float[] strengths, double mix) {
        int n = knn.queries();
        int k = knn.k();
        int[] counts = new int[n + 1];
        for (int e = 0; e < n * k; e++) {
            counts[e / k + 1]++;
            counts[knn.indices()[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            counts[i + 1] += counts[i];
        }
        // Each entry packs (column, direction, directed-edge id): forward edges of row i, and reversed edges into i.
        long[] packed = new long[2 * n * k];
        int[] fill = Arrays.copyOf(counts, n);
        for (int e = 0; e < n * k; e++) {
            int i = e / k;
            int j = knn.indices()[e];
            packed[fill[i]++] = pack(j, 0, e);
            packed[fill[j]++] = pack(i, 1, e);
        }
        int[] rowStart = new int[n + 1];
        int[] columns = new int[packed.length];
        float[] weights = new float[packed.length];
        int out = 0;
        for (int i = 0; i < n; i++) {
            Arrays.sort(packed, counts[i], counts[i + 1]);
            int p = counts[i];
            while (p < counts[i + 1]) {
                int column = (int) (packed[p] >>> 33);
                double forward = 0;
                double backward = 0;
                for (; p < counts[i + 1] && (int) (packed[p] >>> 33) == column; p++) {
                    double s = strengths[(int) (packed[p] & 0xFFFFFFFFL)];
                    if ((packed[p] >>> 32 & 1) == 0) {
                        forward = s;
                    } else {
                        backward = s;
                    }
                }
                double product = forward * backward;
                double w = mix * (forward + backward - product) + (1 - mix) * product;
                if (w > 0 && column != i) {
                    columns[out] = column;
                    weights[out++] = (float) w;
                }
            }
            rowStart[i + 1] = out;
        }
        return new UmapGraph(n, rowStart, Arrays.copyOf(columns, out), Arrays.copyOf(weights, out));
    }

    private static long pack(int column, int direction, int edge) {
        return (long) column << 33 | (long) direction << 32 | edge;
    }

    /** The same graph without edges lighter than {@code threshold}. */
    UmapGraph withoutEdgesBelow(float threshold) {
        int[] start = new int[rows + 1];
        int[] cols = new int[edges()];
        float[] w = new float[edges()];
        int out = 0;
        for (int i = 0; i < rows; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                if (weights[e] >= threshold) {
                    cols[out] = columns[e];
                    w[out++] = weights[e];
                }
            }
            start[i + 1] = out;
        }
        return new UmapGraph(rows, start, Arrays.copyOf(cols, out), Arrays.copyOf(w, out));
    }

    float maxWeight() {
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, w);
        }
        return max;
    }

    /** Connected component of every row (numbered by first row, from 0), by iterative depth-first search. */
    int[] components() {
        int[] label = new int[rows];
        Arrays.fill(label, -1);
        int[] stack = new int[rows];
        int next = 0;
        for (int start = 0; start < rows; start++) {
            if (label[start] >= 0) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int i = stack[--top];
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int j = columns[e];
                    if (label[j] < 0) {
                        label[j] = next;
                        stack[top++] = j;
                    }
                }
            }
            next++;
        }
        return label;
    }
}
