package io.latentkit.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.latentkit.data.Matrix;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * The bridge between {@link Matrix} and the tensor engine (DJL on PyTorch, CPU).
 *
 * <p>Every kernel opens a child manager with {@link #newManager()} in a try-with-resources block, so native memory
 * is freed when the kernel returns, whatever happens.
 */
public final class Tensors {
    /** Bytes one working block of a kernel may take; blocks of rows are sized from it. */
    public static final long BLOCK_BYTES = 64L << 20;
    /** Most bytes copied into a tensor through one direct buffer (whose capacity is an int). */
    private static final long COPY_BYTES = 1L << 30;
    /** Parts a product over items is cut into where MKL cannot fix its order itself; fixed, not the thread count. */
    private static final int ITEM_PARTS = 4;
    /** Fewest items per part, below which one part does it. */
    private static final int MIN_PART_ITEMS = 1024;

    private static volatile NDManager root;

    private Tensors() {
    }

    private static NDManager root() {
        NDManager r = root;
        if (r == null) {
            synchronized (Tensors.class) {
                r = root;
                if (r == null) {
                    r = NDManager.newBaseManager("PyTorch");
                    Reproducibility.requestStrictMkl();
                    root = r;
                }
            }
        }
        return r;
    }

    /** A manager whose arrays are all freed when it is closed. */
    public static NDManager newManager() {
        return root().newSubManager();
    }

    /**
     * A child manager that temporarily holds long-lived arrays: every result computed from them inside the scope
     * (the engine attaches results to their first operand's manager) is freed when the scope closes, and the
     * borrowed arrays return to their own manager. Use it for each iteration of a loop over resident data.
     */
    public static NDManager borrow(NDManager parent, NDArray... arrays) {
        NDManager scope = parent.newSubManager();
        for (NDArray a : arrays) {
            a.tempAttach(scope);
        }
        return scope;
    }

    /** Copies a whole matrix into a float32 tensor of shape (rows, cols). */
    public static NDArray toTensor(NDManager manager, Matrix m) {
        return toTensor(manager, m, 0, m.rows());
    }

    /**
     * Copies rows [from, to) of a matrix into a float32 tensor. The copy goes straight into the tensor's own memory,
     * as a bulk copy: creating a tensor from a heap array stages it through a zeroed direct buffer instead, at about
     * 0.4 GB/s (0.6 s for 70,000 x 784). A direct buffer holds under 2 GiB, so large matrices go over in row ranges.
     */
    public static NDArray toTensor(NDManager manager, Matrix m, int from, int to) {
        return toTensor(manager, m, from, to, COPY_BYTES);
    }

    /** {@link #toTensor(NDManager, Matrix, int, int)} through direct buffers of at most {@code copyBytes}. */
    static NDArray toTensor(NDManager manager, Matrix m, int from, int to, long copyBytes) {
        NDArray tensor = manager.create(new Shape(to - from, m.cols()), DataType.FLOAT32);
        copyRows(tensor, m, from, copyBytes);
        return tensor;
    }

    /**
     * A tensor to stream matrix m through in blocks of up to {@code blockRows} rows (see {@link #stage}). Fresh engine
     * memory costs a page fault per 4 KiB on first touch, which made a copy into a new tensor run at 1.7 GB/s; a
     * reused tensor pays that once instead of once per block.
     */
    public static NDArray staging(NDManager manager, Matrix m, int blockRows) {
        return manager.create(new Shape(Math.min(blockRows, m.rows()), m.cols()), DataType.FLOAT32);
    }

    /**
     * Copies rows [from, to) of a matrix into the first rows of a {@link #staging} tensor and returns them as a view
     * attached to {@code scope} (so what is computed from it is freed with the scope). The view is overwritten by the
     * next stage into the same tensor.
     */
    public static NDArray stage(NDManager scope, NDArray staging, Matrix m, int from, int to) {
        NDArray view = staging.get("0:" + (to - from));
        view.attach(scope);
        copyRows(view, m, from, COPY_BYTES);
        return view;
    }

    /** Fills a contiguous (rows x cols) tensor with that many rows of m from row {@code from}, by bulk copies. */
    private static void copyRows(NDArray tensor, Matrix m, int from, long copyBytes) {
        int cols = m.cols();
        int rows = (int) tensor.getShape().get(0);
        if ((long) rows * cols == 0) {
            return;
        }
        int step = (int) Math.max(1, Math.min(rows, (copyBytes / Float.BYTES) / Math.max(1, cols)));
        for (int r = 0; r < rows; r += step) {
            int end = Math.min(rows, r + step);
            NDArray range = rows == end - r ? tensor : tensor.get(r + ":" + end);
            JniUtils.getByteBuffer((PtNDArray) range, true).order(ByteOrder.nativeOrder()).asFloatBuffer()
                    .put(m.data(), (from + r) * cols, (end - r) * cols);
            if (range != tensor) {
                range.close();
            }
        }
    }

    /** Rows per block so that a block of {@code rows x cols} float32 values stays within {@link #BLOCK_BYTES}. */
    public static int rowsPerBlock(long cols) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, BLOCK_BYTES / (Float.BYTES * Math.max(1, cols))));
    }

    /** Sets the engine's intra-op thread count (results of every latentkit kernel do not depend on it). */
    public static void setThreads(int threads) {
        root();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }

    /**
     * Whether matrix products are bit-identical at any thread count: MKL's strict reproducibility is on, or (where
     * MKL cannot honour it) the products that sum over items run through {@link #matMulOverItems}.
     */
    public static boolean threadInvariant() {
        root();
        return Reproducibility.threadInvariant();
    }

    /**
     * {@code a.matMul(b)} (batched when 3-D) for a product whose shared dimension, a's last and b's second-to-last,
     * runs over items: statistics such as X^T R, or a Gram matrix. MKL may split that dimension between threads,
     * which changes the order of the sums with the thread count. Where its strict reproducibility is unavailable the
     * items are cut into a fixed number of parts, each part's product runs with MKL on one thread (the parts in
     * parallel), and the partial products are added in order: the result depends on the number of items only.
     */
    public static NDArray matMulOverItems(NDArray a, NDArray b) {
        if (!Reproducibility.needsFixedOrder()) {
            return a.matMul(b);
        }
        long items = a.getShape().get(a.getShape().dimension() - 1);
        if (items < (long) ITEM_PARTS * MIN_PART_ITEMS) {
            return Reproducibility.serially(() -> a.matMul(b));
        }
        NDArray[] partial = new NDArray[ITEM_PARTS];
        IntStream.range(0, ITEM_PARTS).parallel().forEach(part -> {
            long from = items * part / ITEM_PARTS;
            long to = items * (part + 1) / ITEM_PARTS;
            partial[part] = Reproducibility.serially(
                    () -> a.get(slice(a, false, from, to)).matMul(b.get(slice(b, true, from, to))));
        });
        NDArray sum = partial[0];
        for (int part = 1; part < ITEM_PARTS; part++) {
            sum = sum.add(partial[part]);
        }
        return sum;
    }

    /** Items [from, to) along a's last axis, or along b's second-to-last ({@code rowsOfB}). */
    private static NDIndex slice(NDArray x, boolean rowsOfB, long from, long to) {
        int rank = x.getShape().dimension();
        StringBuilder index = new StringBuilder();
        for (int axis = 0; axis < rank; axis++) {
            boolean items = axis == (rowsOfB ? rank - 2 : rank - 1);
            index.append(axis > 0 ? "," : "").append(items ? from + ":" + to : ":");
        }
        return new NDIndex(index.toString());
    }

    public static int threads() {
        root();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }
}
