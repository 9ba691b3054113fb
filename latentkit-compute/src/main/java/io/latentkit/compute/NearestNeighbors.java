package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.latentkit.data.Matrix;

/**
 * Exact k-nearest-neighbour search by tiles: a block of queries against a block of data is one GEMM, and the
 * running k best per query are merged tile by tile, so memory is O(queries_block x (data_block + k)), never n x n.
 */
public final class NearestNeighbors {
    private static final int QUERY_BLOCK = 2048;
    private static final int DATA_BLOCK = 8192;

    private NearestNeighbors() {
    }

    /**
     * The k nearest rows of {@code data} for every row of {@code queries}. When {@code excludeSelf} is true the
     * queries must be the data itself and each row's own index is left out (the usual kNN graph).
     * Ties are broken by the lower index.
     */
    public static Neighbors exact(Matrix data, Matrix queries, int k, Metric metric, boolean excludeSelf) {
        if (data.cols() != queries.cols()) {
            throw new IllegalArgumentException("data has " + data.cols() + " columns, queries " + queries.cols());
        }
        int available = data.rows() - (excludeSelf ? 1 : 0);
        if (k < 1 || k > available) {
            throw new IllegalArgumentException("k must be in [1, " + available + "], got " + k);
        }
        int q = queries.rows();
        int[] indices = new int[Math.multiplyExact(q, k)];
        float[] distances = new float[indices.length];
        int search = k + (excludeSelf ? 1 : 0);
        try (NDManager manager = Tensors.newManager()) {
            NDArray[] dataBlocks = new NDArray[(data.rows() + DATA_BLOCK - 1) / DATA_BLOCK];
            NDArray[] dataNorms = new NDArray[dataBlocks.length];
            for (int b = 0; b < dataBlocks.length; b++) {
                int from = b * DATA_BLOCK;
                dataBlocks[b] = prepare(Tensors.toTensor(manager, data, from, Math.min(data.rows(), from + DATA_BLOCK)), metric);
                dataNorms[b] = PairwiseDistances.rowSquaredNorms(dataBlocks[b]);
            }
            NDArray staging = Tensors.staging(manager, queries, QUERY_BLOCK);
            for (int from = 0; from < q; from += QUERY_BLOCK) {
                int to = Math.min(q, from + QUERY_BLOCK);
                try (NDManager blockManager = manager.newSubManager()) {
                    NDArray query = prepare(Tensors.stage(blockManager, staging, queries, from, to), metric);
                    NDArray queryNorms = PairwiseDistances.rowSquaredNorms(query);
                    NDArray bestDist = null;
                    NDArray bestIdx = null;
                    for (int b = 0; b < dataBlocks.length; b++) {
                        NDArray d = PairwiseDistances.squaredEuclidean(query, queryNorms, dataBlocks[b], dataNorms[b]);
                        int kb = (int) Math.min(search, d.getShape().get(1));
                        NDList top = d.topK(kb, 1, false, true);
                        NDArray idx = top.get(1).toType(DataType.INT64, false).add((long) b * DATA_BLOCK);
                        if (bestDist == null) {
                            bestDist = top.get(0);
                            bestIdx = idx;
                        } else {
                            NDArray catDist = bestDist.concat(top.get(0), 1);
                            NDArray catIdx = bestIdx.concat(idx, 1);
                            NDList merged = catDist.topK(Math.min(search, (int) catDist.getShape().get(1)), 1, false, true);
                            bestDist = merged.get(0);
                            bestIdx = catIdx.gather(merged.get(1), 1);
                        }
                    }
                    copyOut(bestDist.toFloatArray(), bestIdx.toLongArray(), from, to, k, excludeSelf, metric, indices, distances);
                }
            }
        }
        return new Neighbors(k, indices, distances);
    }

    private static NDArray prepare(NDArray x, Metric metric) {
        if (metric == Metric.COSINE) {
            NDArray norms = x.norm(new int[] {1}, true);
            return x.div(atLeastTiny(norms));
        }
        return x;
    }

    private static NDArray atLeastTiny(NDArray norms) {
        return norms.maximum(Float.MIN_NORMAL);
    }

    /** Writes one block's results, dropping each query's own index when asked, in the order found. */
    private static void copyOut(float[] dist, long[] idx, int from, int to, int k, boolean excludeSelf, Metric metric,
                                int[] indices, float[] distances) {
        int width = idx.length / (to - from);
        for (int row = from; row < to; row++) {
            int base = (row - from) * width;
            int written = 0;
            // Stable order: equal distances by lower index (topK does not promise it).
            Integer[] order = sortedByDistanceThenIndex(dist, idx, base, width);
            for (int r = 0; r < width && written < k; r++) {
                int j = order[r];
                if (excludeSelf && idx[base + j] == row) {
                    continue;
                }
                indices[row * k + written] = (int) idx[base + j];
                float sq = Math.max(0f, dist[base + j]);
                // For unit vectors |a-b|^2 = 2 - 2cos, so the cosine distance is half the squared Euclidean one.
                distances[row * k + written] = metric == Metric.COSINE ? sq / 2f : (float) Math.sqrt(sq);
                written++;
            }
            if (written < k) {
                throw new IllegalStateException("query " + row + " found " + written + " of " + k + " neighbours");
            }
        }
    }

    private static Integer[] sortedByDistanceThenIndex(float[] dist, long[] idx, int base, int width) {
        Integer[] order = new Integer[width];
        for (int j = 0; j < width; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Float.compare(dist[base + a], dist[base + b]);
            return c != 0 ? c : Long.compare(idx[base + a], idx[base + b]);
        });
        return order;
    }
}
