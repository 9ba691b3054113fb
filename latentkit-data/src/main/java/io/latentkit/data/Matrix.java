package io.latentkit.data;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix: one row an item, one column a feature.
 *
 * <p>Treated as immutable: the constructor takes ownership of {@code data} without copying,
 * so callers must not change the array afterwards. Accessors that hand out arrays return copies,
 * except {@link #data()}, which exists so kernels can read without copying and must not write.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    public Matrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape " + rows + "x" + cols + " needs " + (long) rows * cols + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    /** Builds a matrix from rows of equal length (copies). */
    public static Matrix ofRows(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[Math.multiplyExact(rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Matrix(rows.length, cols, data);
    }

    /** Builds a float32 matrix from float64 rows (copies, rounding to nearest float). */
    public static Matrix ofRows(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[Math.multiplyExact(rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + cols);
            }
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = (float) rows[i][j];
            }
        }
        return new Matrix(rows.length, cols, data);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public float get(int row, int col) {
        return data[row * cols + col];
    }

    /** The backing array, row-major. Read-only by contract. */
    public float[] data() {
        return data;
    }

    public float[] row(int row) {
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    /** A new matrix holding the given rows, in the given order. */
    public Matrix selectRows(int[] indices) {
        float[] out = new float[Math.multiplyExact(indices.length, cols)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data, indices[i] * cols, out, i * cols, cols);
        }
        return new Matrix(indices.length, cols, out);
    }

    /** The position of the first NaN or infinite value, or -1 when every value is finite. */
    public long firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the row and column of the first NaN or infinite value, if
     * there is one.
     */
    public void requireFinite() {
        long at = firstNonFinite();
        if (at >= 0) {
            throw new IllegalArgumentException("row " + at / cols + ", column " + at % cols + " is " + data[(int) at]
                    + "; the values must be finite (drop or impute such rows first)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
