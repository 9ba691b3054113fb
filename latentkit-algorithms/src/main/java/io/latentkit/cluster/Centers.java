package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;

/** Assignment of points to the nearest of k centres on the engine, block by block: one GEMM per block. */
final class Centers {
    /** Nearest-centre labels and squared distances to it. */
    record Assignment(int[] labels, float[] squaredDistances) {
        double inertia() {
            double s = 0;
            for (float v : squaredDistances) {
                s += v;
            }
            return s;
        }
    }

    /**
     * The data resident on the engine with its squared row norms. Work that makes (rows x k) temporaries walks it in
     * row blocks (views, no copies) sized so that such a temporary stays within the block budget.
     */
    static final class Points implements AutoCloseable {
        final Matrix matrix;
        final NDManager manager;
        final NDArray all;
        final NDArray norms;
        final int blockRows;

        Points(Matrix x, int k) {
            this.matrix = x;
            this.manager = Tensors.newManager();
            this.all = Tensors.toTensor(manager, x);
            this.norms = PairwiseDistances.rowSquaredNorms(all);
            this.blockRows = Tensors.rowsPerBlock(Math.max(k, 1));
        }

        int rows() {
            return matrix.rows();
        }

        int cols() {
            return matrix.cols();
        }

        /** Rows [from, to) of the data and of the norms, as views. */
        NDArray[] block(int from, int to) {
            String range = from + ":" + to;
            return new NDArray[] {all.get(range), norms.get(range)};
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private Centers() {
    }

    /** Assigns every point to its nearest centre (k x d, row-major float32). */
    static Assignment assign(Points points, float[] centers, int k) {
        int n = points.rows();
        int d = points.cols();
        int[] labels = new int[n];
        float[] dist = new float[n];
        try (NDManager m = points.manager.newSubManager()) {
            NDArray c = m.create(centers, new Shape(k, d));
            NDArray cNorms = PairwiseDistances.rowSquaredNorms(c);
            for (int from = 0; from < n; from += points.blockRows) {
                int to = Math.min(n, from + points.blockRows);
                try (NDManager scope = m.newSubManager()) {
                    NDArray[] x = points.block(from, to);
                    for (NDArray view : x) {
                        view.attach(scope);
                    }
                    NDArray d2 = PairwiseDistances.squaredEuclidean(x[0], x[1], c, cNorms);
                    int[] l = d2.argMin(1).toType(DataType.INT32, false).toIntArray();
                    float[] v = d2.min(new int[] {1}).toFloatArray();
                    System.arraycopy(l, 0, labels, from, l.length);
                    System.arraycopy(v, 0, dist, from, v.length);
                }
            }
        }
        return new Assignment(labels, dist);
    }

    /** Squared distances from every point to each of the given rows of the data, shape (n x candidates) row-major. */
    static float[] squaredDistancesTo(Points points, int[] rows) {
        int n = points.rows();
        float[] out = new float[n * rows.length];
        try (NDManager m = points.manager.newSubManager()) {
            NDArray c = Tensors.toTensor(m, points.matrix.selectRows(rows));
            NDArray cNorms = PairwiseDistances.rowSquaredNorms(c);
            for (int from = 0; from < n; from += points.blockRows) {
                int to = Math.min(n, from + points.blockRows);
                try (NDManager scope = m.newSubManager()) {
                    NDArray[] x = points.block(from, to);
                    for (NDArray view : x) {
                        view.attach(scope);
                    }
                    float[] v = PairwiseDistances.squaredEuclidean(x[0], x[1], c, cNorms).toFloatArray();
                    System.arraycopy(v, 0, out, from * rows.length, v.length);
                }
            }
        }
        return out;
    }
}
