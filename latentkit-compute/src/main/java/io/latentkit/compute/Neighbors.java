package io.latentkit.compute;

/**
 * The k nearest neighbours of each query row, nearest first.
 *
 * @param k         neighbours per query
 * @param indices   row-major (queries x k) indices into the searched data
 * @param distances row-major (queries x k) distances (Euclidean, not squared; or cosine distance)
 */
public record Neighbors(int k, int[] indices, float[] distances) {
    public int queries() {
        return k == 0 ? 0 : indices.length / k;
    }

    public int index(int query, int rank) {
        return indices[query * k + rank];
    }

    public float distance(int query, int rank) {
        return distances[query * k + rank];
    }
}
