package io.latentkit.cluster;

/**
 * Items 0..n-1 in a binary heap by a key, smallest first, lower item first on equal keys; keys change in place and
 * items leave, in O(log n) each.
 */
final class IndexedMinHeap {
    private final double[] key;
    private final int[] heap;
    private final int[] where;
    private int size;

    /** A heap of every item, keyed by a copy of {@code keys}. */
    IndexedMinHeap(double[] keys) {
        size = keys.length;
        key = keys.clone();
        heap = new int[size];
        where = new int[size];
        for (int i = 0; i < size; i++) {
            heap[i] = i;
            where[i] = i;
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            down(i);
        }
    }

    int top() {
        return heap[0];
    }

    void set(int item, double k) {
        double old = key[item];
        key[item] = k;
        if (k < old) {
            up(where[item]);
        } else {
            down(where[item]);
        }
    }

    void remove(int item) {
        int at = where[item];
        int last = heap[--size];
        where[item] = -1;
        if (at == size) {
            return;
        }
        heap[at] = last;
        where[last] = at;
        up(at);
        down(where[last]);
    }

    private boolean before(int i, int j) {
        return key[i] < key[j] || key[i] == key[j] && i < j;
    }

    private void up(int at) {
        int item = heap[at];
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!before(item, heap[parent])) {
                break;
            }
            place(heap[parent], at);
            at = parent;
        }
        place(item, at);
    }

    private void down(int at) {
        int item = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], item)) {
                break;
            }
            place(heap[child], at);
            at = child;
        }
        place(item, at);
    }

    private void place(int item, int at) {
        heap[at] = item;
        where[item] = at;
    }
}
