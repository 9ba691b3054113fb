package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.data.Matrix;
import java.util.Arrays;

/**
 * Lloyd's k-means iterations that give Lloyd's assignments while touching few points: Hamerly's bounds
 * (an upper bound on each point's distance to its centre, a lower bound on the distance to the second nearest)
 * skip every point whose nearest centre provably cannot have changed, and the remaining "active" points are
 * assigned by one GEMM. Cluster sums are updated from the points that changed cluster only, in double precision,
 * so late iterations cost O(n) bound updates plus work proportional to the active points.
 *
 * <p>Distances from the GEMM carry float32 rounding; bounds are widened by a margin covering it, so a skipped point
 * is one whose assignment could not change by more than rounding.
 */
final class BoundedLloyd {
    /** Relative rounding allowance on squared distances |x|^2 + |c|^2 - 2 x.c computed in float32. */
    private static final double ROUNDING = 1e-5;

    private final Centers.Points points;
    private final int n;
    private final int d;
    private final int k;
    private final float[] data;
    private final double[] rowNorms;
    private final int[] labels;
    private final double[] upper;
    private final double[] lower;
    private final double[] sums;
    private final long[] counts;
    private double maxCenterNorm;

    private BoundedLloyd(Centers.Points points, int k) {
        this.points = points;
        this.n = points.rows();
        this.d = points.cols();
        this.k = k;
        this.data = points.matrix.data();
        this.rowNorms = points.norms.toType(DataType.FLOAT64, false).toDoubleArray();
        this.labels = new int[n];
        this.upper = new double[n];
        this.lower = new double[n];
        this.sums = new double[k * d];
        this.counts = new long[k];
    }

    /** Runs to convergence (no label changes, or centre shift below threshold) or maxIter; returns the fitted model. */
    static KMeans.Model run(Centers.Points points, float[] initialCenters, int k, int maxIter, double threshold) {
        BoundedLloyd state = new BoundedLloyd(points, k);
        float[] centers = initialCenters.clone();
        state.assign(centers, null);
        boolean converged = false;
        int iteration = 0;
        while (iteration < maxIter) {
            iteration++;
            float[] updated = state.means();
            double[] moved = new double[k];
            double shift = 0;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < state.d; j++) {
                    double delta = updated[c * state.d + j] - centers[c * state.d + j];
                    s += delta * delta;
                }
                moved[c] = Math.sqrt(s);
                shift += s;
            }
            centers = updated;
            if (shift <= threshold) {
                converged = true;
                break;
            }
            state.loosenBounds(moved);
            int changed = state.assign(centers, state.activePoints(centers));
            if (changed == 0) {
                converged = true;
                break;
            }
        }
        Centers.Assignment last = Centers.assign(points, centers, k);
        return new KMeans.Model(new Matrix(k, state.d, centers), last.labels(), last.inertia(), iteration, converged);
    }

    /**
     * Cluster means from the running sums. A cluster left empty takes the point farthest (by its upper bound) from
     * its centre among clusters with more than one point, as scikit-learn relocates empty clusters.
     */
    private float[] means() {
        float[] out = new float[k * d];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                int far = -1;
                for (int i = 0; i < n; i++) {
                    if (counts[labels[i]] > 1 && (far < 0 || upper[i] > upper[far])) {
                        far = i;
                    }
                }
                move(far, c);
                upper[far] = 0;
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                out[c * d + j] = (float) (sums[c * d + j] / counts[c]);
            }
        }
        return out;
    }

    /** Hamerly's update: a centre that moved by m can bring a point at most m closer or take it m farther. */
    private void loosenBounds(double[] moved) {
        int first = 0;
        for (int c = 1; c < k; c++) {
            if (moved[c] > moved[first]) {
                first = c;
            }
        }
        double second = 0;
        for (int c = 0; c < k; c++) {
            if (c != first) {
                second = Math.max(second, moved[c]);
            }
        }
        for (int i = 0; i < n; i++) {
            upper[i] += moved[labels[i]];
            lower[i] -= labels[i] == first ? second : moved[first];
        }
    }

    /** Points whose nearest centre may have changed: upper bound above both the lower bound and half the gap to the nearest other centre. */
    private int[] activePoints(float[] centers) {
        double[] halfGap = new double[k];
        Arrays.fill(halfGap, Double.POSITIVE_INFINITY);
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double delta = centers[a * d + j] - centers[b * d + j];
                    s += delta * delta;
                }
                double half = 0.5 * Math.sqrt(s);
                halfGap[a] = Math.min(halfGap[a], half);
                halfGap[b] = Math.min(halfGap[b], half);
            }
        }
        int[] active = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (upper[i] > Math.max(lower[i], halfGap[labels[i]])) {
                active[count++] = i;
            }
        }
        return Arrays.copyOf(active, count);
    }

    /**
     * Exact nearest and second-nearest centres for the given points (all points when null), updating labels, bounds
     * and sums. Returns how many points changed cluster.
     */
    private int assign(float[] centers, int[] subset) {
        boolean initial = subset == null;
        int m = initial ? n : subset.length;
        if (m == 0) {
            return 0;
        }
        maxCenterNorm = 0;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) centers[c * d + j] * centers[c * d + j];
            }
            maxCenterNorm = Math.max(maxCenterNorm, s);
        }
        int width = Math.min(2, k);
        // Above a third of the data, one pass over the resident rows beats gathering the active ones.
        boolean fullPass = initial || m > n / 3;
        float[] values = new float[(fullPass ? n : m) * width];
        long[] indices = new long[values.length];
        try (NDManager manager = points.manager.newSubManager()) {
            NDArray c = manager.create(centers, new Shape(k, d));
            NDArray cNorms = PairwiseDistances.rowSquaredNorms(c);
            if (fullPass) {
                points.forEachBlock(manager, (from, x, xNorms) -> nearestTwo(x, xNorms, c, cNorms, width, values, indices, from));
            } else {
                NDArray rows = manager.create(Arrays.stream(subset).asLongStream().toArray());
                NDIndex take = new NDIndex("{}", rows);
                NDArray x = points.all.get(take);
                x.attach(manager);
                NDArray norms = points.norms.get(take);
                norms.attach(manager);
                nearestTwo(x, norms, c, cNorms, width, values, indices, 0);
            }
        }
        int changed = 0;
        for (int r = 0; r < m; r++) {
            int i = initial ? r : subset[r];
            int at = (fullPass ? i : r) * width;
            double margin = ROUNDING * (rowNorms[i] + maxCenterNorm);
            int nearest = (int) indices[at];
            upper[i] = Math.sqrt(Math.max(0, values[at]) + margin);
            lower[i] = width > 1 ? Math.sqrt(Math.max(0, values[at + 1] - margin)) : Double.POSITIVE_INFINITY;
            if (initial) {
                labels[i] = nearest;
                add(i, nearest, 1);
                changed++;
            } else if (labels[i] != nearest) {
                move(i, nearest);
                changed++;
            }
        }
        return changed;
    }

    /** Squared distances to the nearest and second-nearest centre (and which) for rows x, written at row offset. */
    private static void nearestTwo(NDArray x, NDArray xNorms, NDArray c, NDArray cNorms, int width, float[] values,
                                   long[] indices, int offset) {
        NDList top = PairwiseDistances.squaredEuclidean(x, xNorms, c, cNorms).topK(width, 1, false, true);
        float[] v = top.get(0).toFloatArray();
        long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
        System.arraycopy(v, 0, values, offset * width, v.length);
        System.arraycopy(idx, 0, indices, offset * width, idx.length);
    }

    private void move(int point, int to) {
        add(point, labels[point], -1);
        labels[point] = to;
        add(point, to, 1);
    }

    private void add(int point, int cluster, int sign) {
        counts[cluster] += sign;
        int base = point * d;
        int target = cluster * d;
        for (int j = 0; j < d; j++) {
            sums[target + j] += sign * (double) data[base + j];
        }
    }
}
