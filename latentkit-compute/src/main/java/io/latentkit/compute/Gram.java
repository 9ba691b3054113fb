package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.data.Matrix;

/** Column means and centred cross-products of a matrix, accumulated in float64 over blocks of rows on the engine. */
public final class Gram {
    private Gram() {
    }

    /** Column means: float32 block sums (the engine sums pairwise, so error stays near float precision), added in double. */
    public static double[] columnMeans(Matrix x) {
        double[] sum = new double[x.cols()];
        int block = Tensors.rowsPerBlock(x.cols());
        try (NDManager manager = Tensors.newManager()) {
            for (int from = 0; from < x.rows(); from += block) {
                try (NDManager m = manager.newSubManager()) {
                    float[] s = Tensors.toTensor(m, x, from, Math.min(x.rows(), from + block)).sum(new int[] {0}).toFloatArray();
                    for (int j = 0; j < s.length; j++) {
                        sum[j] += s[j];
                    }
                }
            }
        }
        for (int j = 0; j < sum.length; j++) {
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
            for (int from = 0; from < x.rows(); from += block) {
                try (NDManager m = manager.newSubManager()) {
                    NDArray c = Tensors.toTensor(m, x, from, Math.min(x.rows(), from + block))
                            .toType(DataType.FLOAT64, false).sub(mu);
                    acc.addi(c.transpose().matMul(c));
                }
            }
            return acc.toDoubleArray();
        }
    }
}
