package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Constants for expressions the engine differentiates. Every number that meets a tensor on the way to a loss goes
 * through here, never through the engine's {@code NDArray} overloads that take a {@code Number}: those wrap the number
 * in a tensor over a Java direct buffer and close it right after the operation, while autograd keeps that memory to
 * compute the backward pass (a product saves its other factor, a maximum both operands). A garbage collection between
 * forward and backward then frees it, and backward reads whatever was written there since: a gradient scaled by
 * garbage, rarely, and only in some runs. The tensors made here live in memory the engine owns and counts
 * references to, so the graph keeps them alive for as long as it needs them.
 */
final class Scalars {
    private Scalars() {
    }

    /** A 0-d tensor holding {@code value}, of {@code like}'s type, device and manager. */
    static NDArray of(NDArray like, double value) {
        return JniUtils.full((PtNDManager) like.getManager(), new Shape(), value, like.getDataType(), like.getDevice(),
                SparseFormat.DENSE);
    }
}
