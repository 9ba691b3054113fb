package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;

/**
 * Assignment of points to the nearest of k centres on the engine, block by block: one GEMM per block,
 * and per-cluster sums as a second GEMM with the one-hot assignment, so an iteration is two matrix products.
 */
final class Centers {
    /** Nearest-centre labels, squared distances to it, and (optionally) per-cluster sums and counts. */
    record Assignment(int[] labels, float[] squaredDistances, double[] sums, double[] counts) {
        double inertia() {
            double s = 0;
            for (float v : squaredDistances) {
                s += v;
            }
            return s;
        }
    }

    /** The data on the engine, split in row blocks, with squared row norms. */
    static final class Points implements AutoCloseable {
        final Matrix matrix;
        final NDManager manager;
        final NDArray[] blocks;
        final NDArray[] norms;
        final int[] starts;

        Points(Matrix x, int k) {
            this.matrix = x;
            this.manager = Tensors.newManager();
            int block = Tensors.rowsPerBlock(Math.max(k, x.cols()));
            int count = Math.max(1, (x.rows() + block - 1) / block);
            blocks = new NDArray[count];
            norms = new NDArray[count];
            starts = new int[count];
            for (int b = 0; b < count; b++) {
                starts[b] = b * block;
                blocks[b] = Tensors.toTensor(manager, x, starts[b], Math.min(x.rows(), starts[b] + block));
                norms[b] = PairwiseDistances.rowSquaredNorms(blocks[b]);
            }
        }

        int rows() {
            return matrix.rows();
        }

        int cols() {
            return matrix.cols();
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private Centers() {
    }

    /** Assigns every point to its nearest centre (k x d, row-major float32); sums and counts when asked. */
    static Assignment assign(Points points, float[] centers, int k, boolean withSums) {
        int n = points.rows();
        int d = points.cols();
        int[] labels = new int[n];
        float[] dist = new float[n];
        double[] sums = withSums ? new double[k * d] : null;
        double[] counts = withSums ? new double[k] : null;
        try (NDManager m = points.manager.newSubManager()) {
            NDArray c = m.create(centers, new Shape(k, d));
            NDArray cNorms = PairwiseDistances.rowSquaredNorms(c);
            for (int b = 0; b < points.blocks.length; b++) {
                NDArray x = points.blocks[b];
                try (NDManager scope = Tensors.borrow(m, x, points.norms[b])) {
                    NDArray d2 = PairwiseDistances.squaredEuclidean(x, points.norms[b], c, cNorms);
                    NDArray nearest = d2.argMin(1);
                    int[] l = nearest.toType(DataType.INT32, false).toIntArray();
                    float[] v = d2.min(new int[] {1}).toFloatArray();
                    System.arraycopy(l, 0, labels, points.starts[b], l.length);
                    System.arraycopy(v, 0, dist, points.starts[b], v.length);
                    if (withSums) {
                        NDArray oneHot = nearest.oneHot(k, DataType.FLOAT32);
                        add(sums, oneHot.transpose().matMul(x).toType(DataType.FLOAT64, false).toDoubleArray());
                        add(counts, oneHot.sum(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray());
                    }
                }
            }
        }
        return new Assignment(labels, dist, sums, counts);
    }

    /** Squared distances from every point to each of the given rows of the data, shape (n x candidates) row-major. */
    static float[] squaredDistancesTo(Points points, int[] rows) {
        int n = points.rows();
        float[] out = new float[n * rows.length];
        try (NDManager m = points.manager.newSubManager()) {
            NDArray c = Tensors.toTensor(m, points.matrix.selectRows(rows));
            NDArray cNorms = PairwiseDistances.rowSquaredNorms(c);
            for (int b = 0; b < points.blocks.length; b++) {
                try (NDManager scope = Tensors.borrow(m, points.blocks[b], points.norms[b])) {
                    float[] v = PairwiseDistances.squaredEuclidean(points.blocks[b], points.norms[b], c, cNorms).toFloatArray();
                    System.arraycopy(v, 0, out, points.starts[b] * rows.length, v.length);
                }
            }
        }
        return out;
    }

    private static void add(double[] into, double[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }
}
