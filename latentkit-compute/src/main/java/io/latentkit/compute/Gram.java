package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.data.Matrix;

/** Column means and centred cross-products of a matrix, accumulated in float64 over blocks of rows on the engine. */
public final class Gram {
    private Gram() {
    }

    /** Column means, in one double-precision pass (cheaper than copying the data to the engine, and exact to double). */
    public static double[] columnMeans(Matrix x) {
        int d = x.cols();
        double[] sum = new double[d];
        float[] v = x.data();
        for (int i = 0; i < x.rows(); i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                sum[j] += v[base + j];
            }
        }
        for (int j = 0; j < d; j++) {
            sum[j] /= Math.max(1, x.rows());
        }
        return sum;
    }

    /** (X - 1 mean^T)^T (X - 1 mean^T), d x d row-major, float64. */
    public static double[] centredCrossProduct(Matrix x, double[] mean) {
        int d = x.cols();
        int block = Tensors.rowsPerBlock(2L * d);
        try (NDManager manager = Tensors.newManager()) {
            NDArray mu = manager.create(mean).reshape(1, d);
            NDArray acc = manager.zeros(new ai.djl.ndarray.types.Shape(d, d), DataType.FLOAT64);
            NDArray staging = Tensors.staging(manager, x, block);
            for (int from = 0; from < x.rows(); from += block) {
                try (NDManager m = manager.newSubManager()) {
                    NDArray c = Tensors.stage(m, staging, x, from, Math.min(x.rows(), from + block))
                            .toType(DataType.FLOAT64, false).sub(mu);
                    acc.addi(Tensors.matMulOverItems(c.transpose(), c));
                }
            }
            return acc.toDoubleArray();
        }
    }
}
