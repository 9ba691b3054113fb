package io.latentkit.cluster;

import io.latentkit.compute.Metric;
import io.latentkit.data.Matrix;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A KD-tree (Bentley, 1975) over a fixed set of points, for HDBSCAN's exact neighbour searches and its Borůvka
 * spanning tree in low dimensions. A node splits its points at the median of its widest coordinate until it holds at
 * most {@value #LEAF_SIZE} points or all of them coincide; every node keeps the tight bounding box of its points.
 * Depth is O(log n), memory O(n d): a copy of the points in tree order plus O(n / {@value #LEAF_SIZE}) nodes.
 *
 * <p>Distances are those of {@link MutualReachability#distance}, in float64, so a search here returns exactly what
 * a search over all pairs would. A box's lower bound is computed with the same operations in the same order on
 * values no farther from the query, so by monotone rounding it never exceeds the distance to any point inside: pruning
 * on it loses nothing.
 *
 * <p>Fields are read directly by {@link Boruvka}, in this package, and are never written after the build.
 */
final class KdTree {
    static final int LEAF_SIZE = 32;
    /** Queries per parallel task; queries in tree order share most of their path, so blocks keep caches warm. */
    private static final int QUERY_BLOCK = 512;

    final Metric metric;
    final int n;
    final int d;
    /** The points in tree order, row-major. */
    final float[] x;
    /** Original index of each tree position; ascending inside each leaf, so a leaf is scanned in index order. */
    final int[] index;
    final int nodes;
    /** Node i covers tree positions start[i] .. end[i]-1. */
    final int[] start;
    final int[] end;
    /** First of a node's two children (the other is next to it), or -1 for a leaf; children follow their parent. */
    final int[] firstChild;
    /** Bounding box of each node, nodes x d. */
    final float[] low;
    final float[] high;
    /** Smallest original index under each node. */
    final int[] minIndex;
    /** Deepest node level (the root is 0). */
    final int depth;

    private KdTree(Metric metric, int n, int d, float[] x, int[] index, int nodes, int[] start, int[] end,
                   int[] firstChild, float[] low, float[] high, int[] minIndex, int depth) {
        this.metric = metric;
        this.n = n;
        this.d = d;
        this.x = x;
        this.index = index;
        this.nodes = nodes;
        this.start = start;
        this.end = end;
        this.firstChild = firstChild;
        this.low = low;
        this.high = high;
        this.minIndex = minIndex;
        this.depth = depth;
    }

    /** The tree over the rows of {@code points} (as the metric sees them, see {@link MutualReachability#space}). */
    static KdTree build(Matrix points, Metric metric) {
        Builder b = new Builder(points);
        b.split(0, 0, points.rows(), 0);
        int d = points.cols();
        float[] x = new float[points.data().length];
        for (int p = 0; p < b.index.length; p++) {
            System.arraycopy(points.data(), b.index[p] * d, x, p * d, d);
        }
        int[] minIndex = new int[b.nodes];
        for (int node = b.nodes - 1; node >= 0; node--) {
            int c = b.firstChild[node];
            minIndex[node] = c < 0 ? b.index[b.start[node]] : Math.min(minIndex[c], minIndex[c + 1]);
        }
        return new KdTree(metric, points.rows(), d, x, b.index, b.nodes, Arrays.copyOf(b.start, b.nodes),
                Arrays.copyOf(b.end, b.nodes), Arrays.copyOf(b.firstChild, b.nodes),
                Arrays.copyOf(b.low, b.nodes * d), Arrays.copyOf(b.high, b.nodes * d), minIndex, b.depth);
    }

    /** Recursive median splits over a permutation of the original rows. */
    private static final class Builder {
        private final float[] data;
        private final int d;
        private final int[] index;
        private final int[] start;
        private final int[] end;
        private final int[] firstChild;
        private final float[] low;
        private final float[] high;
        private int nodes = 1;
        private int depth;

        Builder(Matrix points) {
            int n = points.rows();
            data = points.data();
            d = points.cols();
            index = IntStream.range(0, n).toArray();
            // Splits leave at least LEAF_SIZE / 2 points per side, so there are at most n / (LEAF_SIZE / 2) leaves.
            int capacity = 2 * (n / (LEAF_SIZE / 2) + 1);
            start = new int[capacity];
            end = new int[capacity];
            firstChild = new int[capacity];
            low = new float[capacity * d];
            high = new float[capacity * d];
        }

        void split(int node, int from, int to, int level) {
            start[node] = from;
            end[node] = to;
            depth = Math.max(depth, level);
            int box = node * d;
            for (int c = 0; c < d; c++) {
                low[box + c] = Float.POSITIVE_INFINITY;
                high[box + c] = Float.NEGATIVE_INFINITY;
            }
            for (int p = from; p < to; p++) {
                int row = index[p] * d;
                for (int c = 0; c < d; c++) {
                    low[box + c] = Math.min(low[box + c], data[row + c]);
                    high[box + c] = Math.max(high[box + c], data[row + c]);
                }
            }
            int widest = 0;
            for (int c = 1; c < d; c++) {
                if ((double) high[box + c] - low[box + c] > (double) high[box + widest] - low[box + widest]) {
                    widest = c;
                }
            }
            if (to - from <= LEAF_SIZE || high[box + widest] == low[box + widest]) {
                firstChild[node] = -1;
                Arrays.sort(index, from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            select(from, to, mid, widest);
            int child = nodes;
            nodes += 2;
            firstChild[node] = child;
            split(child, from, mid, level + 1);
            split(child + 1, mid, to, level + 1);
        }

        /** Reorders index[from, to) so that position k holds its k-th value on coordinate c (three-way quickselect). */
        private void select(int from, int to, int k, int c) {
            int lo = from;
            int hi = to;
            while (hi - lo > 1) {
                float pivot = medianOfThree(value(lo, c), value((lo + hi) >>> 1, c), value(hi - 1, c));
                int lt = lo;
                int gt = hi;
                int i = lo;
                while (i < gt) {
                    float v = value(i, c);
                    if (v < pivot) {
                        swap(i++, lt++);
                    } else if (v > pivot) {
                        swap(i, --gt);
                    } else {
                        i++;
                    }
                }
                if (k < lt) {
                    hi = lt;
                } else if (k >= gt) {
                    lo = gt;
                } else {
                    return;
                }
            }
        }

        private float value(int p, int c) {
            return data[index[p] * d + c];
        }

        private void swap(int a, int b) {
            int t = index[a];
            index[a] = index[b];
            index[b] = t;
        }

        private static float medianOfThree(float a, float b, float c) {
            return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
    }

    /** Distance from a query (from {@code offset} in {@code q}) to the point at tree position {@code p}. */
    double distance(float[] q, int offset, int p) {
        return MutualReachability.distance(q, offset, x, p * d, d, metric);
    }

    /** A lower bound on the distance from a query to every point of {@code node}: the distance to its box. */
    double boxDistance(float[] q, int offset, int node) {
        int box = node * d;
        double sq = 0;
        for (int c = 0; c < d; c++) {
            double v = q[offset + c];
            double diff = v < low[box + c] ? v - low[box + c] : v > high[box + c] ? v - high[box + c] : 0;
            sq += diff * diff;
        }
        return metric == Metric.COSINE ? sq / 2 : Math.sqrt(sq);
    }

    /** Nodes a depth-first search can have pending at once: one sibling per level, plus the children of a node. */
    int stackSize() {
        return depth + 2;
    }

    /**
     * The {@code k} nearest tree points of every row of {@code queries}, by exact distance, ties by lower index (as
     * {@link MutualReachability#nearestInTiles}). With {@code excludeSelf} the queries are the tree's own points and
     * each skips itself. Queries run in parallel blocks; each result depends only on its query.
     */
    MutualReachability.Nearest nearest(Matrix queries, int k, boolean excludeSelf) {
        int m = queries.rows();
        int[] indices = new int[Math.multiplyExact(m, k)];
        double[] distances = new double[indices.length];
        IntStream.range(0, (m + QUERY_BLOCK - 1) / QUERY_BLOCK).parallel().forEach(block -> {
            Knn search = new Knn(k);
            for (int i = block * QUERY_BLOCK; i < Math.min(m, (block + 1) * QUERY_BLOCK); i++) {
                // Own points are taken in tree order, for locality; the row written is the point's own.
                int row = excludeSelf ? index[i] : i;
                float[] q = excludeSelf ? x : queries.data();
                search.run(q, i * d, excludeSelf ? row : -1);
                search.copyTo(indices, distances, row * k);
            }
        });
        return MutualReachability.Nearest.exact(k, indices, distances);
    }

    /**
     * For every own point (by original index), the other points within {@code radius} (distance <= radius), as
     * ascending original indices. Queries run in parallel blocks; each result depends only on its query.
     */
    int[][] withinRadius(double radius) {
        int[][] out = new int[n][];
        IntStream.range(0, (n + QUERY_BLOCK - 1) / QUERY_BLOCK).parallel().forEach(block -> {
            int[] stack = new int[stackSize() * 2];
            int[] found = new int[64];
            for (int i = block * QUERY_BLOCK; i < Math.min(n, (block + 1) * QUERY_BLOCK); i++) {
                int self = index[i];
                int count = 0;
                int top = 0;
                stack[top++] = 0;
                while (top > 0) {
                    int node = stack[--top];
                    if (boxDistance(x, i * d, node) > radius) {
                        continue;
                    }
                    int child = firstChild[node];
                    if (child >= 0) {
                        stack[top++] = child;
                        stack[top++] = child + 1;
                        continue;
                    }
                    for (int p = start[node]; p < end[node]; p++) {
                        if (index[p] != self && distance(x, i * d, p) <= radius) {
                            if (count == found.length) {
                                found = Arrays.copyOf(found, 2 * count);
                            }
                            found[count++] = index[p];
                        }
                    }
                }
                int[] list = Arrays.copyOf(found, count);
                Arrays.sort(list);
                out[self] = list;
            }
        });
        return out;
    }

    /** One query's k-nearest search: a bounded max-heap by (distance, index) and a depth-first node stack. */
    private final class Knn {
        private final int k;
        private final double[] heapDistance;
        private final int[] heapIndex;
        private final int[] stackNode = new int[stackSize()];
        private final double[] stackBound = new double[stackSize()];
        private int size;

        Knn(int k) {
            this.k = k;
            heapDistance = new double[k];
            heapIndex = new int[k];
        }

        void run(float[] q, int offset, int self) {
            size = 0;
            int top = 0;
            stackNode[top] = 0;
            stackBound[top++] = boxDistance(q, offset, 0);
            while (top > 0) {
                int node = stackNode[--top];
                if (size == k && stackBound[top] > heapDistance[0]) {
                    continue;
                }
                int child = firstChild[node];
                if (child < 0) {
                    for (int p = start[node]; p < end[node]; p++) {
                        if (index[p] != self) {
                            offer(distance(q, offset, p), index[p]);
                        }
                    }
                    continue;
                }
                double near = boxDistance(q, offset, child);
                double far = boxDistance(q, offset, child + 1);
                // The nearer child goes on top, to be searched first.
                int first = near <= far ? child + 1 : child;
                stackNode[top] = first;
                stackBound[top++] = Math.max(near, far);
                stackNode[top] = first == child ? child + 1 : child;
                stackBound[top++] = Math.min(near, far);
            }
        }

        private void offer(double dist, int j) {
            if (size < k) {
                heapDistance[size] = dist;
                heapIndex[size] = j;
                siftUp(size++);
            } else if (dist < heapDistance[0] || (dist == heapDistance[0] && j < heapIndex[0])) {
                heapDistance[0] = dist;
                heapIndex[0] = j;
                siftDown(0);
            }
        }

        private boolean worse(int a, int b) {
            return heapDistance[a] > heapDistance[b] || (heapDistance[a] == heapDistance[b] && heapIndex[a] > heapIndex[b]);
        }

        private void siftUp(int i) {
            while (i > 0 && worse(i, (i - 1) / 2)) {
                swap(i, (i - 1) / 2);
                i = (i - 1) / 2;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int worst = i;
                for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
                    if (worse(c, worst)) {
                        worst = c;
                    }
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            double t = heapDistance[a];
            heapDistance[a] = heapDistance[b];
            heapDistance[b] = t;
            int u = heapIndex[a];
            heapIndex[a] = heapIndex[b];
            heapIndex[b] = u;
        }

        /** Writes the k found, nearest first, emptying the heap. */
        void copyTo(int[] indices, double[] distances, int at) {
            for (int r = size - 1; r >= 0; r--) {
                indices[at + r] = heapIndex[0];
                distances[at + r] = heapDistance[0];
                swap(0, r);
                size = r;
                siftDown(0);
            }
        }
    }
}
