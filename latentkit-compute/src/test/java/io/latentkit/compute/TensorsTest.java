package io.latentkit.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.data.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TensorsTest {
    private static Matrix counting(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 7;
        }
        return new Matrix(rows, cols, v);
    }

    @Test
    void productsOverItemsEqualThePlainProduct() {
        // 5,000 items: on CPUs without MKL's strict mode the product is cut into parts along the items.
        try (NDManager manager = Tensors.newManager()) {
            NDArray a = manager.arange(0f, 90_000f, 1f, DataType.FLOAT64).reshape(3, 6, 5000).sin();
            NDArray b = manager.arange(0f, 60_000f, 1f, DataType.FLOAT64).reshape(3, 5000, 4).cos();
            assertArrayEquals(a.matMul(b).toDoubleArray(), Tensors.matMulOverItems(a, b).toDoubleArray(), 1e-9);
            NDArray x = b.get(0);
            assertArrayEquals(x.transpose().matMul(x).toDoubleArray(),
                    Tensors.matMulOverItems(x.transpose(), x).toDoubleArray(), 1e-9);
            NDArray small = x.get("0:100");
            assertArrayEquals(small.transpose().matMul(small).toDoubleArray(),
                    Tensors.matMulOverItems(small.transpose(), small).toDoubleArray(), 1e-9);
        }
    }

    @Test
    void copiesTheWholeMatrixAndRowRangesExactly() {
        Matrix m = counting(37, 5);
        try (NDManager manager = Tensors.newManager()) {
            NDArray all = Tensors.toTensor(manager, m);
            assertArrayEquals(new long[] {37, 5}, all.getShape().getShape());
            assertArrayEquals(m.data(), all.toFloatArray());
            NDArray part = Tensors.toTensor(manager, m, 4, 30);
            assertArrayEquals(new long[] {26, 5}, part.getShape().getShape());
            assertArrayEquals(Arrays.copyOfRange(m.data(), 4 * 5, 30 * 5), part.toFloatArray());
            assertArrayEquals(new Shape(0, 5).getShape(), Tensors.toTensor(manager, m, 9, 9).getShape().getShape());
        }
    }

    @Test
    void copiesInRowRangesWhenTheMatrixExceedsOneBuffer() {
        Matrix m = counting(101, 7);
        try (NDManager manager = Tensors.newManager()) {
            // 3 rows of 7 floats per buffer: 34 ranges, the last one short.
            NDArray t = Tensors.toTensor(manager, m, 0, 101, 3 * 7 * Float.BYTES);
            assertArrayEquals(m.data(), t.toFloatArray());
            NDArray part = Tensors.toTensor(manager, m, 50, 90, 4 * 7 * Float.BYTES);
            assertArrayEquals(Arrays.copyOfRange(m.data(), 50 * 7, 90 * 7), part.toFloatArray());
        }
    }

    @Test
    void stagesEachBlockIntoTheSameTensor() {
        Matrix m = counting(23, 3);
        try (NDManager manager = Tensors.newManager()) {
            NDArray staging = Tensors.staging(manager, m, 10);
            for (int from = 0; from < 23; from += 10) {
                int to = Math.min(23, from + 10);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray block = Tensors.stage(scope, staging, m, from, to);
                    assertArrayEquals(new long[] {to - from, 3}, block.getShape().getShape());
                    assertArrayEquals(Arrays.copyOfRange(m.data(), from * 3, to * 3), block.mul(1f).toFloatArray());
                }
            }
        }
    }
}
