package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.data.Matrix;
import java.util.Arrays;

/**
 * Lloyd's k-means iterations that give Lloyd's assignments while touching few points. Every point keeps an upper bound
 * on the distance to its centre and, per group of centres, a lower bound on the distance to any other centre of the
 * group (Yinyang k-means, Ding et al. 2015: one group is Hamerly's algorithm, one group per centre is Elkan's; the
 * number of groups is as many as a fixed memory budget allows). A point is re-examined only when its upper bound
 * exceeds the smallest of its lower bounds and half the gap from its centre to the nearest other; the re-examined
 * ("active") points are assigned by one GEMM. Cluster sums follow the points that changed cluster only, in double
 * precision, so late iterations cost O(n) bound updates plus work proportional to the active points.
 *
 * <p>Distances from the GEMM carry float32 rounding; bounds are widened by a margin covering it, so a skipped point
 * is one whose assignment could not change by more than rounding.
 */
final class BoundedLloyd {
    /** Relative rounding allowance on squared distances |x|^2 + |c|^2 - 2 x.c computed in float32. */
    private static final double ROUNDING = 1e-5;
    /** Lower bounds kept in all (n x groups floats): 2^25 is 128 MiB. */
    private static final long BOUND_BUDGET = 1L << 25;

    private final Centers.Points points;
    private final int n;
    private final int d;
    private final int k;
    private final float[] data;
    private final double[] rowNorms;
    private final int[] labels;
    private final int groups;
    private final int[] groupOf;
    private final double[] upper;
    private final float[] lower;
    private final double[] sums;
    private final long[] counts;

    private BoundedLloyd(Centers.Points points, int k) {
        this.points = points;
        this.n = points.rows();
        this.d = points.cols();
        this.k = k;
        this.data = points.matrix.data();
        this.rowNorms = points.rowNorms;
        this.labels = new int[n];
        this.groups = (int) Math.clamp(BOUND_BUDGET / Math.max(1, n), 1, k);
        this.groupOf = new int[k];
        for (int c = 0; c < k; c++) {
            groupOf[c] = (int) ((long) c * groups / k);
        }
        this.upper = new double[n];
        this.lower = new float[Math.multiplyExact(n, groups)];
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

    /** A centre that moved by m can bring a point at most m closer or take it m farther: widen the bounds so. */
    private void loosenBounds(double[] moved) {
        float[] groupMoved = new float[groups];
        for (int c = 0; c < k; c++) {
            groupMoved[groupOf[c]] = (float) Math.max(groupMoved[groupOf[c]], Math.nextUp((float) moved[c]));
        }
        for (int i = 0; i < n; i++) {
            upper[i] += moved[labels[i]];
            int base = i * groups;
            for (int g = 0; g < groups; g++) {
                lower[base + g] -= groupMoved[g];
            }
        }
    }

    /**
     * Points whose nearest centre may have changed: upper bound above both their smallest lower bound and half the
     * gap from their centre to the nearest other centre.
     */
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
            float nearestOther = Float.POSITIVE_INFINITY;
            for (int g = 0; g < groups; g++) {
                nearestOther = Math.min(nearestOther, lower[i * groups + g]);
            }
            if (upper[i] > Math.max(nearestOther, halfGap[labels[i]])) {
                active[count++] = i;
            }
        }
        return Arrays.copyOf(active, count);
    }

    /**
     * Exact distances to every centre for the given points (all points when null), updating labels, bounds and sums.
     * Returns how many points changed cluster.
     */
    private int assign(float[] centers, int[] subset) {
        boolean initial = subset == null;
        int m = initial ? n : subset.length;
        if (m == 0) {
            return 0;
        }
        double maxCenterNorm = 0;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) centers[c * d + j] * centers[c * d + j];
            }
            maxCenterNorm = Math.max(maxCenterNorm, s);
        }
        double centerNorm = maxCenterNorm;
        int[] changed = new int[1];
        // Above a third of the data, one pass over the resident rows beats gathering the active ones.
        boolean fullPass = initial || m > n / 3;
        boolean[] wanted = fullPass && !initial ? new boolean[n] : null;
        if (wanted != null) {
            for (int i : subset) {
                wanted[i] = true;
            }
        }
        try (NDManager manager = points.manager.newSubManager()) {
            NDArray c = manager.create(centers, new Shape(k, d));
            NDArray cNorms = PairwiseDistances.rowSquaredNorms(c);
            if (fullPass) {
                points.forEachBlock(manager, (from, x, xNorms) -> {
                    float[] rows = PairwiseDistances.squaredEuclidean(x, xNorms, c, cNorms).toFloatArray();
                    for (int r = 0; r < rows.length / k; r++) {
                        int i = from + r;
                        if (wanted == null || wanted[i]) {
                            changed[0] += update(i, rows, r * k, initial, centerNorm);
                        }
                    }
                });
            } else {
                NDIndex take = new NDIndex("{}", manager.create(Arrays.stream(subset).asLongStream().toArray()));
                NDArray x = points.all.get(take);
                x.attach(manager);
                NDArray norms = points.norms.get(take);
                norms.attach(manager);
                float[] rows = PairwiseDistances.squaredEuclidean(x, norms, c, cNorms).toFloatArray();
                for (int r = 0; r < m; r++) {
                    changed[0] += update(subset[r], rows, r * k, false, centerNorm);
                }
            }
        }
        return changed[0];
    }

    /** Sets point i's label and bounds from its squared distances to all centres; 1 when its label changed. */
    private int update(int i, float[] rows, int at, boolean initial, double maxCenterNorm) {
        int nearest = 0;
        for (int c = 1; c < k; c++) {
            if (rows[at + c] < rows[at + nearest]) {
                nearest = c;
            }
        }
        double margin = ROUNDING * (rowNorms[i] + maxCenterNorm);
        upper[i] = Math.sqrt(Math.max(0, rows[at + nearest]) + margin);
        int base = i * groups;
        // Each group's smallest squared distance first, then one square root per group: the bound is monotone in the
        // squared distance, so this is the same bound as the smallest of the members', at k/groups fewer roots.
        Arrays.fill(lower, base, base + groups, Float.POSITIVE_INFINITY);
        for (int c = 0; c < k; c++) {
            int g = base + groupOf[c];
            if (c != nearest && rows[at + c] < lower[g]) {
                lower[g] = rows[at + c];
            }
        }
        for (int g = base; g < base + groups; g++) {
            if (lower[g] != Float.POSITIVE_INFINITY) {
                // Rounded down so the bound stays a bound in float.
                lower[g] = Math.nextDown((float) Math.sqrt(Math.max(0, lower[g] - margin)));
            }
        }
        if (initial) {
            labels[i] = nearest;
            add(i, nearest, 1);
            return 1;
        }
        if (labels[i] != nearest) {
            move(i, nearest);
            return 1;
        }
        return 0;
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
