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
        /** Squared row norms in double, and the mean variance of the columns, from the same pass over the data. */
        final double[] rowNorms;
        final double meanColumnVariance;
        final int blockRows;

        Points(Matrix x, int k) {
            this.matrix = x;
            this.manager = Tensors.newManager();
            this.all = Tensors.toTensor(manager, x);
            int n = x.rows();
            int d = x.cols();
            float[] v = x.data();
            rowNorms = new double[n];
            double[] columnSums = new double[d];
            float[] norms32 = new float[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double value = v[i * d + j];
                    s += value * value;
                    columnSums[j] += value;
                }
                rowNorms[i] = s;
                norms32[i] = (float) s;
                total += s;
            }
            double meanSquares = 0;
            for (double c : columnSums) {
                meanSquares += (c / n) * (c / n);
            }
            this.meanColumnVariance = n == 0 || d == 0 ? 0 : Math.max(0, total / n - meanSquares) / d;
            this.norms = manager.create(norms32);
            this.blockRows = Tensors.rowsPerBlock(Math.max(k, 1));
        }

        int rows() {
            return matrix.rows();
        }

        int cols() {
            return matrix.cols();
        }

        /** Work on one block of rows: x and its squared norms are views starting at row {@code from}. */
        interface BlockTask {
            void run(int from, NDArray x, NDArray xNorms);
        }

        /** Runs the task on each block inside a child scope of {@code parent} that frees what the task computed. */
        void forEachBlock(NDManager parent, BlockTask task) {
            for (int from = 0; from < rows(); from += blockRows) {
                String range = from + ":" + Math.min(rows(), from + blockRows);
                try (NDManager scope = parent.newSubManager()) {
                    NDArray x = all.get(range);
                    NDArray xNorms = norms.get(range);
                    x.attach(scope);
                    xNorms.attach(scope);
                    task.run(from, x, xNorms);
                }
            }
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
            points.forEachBlock(m, (from, x, xNorms) -> {
                NDArray d2 = PairwiseDistances.squaredEuclidean(x, xNorms, c, cNorms);
                int[] l = d2.argMin(1).toType(DataType.INT32, false).toIntArray();
                float[] v = d2.min(new int[] {1}).toFloatArray();
                System.arraycopy(l, 0, labels, from, l.length);
                System.arraycopy(v, 0, dist, from, v.length);
            });
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
            points.forEachBlock(m, (from, x, xNorms) -> {
                float[] v = PairwiseDistances.squaredEuclidean(x, xNorms, c, cNorms).toFloatArray();
                System.arraycopy(v, 0, out, from * rows.length, v.length);
            });
        }
        return out;
    }
}
