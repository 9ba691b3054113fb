package io.latentkit.compute;

import java.util.Arrays;

/**
 * A bounded random sample of NN-descent candidates per point: each point keeps at most {@code capacity} candidates,
 * those with the smallest random priorities (a max-heap on priority), so that heavily reverse-linked points do not
 * flood the local joins.
 */
final class CandidateLists {
    private final int capacity;
    private final int[] indices;
    private final float[] priorities;
    private final int[] counts;

    CandidateLists(int n, int capacity) {
        this.capacity = capacity;
        this.indices = new int[Math.multiplyExact(n, capacity)];
        this.priorities = new float[indices.length];
        this.counts = new int[n];
    }

    void clear() {
        Arrays.fill(counts, 0);
    }

    int count(int i) {
        return counts[i];
    }

    int get(int i, int r) {
        return indices[i * capacity + r];
    }

    boolean contains(int i, int j) {
        int base = i * capacity;
        for (int s = base; s < base + counts[i]; s++) {
            if (indices[s] == j) {
                return true;
            }
        }
        return false;
    }

    /** Offers candidate j to point i with the given priority (lower is kept first); duplicates are ignored. */
    void offer(int i, int j, float priority) {
        int base = i * capacity;
        int c = counts[i];
        if (c == capacity && !(priority < priorities[base])) {
            return;
        }
        if (contains(i, j)) {
            return;
        }
        if (c < capacity) {
            int pos = c;
            while (pos > 0) {
                int parent = (pos - 1) / 2;
                if (priorities[base + parent] >= priority) {
                    break;
                }
                indices[base + pos] = indices[base + parent];
                priorities[base + pos] = priorities[base + parent];
                pos = parent;
            }
            indices[base + pos] = j;
            priorities[base + pos] = priority;
            counts[i] = c + 1;
            return;
        }
        int pos = 0;
        while (true) {
            int left = 2 * pos + 1;
            if (left >= capacity) {
                break;
            }
            int right = left + 1;
            int child = right < capacity && priorities[base + right] > priorities[base + left] ? right : left;
            if (priorities[base + child] <= priority) {
                break;
            }
            indices[base + pos] = indices[base + child];
            priorities[base + pos] = priorities[base + child];
            pos = child;
        }
        indices[base + pos] = j;
        priorities[base + pos] = priority;
    }
}
