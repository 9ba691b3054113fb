package io.latentkit.reduce;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Two-dimensional discrete Fourier transforms and cyclic convolutions of a complex {@code size x size} grid held as
 * separate row-major real and imaginary arrays of {@link #length()} values with rows {@link #stride()} apart,
 * {@code size} a power of two, by iterative radix-4 Cooley-Tukey (one radix-2 stage first for odd powers).
 *
 * <p>Each pass along an axis copies a block of {@value #BLOCK} lines into a contiguous buffer, with the line index
 * varying fastest, so that every butterfly runs over one contiguous row of the buffer with a single twiddle factor,
 * and the buffer stays in cache while all stages run. A convolution does the second axis' forward transform, the
 * product with the kernel's spectrum and the inverse transform on the buffer in one go, and skips the lines that
 * are zero on input or not wanted on output, so it reads and writes the grid about three times.
 *
 * <p>Written here rather than taken from a library because only this one power-of-two shape is needed and the work
 * must be split over threads in a way that cannot change the result: every line goes through the same arithmetic
 * whichever thread runs it. An instance keeps its buffers and is not thread-safe.
 */
final class GridFft {
    private static final int BLOCK = 32;
    /** Parallel tasks per pass, each with its own buffer; a fixed split, so any thread count gives one result. */
    private static final int TASKS = 8;
    /** Rows are this much longer than the grid: with a power-of-two stride, a column's values share few cache sets. */
    private static final int ROW_PADDING = 8;

    private final int size;
    private final int stride;
    private final int lines;
    private final int[] reversed;
    /** cos and sin of -pi j / h for each stage's half-length h at offset h - 1, j < h. */
    private final double[] cos;
    private final double[] sin;
    private final double[][] bufferRe;
    private final double[][] bufferIm;

    GridFft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 2, got " + size);
        }
        this.size = size;
        this.stride = size + ROW_PADDING;
        this.lines = Math.min(BLOCK, size);
        int bits = Integer.numberOfTrailingZeros(size);
        reversed = new int[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[size - 1];
        sin = new double[size - 1];
        for (int half = 1; half < size; half <<= 1) {
            for (int j = 0; j < half; j++) {
                double angle = -Math.PI * j / half;
                cos[half - 1 + j] = Math.cos(angle);
                sin[half - 1 + j] = Math.sin(angle);
            }
        }
        bufferRe = new double[TASKS][size * lines];
        bufferIm = new double[TASKS][size * lines];
    }

    int size() {
        return size;
    }

    /** Distance between the starts of two rows in the arrays. */
    int stride() {
        return stride;
    }

    /** Length of each of the two arrays. */
    int length() {
        return size * stride;
    }

    /** In-place forward transform: frequency (u, v) ends at {@code u * stride + v}. */
    void forward(double[] re, double[] im) {
        columns(re, im, size, size, size, 1);
        rows(re, im, size, null, size);
    }

    /**
     * A real spectrum laid out for {@link #convolve}, from the real part of a transform by {@link #forward}, times
     * {@code scale}.
     */
    double[] convolutionSpectrum(double[] forwardRe, double scale) {
        double[] laidOut = new double[size * size];
        for (int r = 0; r < size; r++) {
            int block = r / lines * lines;
            for (int v = 0; v < size; v++) {
                laidOut[block * size + v * lines + r - block] = scale * forwardRe[r * stride + v];
            }
        }
        return laidOut;
    }

    /**
     * Cyclic convolution in place of a grid that is zero outside its leading {@code block x block} values with the
     * kernel whose real {@code spectrum} comes from {@link #convolutionSpectrum}; only the leading
     * {@code block x block} values of the result are written.
     */
    void convolve(double[] re, double[] im, double[] spectrum, int block) {
        columns(re, im, block, block, size, 1);
        rows(re, im, block, spectrum, block);
        columns(re, im, block, size, block, -1);
    }

    /**
     * Transforms columns [0, count) along the first axis, reading rows [0, rowsIn) (the others taken as zero) and
     * writing rows [0, rowsOut); {@code sign} 1 is the forward transform, -1 the inverse (unscaled).
     */
    private void columns(double[] re, double[] im, int count, int rowsIn, int rowsOut, int sign) {
        int blocks = (count + lines - 1) / lines;
        int tasks = Math.min(blocks, TASKS);
        IntStream.range(0, tasks).parallel().forEach(task -> {
            double[] bRe = bufferRe[task];
            double[] bIm = bufferIm[task];
            for (int block = task * blocks / tasks; block < (task + 1) * blocks / tasks; block++) {
                int from = block * lines;
                int width = Math.min(count, from + lines) - from;
                for (int r = 0; r < size; r++) {
                    int at = reversed[r] * lines;
                    if (r < rowsIn) {
                        System.arraycopy(re, r * stride + from, bRe, at, width);
                        System.arraycopy(im, r * stride + from, bIm, at, width);
                    } else {
                        Arrays.fill(bRe, at, at + width, 0);
                        Arrays.fill(bIm, at, at + width, 0);
                    }
                }
                butterflies(bRe, bIm, width, sign);
                for (int r = 0; r < rowsOut; r++) {
                    System.arraycopy(bRe, r * lines, re, r * stride + from, width);
                    System.arraycopy(bIm, r * lines, im, r * stride + from, width);
                }
            }
        });
    }

    /**
     * Transforms all rows along the second axis, reading columns [0, columnsIn) (the others taken as zero) and
     * writing columns [0, columnsOut); with a {@code spectrum}, each block of rows is multiplied by it and
     * transformed back before it is written.
     */
    private void rows(double[] re, double[] im, int columnsIn, double[] spectrum, int columnsOut) {
        int blocks = size / lines;
        int tasks = Math.min(blocks, TASKS);
        IntStream.range(0, tasks).parallel().forEach(task -> {
            double[] bRe = bufferRe[task];
            double[] bIm = bufferIm[task];
            for (int block = task * blocks / tasks; block < (task + 1) * blocks / tasks; block++) {
                int from = block * lines;
                for (int r = 0; r < lines; r++) {
                    int row = (from + r) * stride;
                    for (int c = 0; c < size; c++) {
                        int at = reversed[c] * lines + r;
                        bRe[at] = c < columnsIn ? re[row + c] : 0;
                        bIm[at] = c < columnsIn ? im[row + c] : 0;
                    }
                }
                butterflies(bRe, bIm, lines, 1);
                if (spectrum != null) {
                    int offset = from * size;
                    for (int c = 0; c < size * lines; c++) {
                        bRe[c] *= spectrum[offset + c];
                        bIm[c] *= spectrum[offset + c];
                    }
                    for (int c = 0; c < size; c++) {
                        int j = reversed[c];
                        if (c < j) {
                            for (int r = 0; r < lines; r++) {
                                swap(bRe, c * lines + r, j * lines + r);
                                swap(bIm, c * lines + r, j * lines + r);
                            }
                        }
                    }
                    butterflies(bRe, bIm, lines, -1);
                }
                for (int r = 0; r < lines; r++) {
                    int row = (from + r) * stride;
                    for (int c = 0; c < columnsOut; c++) {
                        re[row + c] = bRe[c * lines + r];
                        im[row + c] = bIm[c * lines + r];
                    }
                }
            }
        });
    }

    /**
     * The stages over the first {@code width} lines of a buffer in bit-reversed order: pairs of radix-2 stages
     * (half-lengths h and 2h) fused into one radix-4 pass, which reads and writes the buffer half as often, after one
     * radix-2 stage when log2(size) is odd.
     */
    private void butterflies(double[] re, double[] im, int width, int sign) {
        int half = 1;
        if (Integer.numberOfTrailingZeros(size) % 2 == 1) {
            for (int start = 0; start < size; start += 2) {
                int a = start * lines;
                int b = a + lines;
                for (int c = 0; c < width; c++) {
                    double tr = re[b + c];
                    double ti = im[b + c];
                    re[b + c] = re[a + c] - tr;
                    im[b + c] = im[a + c] - ti;
                    re[a + c] += tr;
                    im[a + c] += ti;
                }
            }
            half = 2;
        }
        for (; half < size; half <<= 2) {
            for (int start = 0; start < size; start += 4 * half) {
                for (int j = 0; j < half; j++) {
                    // w1 = W(j, h) for the first stage; w2 = W(j, 2h) and w3 = W(j + h, 2h) = w2 (-i sign).
                    double w1r = cos[half - 1 + j];
                    double w1i = sign * sin[half - 1 + j];
                    double w2r = cos[2 * half - 1 + j];
                    double w2i = sign * sin[2 * half - 1 + j];
                    double w3r = sign * w2i;
                    double w3i = -sign * w2r;
                    int a0 = (start + j) * lines;
                    int a1 = a0 + half * lines;
                    int a2 = a1 + half * lines;
                    int a3 = a2 + half * lines;
                    for (int c = 0; c < width; c++) {
                        double x1r = w1r * re[a1 + c] - w1i * im[a1 + c];
                        double x1i = w1r * im[a1 + c] + w1i * re[a1 + c];
                        double x3r = w1r * re[a3 + c] - w1i * im[a3 + c];
                        double x3i = w1r * im[a3 + c] + w1i * re[a3 + c];
                        double s0r = re[a0 + c] + x1r;
                        double s0i = im[a0 + c] + x1i;
                        double d0r = re[a0 + c] - x1r;
                        double d0i = im[a0 + c] - x1i;
                        double s1r = re[a2 + c] + x3r;
                        double s1i = im[a2 + c] + x3i;
                        double d1r = re[a2 + c] - x3r;
                        double d1i = im[a2 + c] - x3i;
                        double t2r = w2r * s1r - w2i * s1i;
                        double t2i = w2r * s1i + w2i * s1r;
                        double t3r = w3r * d1r - w3i * d1i;
                        double t3i = w3r * d1i + w3i * d1r;
                        re[a0 + c] = s0r + t2r;
                        im[a0 + c] = s0i + t2i;
                        re[a2 + c] = s0r - t2r;
                        im[a2 + c] = s0i - t2i;
                        re[a1 + c] = d0r + t3r;
                        im[a1 + c] = d0i + t3i;
                        re[a3 + c] = d0r - t3r;
                        im[a3 + c] = d0i - t3i;
                    }
                }
            }
        }
    }

    private static void swap(double[] values, int a, int b) {
        double t = values[a];
        values[a] = values[b];
        values[b] = t;
    }
}
