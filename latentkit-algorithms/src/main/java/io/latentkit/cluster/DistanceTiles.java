package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;

/**
 * All pairwise squared Euclidean distances of a dataset, one tile of rows at a time, in float64 on the engine: each
 * tile is a block of rows against the columns from {@code firstColumn(from)} on, one GEMM, so memory is
 * O(block x n) per tile and never n x n. float64 keeps the |x|^2 + |y|^2 - 2 x.y cancellation far below the
 * rounding that decides whether a pair lies within a radius, as a float64 tree search would.
 */
final class DistanceTiles {
    /** Work on one tile: squared distances, shape (to - from, n - firstColumn), float64, clamped at zero. */
    interface TileTask {
        void run(int from, int to, int firstColumn, NDArray squaredDistances);
    }

    private DistanceTiles() {
    }

    /**
     * Runs the task on every row block of {@code x}, in row order.
     *
     * @param upperOnly whether a tile starting at row {@code from} needs only columns {@code from..n-1}
     */
    static void forEachTile(Matrix x, boolean upperOnly, TileTask task) {
        int n = x.rows();
        int blockRows = (int) Math.max(1, Math.min(n, Tensors.BLOCK_BYTES / ((long) Double.BYTES * Math.max(1, n))));
        try (NDManager manager = Tensors.newManager()) {
            NDArray all = Tensors.toTensor(manager, x).toType(DataType.FLOAT64, false);
            NDArray norms = PairwiseDistances.rowSquaredNorms(all);
            for (int from = 0; from < n; from += blockRows) {
                int to = Math.min(n, from + blockRows);
                int firstColumn = upperOnly ? from : 0;
                try (NDManager scope = Tensors.borrow(manager, all, norms)) {
                    NDArray d = PairwiseDistances.squaredEuclidean(all.get(from + ":" + to), norms.get(from + ":" + to),
                            all.get(firstColumn + ":"), norms.get(firstColumn + ":"));
                    task.run(from, to, firstColumn, d);
                }
            }
        }
    }
}
