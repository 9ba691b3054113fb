package io.latentkit.compute;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A random-projection tree's leaves: points are split recursively by the hyperplane equidistant from two random
 * points of the node until at most {@code leafSize} remain, so each leaf holds points that are likely close.
 * Leaf {@code l} is {@code order[leafStart(l) .. leafStart(l + 1))}. Cost O(n d depth); memory O(n).
 */
record RandomProjectionTree(int[] order, int[] leafStarts) {

    int leaves() {
        return leafStarts.length - 1;
    }

    int leafStart(int leaf) {
        return leafStarts[leaf];
    }

    /**
     * Builds one tree over the n rows of x (row-major, d columns). Points exactly on a hyperplane go to a random
     * side; a split that leaves one side empty (duplicate points) falls back to halving the node.
     */
    static RandomProjectionTree build(float[] x, int n, int d, int leafSize, SplittableRandom rng) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        int[] scratch = new int[n];
        float[] normal = new float[d];
        // Pending nodes as (from, to) pairs; bounded by the tree depth times two.
        int[] stack = new int[64];
        int top = 0;
        int[] starts = new int[Math.max(2, 2 * n / Math.max(1, leafSize) + 2)];
        int leaves = 0;
        stack[top++] = 0;
        stack[top++] = n;
        while (top > 0) {
            int to = stack[--top];
            int from = stack[--top];
            if (to - from <= leafSize) {
                if (leaves + 1 >= starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[leaves++] = from;
                continue;
            }
            int mid = split(x, d, order, scratch, from, to, normal, rng);
            if (top + 4 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            stack[top++] = mid;
            stack[top++] = to;
            stack[top++] = from;
            stack[top++] = mid;
        }
        // Leaves were emitted in depth-first, left-first order, so their starts ascend and the last ends at n.
        starts[leaves] = n;
        return new RandomProjectionTree(order, Arrays.copyOf(starts, leaves + 1));
    }

    /** Partitions order[from, to) in place; returns the first position of the right side. */
    private static int split(float[] x, int d, int[] order, int[] scratch, int from, int to, float[] normal,
                             SplittableRandom rng) {
        int size = to - from;
        int pa = rng.nextInt(size);
        int pb = rng.nextInt(size - 1);
        if (pb >= pa) {
            pb++;
        }
        int ao = order[from + pa] * d;
        int bo = order[from + pb] * d;
        double offset = 0;
        for (int j = 0; j < d; j++) {
            normal[j] = x[ao + j] - x[bo + j];
            offset += normal[j] * 0.5 * (x[ao + j] + x[bo + j]);
        }
        int left = from;
        int right = to;
        for (int p = from; p < to; p++) {
            int i = order[p];
            double margin = RowKernels.dot(x, i * d, normal, d) - offset;
            boolean goesLeft = margin == 0 ? rng.nextBoolean() : margin > 0;
            if (goesLeft) {
                scratch[left++] = i;
            } else {
                scratch[--right] = i;
            }
        }
        if (left == from || left == to) {
            return from + size / 2;
        }
        System.arraycopy(scratch, from, order, from, size);
        return left;
    }
}
