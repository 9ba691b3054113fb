package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A set of points on the engine for exact searches by float32 GEMM: a batch of queries against all points is one GEMM
 * per tile of points, whose products approximate the squared distances within a proven bound ({@link #rounding}),
 * and each query's {@link Pass} then goes over its row of products in Java and keeps what the bound cannot rule out,
 * for the caller to recompute exactly with {@link MutualReachability#distance}.
 *
 * <p>The points are centred on their mean, so that rounding is relative to their spread rather than their offset,
 * scaled by a power of two so that float32 neither overflows nor underflows, and augmented, so that one product of
 * rows [-2q, |q|^2, 1] . [x, 1, |x|^2] gives |q - x|^2 with no further pass over the tile. Memory: the points once
 * on the engine, and one tile of products.
 */
final class ScanTiles implements AutoCloseable {
    /** Query rows per GEMM: enough for the engine's efficiency (about 100 GFLOP/s on 50 columns). */
    static final int BATCH = 128;
    /** Points per tile: a batch's tile of products is 4 MiB, small enough to stay in cache while Java reads it. */
    static final int TILE_COLUMNS = 8192;

    /** The unit roundoff of float32. */
    static final double U = 0x1p-24;
    /** Products per chunk that a pass rules out at once (see {@link #anyAtMost}). */
    static final int CHUNK = 64;

    /** One query's pass over a tile of products. */
    interface Pass {
        /** Products of points first .. first + columns - 1 with the query, from {@code offset} of products. */
        void visit(float[] products, int offset, int first, int columns);
    }

    private final NDManager manager = Tensors.newManager();
    private final List<NDArray> tiles = new ArrayList<>();
    private final int d;
    private final int batchRows;
    private final int tileColumns;
    private final double[] mean;
    /** A power of two that brings the largest centred squared norm (of points and queries) near 1. */
    private final double scale;
    /** The largest squared norm of a centred, scaled float32 point. */
    private final double largest;
    private final double error;
    private final double absolute;
    /** Reused for every tile's products. */
    private final float[] products;

    /** The points' tiles, for scans of the rows of {@code queries} (which may be the points) with the default sizes. */
    ScanTiles(Matrix points, Matrix queries) {
        this(points, queries, BATCH, TILE_COLUMNS);
    }

    /** With batches of up to {@code batchRows} queries and tiles of {@code tileColumns} points. */
    ScanTiles(Matrix points, Matrix queries, int batchRows, int tileColumns) {
        d = points.cols();
        int n = points.rows();
        this.batchRows = batchRows;
        this.tileColumns = tileColumns;
        float[] x = points.data();
        mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x[i * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        double spread = Math.max(largestCentred(points), queries == points ? 0 : largestCentred(queries));
        scale = spread > 0 ? Math.scalb(1.0, -(Math.getExponent(spread) / 2)) : 1;
        error = gemmError(d + 2);
        absolute = (4.0 * d + 16) * 0x1p-147;
        int w = d + 2;
        double most = 0;
        for (int from = 0; from < n; from += tileColumns) {
            int to = Math.min(n, from + tileColumns);
            float[] block = new float[(to - from) * w];
            for (int i = from; i < to; i++) {
                double sq = 0;
                for (int c = 0; c < d; c++) {
                    float v = centred(x, i, c);
                    block[(i - from) * w + c] = v;
                    sq += (double) v * v;
                }
                block[(i - from) * w + d] = 1;
                block[(i - from) * w + d + 1] = (float) sq;
                most = Math.max(most, sq);
            }
            tiles.add(Tensors.toTensor(manager, new Matrix(to - from, w, block)).transpose());
        }
        largest = most;
        products = new float[batchRows * Math.min(n, tileColumns)];
    }

    /**
     * A bound, relative to |a|^2 + |b|^2, on the rounding error of a squared distance |a - b|^2 between rows rounded
     * to float32 after centring, computed in float32 as one product of augmented rows [-2a, |a|^2, 1] . [b, 1, |b|^2]
     * of {@code terms} values each. Higham's gamma_m = m u / (1 - m u) bounds a sum of m products in any order, FMA
     * or not, relative to the sum of their magnitudes, here at most 2 (|a|^2 + |b|^2) since |2 a.b| <= |a|^2 + |b|^2;
     * rounding the norms to float32 adds u, and rounding the centred coordinates to float32 moves each point by at
     * most u |a|, the distance by u (|a| + |b|), its square by 2u (2 + u)(|a|^2 + |b|^2). Infinite from 2^23 terms
     * on, where gamma stops being useful.
     */
    static double gemmError(int terms) {
        double m = terms * U;
        return m < 0.5 ? 2.01 * m / (1 - m) + 6 * U : Double.POSITIVE_INFINITY;
    }

    /** The largest squared distance of a row from the points' mean, in float64. */
    private double largestCentred(Matrix m) {
        float[] v = m.data();
        double largestSq = 0;
        for (int i = 0; i < m.rows(); i++) {
            double sq = 0;
            for (int c = 0; c < d; c++) {
                double diff = v[i * d + c] - mean[c];
                sq += diff * diff;
            }
            largestSq = Math.max(largestSq, sq);
        }
        return largestSq;
    }

    /** Coordinate c of row i of v, centred and scaled (in float64, so rounded once), as float32. */
    private float centred(float[] v, int i, int c) {
        return (float) ((v[i * d + c] - mean[c]) * scale);
    }

    int batchRows() {
        return batchRows;
    }

    /** A squared distance in the scaled units of the products. */
    double scaled(double squared) {
        return squared * scale * scale;
    }

    /** A squared distance in the scaled units back in the points' units. */
    double unscaled(double squared) {
        return squared / (scale * scale);
    }

    /** The squared norm of a row of m, centred and scaled as the GEMM sees it. */
    double squaredNorm(Matrix m, int row) {
        double sq = 0;
        for (int c = 0; c < d; c++) {
            float v = centred(m.data(), row, c);
            sq += (double) v * v;
        }
        return sq;
    }

    /**
     * A bound E on |product - scaled |q - x|^2| for a query of the given {@link #squaredNorm}, against any point:
     * {@link #gemmError}(d + 2) (|q|^2 + the largest |x|^2), plus an absolute allowance for float32 underflow (at most
     * 2^-150 per rounding of a product, sum or coordinate, and scaled coordinates are below 2 in magnitude).
     */
    double rounding(double queryNorm) {
        return error * (queryNorm + largest) + absolute;
    }

    /**
     * Runs passes[r] over the products of query row {@code rows[r]} of {@code queries} with every point, tile by tile
     * in point order, for r below {@code size} (at most {@link #batchRows}); the rows of a tile in parallel.
     */
    void scan(Matrix queries, int[] rows, int size, Pass[] passes) {
        if (size == 0) {
            return;
        }
        int w = d + 2;
        float[] augmented = new float[size * w];
        for (int r = 0; r < size; r++) {
            double sq = 0;
            for (int c = 0; c < d; c++) {
                float v = centred(queries.data(), rows[r], c);
                augmented[r * w + c] = -2 * v;
                sq += (double) v * v;
            }
            augmented[r * w + d] = (float) sq;
            augmented[r * w + d + 1] = 1;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray query = Tensors.toTensor(scope, new Matrix(size, w, augmented));
            for (int t = 0; t < tiles.size(); t++) {
                int columns;
                try (NDArray product = query.matMul(tiles.get(t))) {
                    columns = (int) product.getShape().get(1);
                    // Read in place into the reused array: toFloatArray would allocate and zero a new one per tile.
                    FloatBuffer view = JniUtils.getByteBuffer((PtNDArray) product, true)
                            .order(ByteOrder.nativeOrder()).asFloatBuffer();
                    view.get(products, 0, size * columns);
                }
                int first = t * tileColumns;
                IntStream.range(0, size).parallel().forEach(r -> passes[r].visit(products, r * columns, first,
                        columns));
            }
        }
    }

    /**
     * The smallest float32 at least {@code bound} widened by a few float32 roundings, so that a pass comparing float
     * products against it keeps every value the bound keeps.
     */
    static float limit(double bound) {
        double widened = bound * (1 + 4 * U);
        float f = (float) widened;
        return f < widened ? Math.nextUp(f) : f;
    }

    /**
     * Whether any of values[from, to) is at most bound: a loop without early exit, which the JIT vectorises, so a
     * pass skips a chunk with nothing near its bound in about half the time of a test per value.
     */
    static boolean anyAtMost(float[] values, int from, int to, float bound) {
        boolean any = false;
        for (int i = from; i < to; i++) {
            any |= values[i] <= bound;
        }
        return any;
    }

    @Override
    public void close() {
        manager.close();
    }
}
