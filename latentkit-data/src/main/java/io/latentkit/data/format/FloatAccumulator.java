package io.latentkit.data.format;

import java.util.Arrays;

/** A growable float[] that collects matrix rows one after another without any per-row objects. */
final class FloatAccumulator {
    private static final int MAX_SIZE = Integer.MAX_VALUE - 16;

    private float[] data = new float[1024];
    private int size;

    void add(float[] values, int count) {
        if (size + (long) count > data.length) {
            grow(size + (long) count);
        }
        System.arraycopy(values, 0, data, size, count);
        size += count;
    }

    int size() {
        return size;
    }

    /** The collected values; the accumulator must not be used afterwards. */
    float[] toArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }

    private void grow(long needed) {
        if (needed > MAX_SIZE) {
            throw new IllegalStateException("more than " + MAX_SIZE + " values do not fit one matrix");
        }
        long larger = Math.max(needed, data.length + (data.length >> 1));
        data = Arrays.copyOf(data, (int) Math.min(larger, MAX_SIZE));
    }
}
