package io.latentkit.reduce;

import java.util.Arrays;

/**
 * A quadtree (2-D) or octree (3-D) over a set of points for Barnes-Hut summation (van der Maaten 2014), held in
 * flat arrays: a node covers a contiguous range of a permutation of the points and its non-empty children are
 * stored next to each other, so a query walks arrays and allocates nothing.
 *
 * <p>A node is split until it holds one point, or until {@value #MAX_DEPTH} levels, where the remaining (nearly
 * coincident) points form one leaf that is summed point by point.
 */
final class SpaceTree {
    private static final int MAX_DEPTH = 48;

    private final int dim;
    private final double[] points;
    private final int[] order;
    private final int[] scratch;
    private final int[] bucketBounds;
    private final int[] bucketFill;
    private final double[] centres;
    private int nodes;
    private double[] centreOfMass;
    private double[] side;
    private int[] start;
    private int[] size;
    private int[] firstChild;
    private int[] childCount;

    private SpaceTree(double[] points, int n, int dim) {
        this.dim = dim;
        this.points = points;
        this.order = new int[n];
        this.scratch = new int[n];
        this.bucketBounds = new int[(MAX_DEPTH + 1) * ((1 << dim) + 1)];
        this.bucketFill = new int[1 << dim];
        this.centres = new double[(MAX_DEPTH + 1) * dim];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        allocate(2 * n + 1);
    }

    /** The tree over the first n points of {@code points} (row-major, dim columns); the array is read, not copied. */
    static SpaceTree build(double[] points, int n, int dim) {
        SpaceTree tree = new SpaceTree(points, n, dim);
        double[] low = new double[dim];
        double[] high = new double[dim];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dim; a++) {
                low[a] = Math.min(low[a], points[i * dim + a]);
                high[a] = Math.max(high[a], points[i * dim + a]);
            }
        }
        double width = 0;
        for (int a = 0; a < dim; a++) {
            width = Math.max(width, high[a] - low[a]);
            tree.centres[a] = (low[a] + high[a]) / 2;
        }
        tree.nodes = 1;
        tree.split(0, 0, n, width * (1 + 1e-9) + Double.MIN_NORMAL, 0);
        return tree;
    }

    private void allocate(int capacity) {
        centreOfMass = centreOfMass == null ? new double[capacity * dim] : Arrays.copyOf(centreOfMass, capacity * dim);
        side = side == null ? new double[capacity] : Arrays.copyOf(side, capacity);
        start = start == null ? new int[capacity] : Arrays.copyOf(start, capacity);
        size = size == null ? new int[capacity] : Arrays.copyOf(size, capacity);
        firstChild = firstChild == null ? new int[capacity] : Arrays.copyOf(firstChild, capacity);
        childCount = childCount == null ? new int[capacity] : Arrays.copyOf(childCount, capacity);
    }

    /**
     * Fills node {@code node} over order[from, to), whose cell has this side and its centre at
     * {@code centres[depth * dim ..]}, then its children; per-level scratch space keeps the build allocation-free.
     */
    private void split(int node, int from, int to, double width, int depth) {
        start[node] = from;
        size[node] = to - from;
        side[node] = width;
        for (int e = from; e < to; e++) {
            for (int a = 0; a < dim; a++) {
                centreOfMass[node * dim + a] += points[order[e] * dim + a];
            }
        }
        for (int a = 0; a < dim; a++) {
            centreOfMass[node * dim + a] /= to - from;
        }
        firstChild[node] = -1;
        childCount[node] = 0;
        if (to - from == 1 || depth == MAX_DEPTH) {
            return;
        }
        int orthants = 1 << dim;
        int centre = depth * dim;
        int bounds = depth * (orthants + 1);
        Arrays.fill(bucketBounds, bounds, bounds + orthants + 1, 0);
        for (int e = from; e < to; e++) {
            bucketBounds[bounds + orthant(order[e], centre) + 1]++;
        }
        for (int b = 0; b < orthants; b++) {
            bucketBounds[bounds + b + 1] += bucketBounds[bounds + b];
        }
        System.arraycopy(bucketBounds, bounds, bucketFill, 0, orthants);
        for (int e = from; e < to; e++) {
            scratch[from + bucketFill[orthant(order[e], centre)]++] = order[e];
        }
        System.arraycopy(scratch, from, order, from, to - from);
        int children = 0;
        for (int b = 0; b < orthants; b++) {
            children += bucketBounds[bounds + b + 1] > bucketBounds[bounds + b] ? 1 : 0;
        }
        if (nodes + children > side.length) {
            allocate(Math.max(nodes + children, side.length + side.length / 2));
        }
        int child = nodes;
        firstChild[node] = child;
        childCount[node] = children;
        nodes += children;
        for (int b = 0; b < orthants; b++) {
            int lo = bucketBounds[bounds + b];
            int hi = bucketBounds[bounds + b + 1];
            if (hi == lo) {
                continue;
            }
            for (int a = 0; a < dim; a++) {
                centres[centre + dim + a] = centres[centre + a] + ((b >> a & 1) == 1 ? width / 4 : -width / 4);
            }
            split(child++, from + lo, from + hi, width / 2, depth + 1);
        }
    }

    private int orthant(int point, int centre) {
        int code = 0;
        for (int a = 0; a < dim; a++) {
            code |= points[point * dim + a] > centres[centre + a] ? 1 << a : 0;
        }
        return code;
    }

    /**
     * Barnes-Hut repulsion on a position {@code y[yOffset ..]}: adds sum_j w_j t_j (y - y_j) to
     * {@code force[yOffset ..]} and returns sum_j w_j, over the tree's points other than {@code self} (-1: none),
     * where w and t are the kernel's weight and force factor. A cell whose side is below theta times its distance
     * is taken as all its points at its centre of mass; theta 0 visits every point.
     */
    double repulse(double[] y, int yOffset, int self, double theta, TsneKernel kernel, double[] force) {
        return repulse(0, y, yOffset, self, theta * theta, kernel, force);
    }

    private double repulse(int node, double[] y, int yOffset, int self, double theta2, TsneKernel kernel,
                           double[] force) {
        if (firstChild[node] < 0 && (size[node] > 1 || order[start[node]] == self)) {
            double z = 0;
            for (int e = start[node]; e < start[node] + size[node]; e++) {
                if (order[e] != self) {
                    z += kernel.repulse(y, yOffset, points, order[e] * dim, 1, force);
                }
            }
            return z;
        }
        if (firstChild[node] < 0
                || side[node] * side[node] < theta2 * kernel.squaredDistance(y, yOffset, centreOfMass, node * dim)) {
            return kernel.repulse(y, yOffset, centreOfMass, node * dim, size[node], force);
        }
        double z = 0;
        for (int c = firstChild[node]; c < firstChild[node] + childCount[node]; c++) {
            z += repulse(c, y, yOffset, self, theta2, kernel, force);
        }
        return z;
    }
}
