package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;

/**
 * All pairwise squared Euclidean distances of a dataset, one tile of rows at a time, in float64 on the engine: each
 * tile is a block of rows against the columns from {@code firstColumn} on, so memory is O(block x n) per tile and
 * never n x n. Each tile is a single GEMM of augmented rows, [x, |x|^2, 1] . [-2y, 1, |y|^2] = |x - y|^2, with no
 * further passes over the tile. float64 keeps the cancellation in that sum far below the rounding that decides
 * whether a pair lies within a radius, as a float64 tree search would.
 */
final class DistanceTiles {
    /**
     * Bytes of one tile. Far below {@link Tensors#BLOCK_BYTES}: tiles are made and dropped at a high rate, and small
     * ones stay in cache and reuse the allocator's memory (64 MiB tiles measured 5x slower at n = 20,000).
     */
    private static final long TILE_BYTES = 8L << 20;
    /** Fewest rows per tile, so that per-call overhead stays small for large n. */
    private static final int MIN_ROWS = 32;

    /**
     * Work on one tile: squared distances of rows {@code from..to-1} to rows {@code firstColumn..n-1}, float64;
     * rounding can make the smallest ones slightly negative.
     */
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
        int blockRows = (int) Math.min(n, Math.max(MIN_ROWS, TILE_BYTES / ((long) Double.BYTES * Math.max(1, n))));
        try (NDManager manager = Tensors.newManager()) {
            NDArray points = Tensors.toTensor(manager, x).toType(DataType.FLOAT64, false);
            NDArray norms = PairwiseDistances.rowSquaredNorms(points).reshape(-1, 1);
            NDArray ones = manager.ones(norms.getShape(), DataType.FLOAT64);
            NDArray rows = NDArrays.concat(new NDList(points, norms, ones), 1);
            NDArray columns = NDArrays.concat(new NDList(points.mul(-2), ones, norms), 1);
            for (int from = 0; from < n; from += blockRows) {
                int to = Math.min(n, from + blockRows);
                int firstColumn = upperOnly ? from : 0;
                try (NDManager scope = Tensors.borrow(manager, rows, columns)) {
                    NDArray d = rows.get(from + ":" + to).matMul(columns.get(firstColumn + ":").transpose());
                    task.run(from, to, firstColumn, d);
                }
            }
        }
    }
}
