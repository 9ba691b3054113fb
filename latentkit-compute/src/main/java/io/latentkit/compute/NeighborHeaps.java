package io.latentkit.compute;

import java.util.Arrays;

/**
 * The running k best neighbours of every point, as flat arrays: point i owns slots [i*k, (i+1)*k), kept as a
 * max-heap on distance so the root is the worst kept neighbour (the admission threshold). Each slot carries a
 * "new" flag for NN-descent (a neighbour not yet used in a local join). Empty slots hold index -1 at +infinity.
 */
final class NeighborHeaps {
    private final int n;
    private final int k;
    private final int[] indices;
    private final float[] distances;
    private final boolean[] fresh;

    NeighborHeaps(int n, int k) {
        this.n = n;
        this.k = k;
        this.indices = new int[Math.multiplyExact(n, k)];
        this.distances = new float[indices.length];
        this.fresh = new boolean[indices.length];
        Arrays.fill(indices, -1);
        Arrays.fill(distances, Float.POSITIVE_INFINITY);
    }

    int k() {
        return k;
    }

    /** The distance a candidate must beat to enter point i's heap. */
    float threshold(int i) {
        return distances[i * k];
    }

    /** Whether point i still has an empty slot. */
    boolean hasEmptySlot(int i) {
        return indices[i * k] < 0;
    }

    int index(int slot) {
        return indices[slot];
    }

    boolean isFresh(int slot) {
        return fresh[slot];
    }

    void markOld(int slot) {
        fresh[slot] = false;
    }

    /** Whether point i's heap holds j. */
    boolean contains(int i, int j) {
        return slotOf(i, j) >= 0;
    }

    /** The slot of j in point i's heap, or -1. */
    int slotOf(int i, int j) {
        int base = i * k;
        for (int s = base; s < base + k; s++) {
            if (indices[s] == j) {
                return s;
            }
        }
        return -1;
    }

    /** The distance kept in a slot. */
    float distance(int slot) {
        return distances[slot];
    }

    /**
     * Offers j at distance d to point i's heap: admitted (as new) when closer than the current worst and not
     * already kept. Returns whether the heap changed.
     */
    boolean push(int i, int j, float d) {
        int base = i * k;
        if (!(d < distances[base])) {
            return false;
        }
        if (contains(i, j)) {
            return false;
        }
        int pos = 0;
        while (true) {
            int left = 2 * pos + 1;
            if (left >= k) {
                break;
            }
            int right = left + 1;
            int child = right < k && distances[base + right] > distances[base + left] ? right : left;
            if (distances[base + child] <= d) {
                break;
            }
            indices[base + pos] = indices[base + child];
            distances[base + pos] = distances[base + child];
            fresh[base + pos] = fresh[base + child];
            pos = child;
        }
        indices[base + pos] = j;
        distances[base + pos] = d;
        fresh[base + pos] = true;
        return true;
    }

    /**
     * The heaps as a {@link Neighbors} graph, each row nearest first (ties by lower index), with kernel distances
     * (squared Euclidean on the prepared rows) converted to the metric's reported distance.
     */
    Neighbors toNeighbors(Metric metric) {
        int[] outIdx = new int[indices.length];
        float[] outDist = new float[indices.length];
        long[] keys = new long[k];
        for (int i = 0; i < n; i++) {
            int base = i * k;
            for (int r = 0; r < k; r++) {
                // Non-negative floats order like their bit patterns, so (distance, index) sorts as one long.
                keys[r] = ((long) Float.floatToIntBits(distances[base + r]) << 32) | indices[base + r];
            }
            Arrays.sort(keys);
            for (int r = 0; r < k; r++) {
                float sq = Float.intBitsToFloat((int) (keys[r] >>> 32));
                outIdx[base + r] = (int) keys[r];
                // Rows are unit length for cosine, where |a-b|^2 = 2 - 2cos: the cosine distance is half of it.
                outDist[base + r] = metric == Metric.COSINE ? sq / 2f : (float) Math.sqrt(sq);
            }
        }
        return new Neighbors(k, outIdx, outDist);
    }
}
