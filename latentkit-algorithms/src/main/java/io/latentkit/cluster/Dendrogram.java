package io.latentkit.cluster;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The merge list of a hierarchical clustering, in scipy's linkage layout (what reports need to draw a dendrogram).
 * Merge i joins clusters {@code left(i)} and {@code right(i)} (ids below {@code nLeaves} are items, id
 * {@code nLeaves + j} is the cluster formed by merge j; left < right) at height {@code distance(i)} into a cluster
 * of {@code size(i)} items. Merges are in non-decreasing height.
 *
 * @param nLeaves   number of items
 * @param children  (nLeaves - 1) x 2 row-major: left and right id of each merge
 * @param distances merge heights
 * @param sizes     items in the cluster each merge forms
 */
public record Dendrogram(int nLeaves, int[] children, double[] distances, int[] sizes) {
    public Dendrogram {
        int merges = Math.max(0, nLeaves - 1);
        if (nLeaves < 1 || children.length != 2 * merges || distances.length != merges || sizes.length != merges) {
            throw new IllegalArgumentException("a dendrogram of " + nLeaves + " items has " + merges + " merges");
        }
    }

    /**
     * Orders merges found in any order by height (stably, so equal heights keep the order they were found in) and
     * names clusters as scipy does. Each merge is given by one item of each of the two clusters it joins.
     */
    static Dendrogram fromMerges(int nLeaves, int[] itemA, int[] itemB, double[] height) {
        Integer[] order = IntStream.range(0, height.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> height[i]));
        // Union-find over cluster ids 0 .. 2n-2: a merge's new id becomes the parent of both roots.
        int[] parent = IntStream.range(0, 2 * nLeaves - 1).toArray();
        int[] size = new int[2 * nLeaves - 1];
        Arrays.fill(size, 0, nLeaves, 1);
        int[] children = new int[2 * height.length];
        double[] distances = new double[height.length];
        int[] sizes = new int[height.length];
        for (int m = 0; m < order.length; m++) {
            int a = root(parent, itemA[order[m]]);
            int b = root(parent, itemB[order[m]]);
            int id = nLeaves + m;
            children[2 * m] = Math.min(a, b);
            children[2 * m + 1] = Math.max(a, b);
            distances[m] = height[order[m]];
            size[id] = size[a] + size[b];
            sizes[m] = size[id];
            parent[a] = id;
            parent[b] = id;
        }
        return new Dendrogram(nLeaves, children, distances, sizes);
    }

    private static int root(int[] parent, int x) {
        int r = x;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[x] != r) {
            int next = parent[x];
            parent[x] = r;
            x = next;
        }
        return r;
    }

    public int left(int merge) {
        return children[2 * merge];
    }

    public int right(int merge) {
        return children[2 * merge + 1];
    }

    public double distance(int merge) {
        return distances[merge];
    }

    public int size(int merge) {
        return sizes[merge];
    }

    public int[] children() {
        return children.clone();
    }

    public double[] distances() {
        return distances.clone();
    }

    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * The number of clusters left when every merge below {@code threshold} is made (scikit-learn's
     * {@code distance_threshold}: clusters at or above it are not merged).
     */
    public int clustersBelow(double threshold) {
        return 1 + (int) Arrays.stream(distances).filter(h -> h >= threshold).count();
    }

    /**
     * Labels after the first {@code nLeaves - k} merges, numbered by first appearance: item 0 is in cluster 0, the
     * next item not in cluster 0 opens cluster 1, and so on (scikit-learn's numbering is arbitrary; this one is
     * reproducible).
     */
    public int[] cut(int k) {
        if (k < 1 || k > nLeaves) {
            throw new IllegalArgumentException("k must be in [1, " + nLeaves + "], got " + k);
        }
        int[] parent = IntStream.range(0, 2 * nLeaves - 1).toArray();
        for (int m = 0; m < nLeaves - k; m++) {
            parent[left(m)] = nLeaves + m;
            parent[right(m)] = nLeaves + m;
        }
        int[] labelOfRoot = new int[2 * nLeaves - 1];
        Arrays.fill(labelOfRoot, -1);
        int[] labels = new int[nLeaves];
        int next = 0;
        for (int i = 0; i < nLeaves; i++) {
            int r = root(parent, i);
            if (labelOfRoot[r] < 0) {
                labelOfRoot[r] = next++;
            }
            labels[i] = labelOfRoot[r];
        }
        return labels;
    }
}
