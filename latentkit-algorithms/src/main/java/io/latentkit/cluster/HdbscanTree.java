package io.latentkit.cluster;

import java.util.Arrays;

/**
 * HDBSCAN's condensed cluster tree, in the hdbscan library's layout ({@code condensed_tree_}): one row per edge,
 * {@code (parent, child, lambda, childSize)}. Points are ids {@code 0 .. nPoints-1}; clusters are ids from
 * {@code nPoints} on, the root being {@code nPoints}, and a cluster's id is always greater than its parent's. A point
 * row says at which lambda = 1 / distance the point fell out of its parent cluster; a cluster row says at which
 * lambda the cluster was born by a split of its parent into two parts of at least {@code minClusterSize} points.
 *
 * @param nPoints   number of points
 * @param parent    parent cluster of each row
 * @param child     the point or cluster of each row
 * @param lambda    1 / mutual reachability distance at which the child left the parent (infinite for distance 0)
 * @param childSize points in the child (1 for a point)
 */
public record HdbscanTree(int nPoints, int[] parent, int[] child, double[] lambda, int[] childSize) {
    public HdbscanTree {
        int rows = parent.length;
        if (nPoints < 1 || child.length != rows || lambda.length != rows || childSize.length != rows) {
            throw new IllegalArgumentException("a condensed tree needs equally long rows and >= 1 point");
        }
        for (int r = 0; r < rows; r++) {
            if (parent[r] < nPoints || (child[r] >= nPoints && child[r] <= parent[r])) {
                throw new IllegalArgumentException("row " + r + ": a parent must be a cluster with a smaller id than"
                        + " its child clusters, got " + parent[r] + " -> " + child[r]);
            }
        }
    }

    /**
     * Condenses a single-linkage hierarchy, top-down: at each split whose two sides both hold at least
     * {@code minClusterSize} points, two new clusters are born; otherwise the points of each smaller side fall out of
     * the current cluster at that split's lambda and the cluster continues as the larger side.
     */
    static HdbscanTree condense(Dendrogram hierarchy, int minClusterSize) {
        int n = hierarchy.nLeaves();
        Rows rows = new Rows(2 * n);
        int[] label = new int[2 * n - 1];
        Arrays.fill(label, -1);
        label[2 * n - 2] = n;
        int next = n + 1;
        int[] stack = new int[n];
        // A parent node's id is greater than its children's, so descending ids visit the hierarchy top-down.
        for (int node = 2 * n - 2; node >= n; node--) {
            if (label[node] < 0) {
                continue;
            }
            int merge = node - n;
            double h = hierarchy.distance(merge);
            double lambda = h > 0 ? 1 / h : Double.POSITIVE_INFINITY;
            int[] sides = {hierarchy.left(merge), hierarchy.right(merge)};
            boolean split = size(hierarchy, sides[0]) >= minClusterSize && size(hierarchy, sides[1]) >= minClusterSize;
            for (int side : sides) {
                if (split) {
                    label[side] = next++;
                    rows.add(label[node], label[side], lambda, size(hierarchy, side));
                } else if (size(hierarchy, side) >= minClusterSize) {
                    label[side] = label[node];
                } else {
                    fallOut(hierarchy, side, label[node], lambda, rows, stack);
                }
            }
        }
        return rows.build(n);
    }

    private static int size(Dendrogram hierarchy, int node) {
        return node < hierarchy.nLeaves() ? 1 : hierarchy.size(node - hierarchy.nLeaves());
    }

    /** Adds a row for every point under {@code node}, leaving {@code cluster} at {@code lambda}. */
    private static void fallOut(Dendrogram hierarchy, int node, int cluster, double lambda, Rows rows, int[] stack) {
        int n = hierarchy.nLeaves();
        int top = 0;
        stack[top++] = node;
        while (top > 0) {
            int v = stack[--top];
            if (v < n) {
                rows.add(cluster, v, lambda, 1);
            } else {
                stack[top++] = hierarchy.left(v - n);
                stack[top++] = hierarchy.right(v - n);
            }
        }
    }

    /** Growing row arrays. */
    private static final class Rows {
        private int[] parent;
        private int[] child;
        private double[] lambda;
        private int[] size;
        private int count;

        Rows(int capacity) {
            parent = new int[capacity];
            child = new int[capacity];
            lambda = new double[capacity];
            size = new int[capacity];
        }

        void add(int p, int c, double l, int s) {
            parent[count] = p;
            child[count] = c;
            lambda[count] = l;
            size[count] = s;
            count++;
        }

        HdbscanTree build(int n) {
            return new HdbscanTree(n, Arrays.copyOf(parent, count), Arrays.copyOf(child, count),
                    Arrays.copyOf(lambda, count), Arrays.copyOf(size, count));
        }
    }

    @Override
    public int[] parent() {
        return parent.clone();
    }

    @Override
    public int[] child() {
        return child.clone();
    }

    @Override
    public double[] lambda() {
        return lambda.clone();
    }

    @Override
    public int[] childSize() {
        return childSize.clone();
    }

    /** Number of clusters in the tree, the root included (ids {@code nPoints .. nPoints + clusterCount() - 1}). */
    public int clusterCount() {
        int max = nPoints;
        for (int c : child) {
            max = Math.max(max, c);
        }
        return max - nPoints + 1;
    }

    /**
     * The stability of each cluster (index: id - nPoints): the sum over its rows of (lambda - lambda at its birth)
     * x child size (Campello et al., 2013).
     */
    public double[] stability() {
        double[] birth = births();
        double[] out = new double[clusterCount()];
        for (int r = 0; r < parent.length; r++) {
            int p = parent[r] - nPoints;
            out[p] += (lambda[r] - birth[p]) * childSize[r];
        }
        return out;
    }

    /** Parent cluster id of each cluster (index: id - nPoints); -1 for the root. */
    int[] clusterParents() {
        int[] up = new int[clusterCount()];
        up[0] = -1;
        for (int r = 0; r < parent.length; r++) {
            if (child[r] >= nPoints) {
                up[child[r] - nPoints] = parent[r];
            }
        }
        return up;
    }

    /** Lambda at which each cluster was born (index: id - nPoints); 0 for the root. */
    double[] births() {
        double[] birth = new double[clusterCount()];
        for (int r = 0; r < parent.length; r++) {
            if (child[r] >= nPoints) {
                birth[child[r] - nPoints] = lambda[r];
            }
        }
        return birth;
    }

    /** The row of each point. */
    int[] pointRows() {
        int[] out = new int[nPoints];
        Arrays.fill(out, -1);
        for (int r = 0; r < child.length; r++) {
            if (child[r] < nPoints) {
                out[child[r]] = r;
            }
        }
        return out;
    }

    /**
     * The selected clusters, ascending ids.
     *
     * @param method             excess of mass, or the leaves of the cluster tree
     * @param epsilon            each selected cluster born below this distance is replaced by its first ancestor
     *                           born at or above it (a child of the root stays unless the root may be selected)
     * @param allowSingleCluster whether the root is a candidate
     */
    int[] select(Hdbscan.SelectionMethod method, double epsilon, boolean allowSingleCluster) {
        int k = clusterCount();
        int[] up = clusterParents();
        boolean[] chosen = new boolean[k];
        boolean[] hasChildren = new boolean[k];
        for (int c = 1; c < k; c++) {
            hasChildren[up[c] - nPoints] = true;
        }
        int first = allowSingleCluster ? 0 : 1;
        if (method == Hdbscan.SelectionMethod.EOM) {
            double[] stability = stability();
            double[] childTotal = new double[k];
            for (int c = k - 1; c >= first; c--) {
                if (childTotal[c] > stability[c]) {
                    stability[c] = childTotal[c];
                } else {
                    chosen[c] = true;
                }
                if (c > 0) {
                    childTotal[up[c] - nPoints] += stability[c];
                }
            }
        } else {
            for (int c = 1; c < k; c++) {
                chosen[c] = !hasChildren[c];
            }
            chosen[0] = allowSingleCluster && k == 1;
        }
        chosen = outermost(chosen, up);
        if (epsilon > 0 && !chosen[0]) {
            double[] birth = births();
            boolean[] lifted = new boolean[k];
            for (int c = 1; c < k; c++) {
                if (chosen[c]) {
                    int x = c;
                    while (x > 0 && 1 / birth[x] < epsilon) {
                        int p = up[x] - nPoints;
                        if (p == 0) {
                            x = allowSingleCluster ? 0 : x;
                            break;
                        }
                        x = p;
                    }
                    lifted[x] = true;
                }
            }
            chosen = outermost(lifted, up);
        }
        int count = 0;
        int[] out = new int[k];
        for (int c = 0; c < k; c++) {
            if (chosen[c]) {
                out[count++] = c + nPoints;
            }
        }
        return Arrays.copyOf(out, count);
    }

    /** The marked clusters that have no marked ancestor. */
    private boolean[] outermost(boolean[] marked, int[] up) {
        boolean[] covered = new boolean[marked.length];
        boolean[] out = new boolean[marked.length];
        for (int c = 0; c < marked.length; c++) {
            boolean ancestorCovered = c > 0 && covered[up[c] - nPoints];
            out[c] = marked[c] && !ancestorCovered;
            covered[c] = marked[c] || ancestorCovered;
        }
        return out;
    }
}
