package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Matrix;

/**
 * Runs a trained network over a matrix in fixed blocks of rows (memory stays bounded for millions of rows, and the same
 * weights give the same output block by block): embeddings, reconstructions or per-row reconstruction errors.
 */
final class Inference {
    /** Rows per block; fixed, so that results never depend on anything but the weights and the rows. */
    static final int BLOCK_ROWS = 1024;

    enum Output {
        EMBEDDING, RECONSTRUCTION, ERRORS
    }

    private Inference() {
    }

    static Matrix run(Net net, float[][] values, Matrix x, Output output) {
        if (x.cols() != net.inputWidth) {
            throw new IllegalArgumentException("the autoencoder was fitted on " + net.inputWidth
                    + " features, the data has " + x.cols());
        }
        int width = switch (output) {
            case EMBEDDING -> net.latent;
            case RECONSTRUCTION -> net.inputWidth;
            case ERRORS -> 1;
        };
        float[] out = new float[Math.multiplyExact(x.rows(), width)];
        try (NDManager manager = Tensors.newManager()) {
            NDArray[] p = net.upload(manager, values);
            NDArray staging = Tensors.staging(manager, x, BLOCK_ROWS);
            for (int from = 0; from < x.rows(); from += BLOCK_ROWS) {
                int to = Math.min(x.rows(), from + BLOCK_ROWS);
                try (NDManager block = manager.newSubManager()) {
                    NDArray rows = Tensors.stage(block, staging, x, from, to);
                    NDArray result = switch (output) {
                        case EMBEDDING -> net.embed(p, rows);
                        case RECONSTRUCTION -> net.forward(p, rows, false).reconstruction();
                        case ERRORS -> Losses.rowMse(net.forward(p, rows, false).reconstruction(), rows);
                    };
                    System.arraycopy(result.toFloatArray(), 0, out, from * width, (to - from) * width);
                }
            }
        }
        return new Matrix(x.rows(), width, out);
    }
}
