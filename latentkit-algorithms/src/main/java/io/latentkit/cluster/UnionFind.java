package io.latentkit.cluster;

import java.util.stream.IntStream;

/**
 * Disjoint sets over 0..n-1 for the Borůvka spanning trees, each set named by its smallest member (so a component's
 * name does not depend on the order of the unions), with path halving.
 */
final class UnionFind {
    private final int[] parent;

    UnionFind(int n) {
        parent = IntStream.range(0, n).toArray();
    }

    int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Joins the sets of a and b; false when they were already one. */
    boolean union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return false;
        }
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
        return true;
    }
}
