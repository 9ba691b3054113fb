package io.latentkit.bench;

import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.format.NpyFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark inputs, read through latentkit's own readers so that reading is exercised as users would. */
final class BenchData {
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private BenchData() {
    }

    /** Pixels and true classes of Fashion-MNIST. */
    record Images(Matrix pixels, int[] labels) {
    }

    /**
     * Fashion-MNIST as bench/peers.py loads it: train then test (or the test set alone when quick), pixels divided
     * by 255 in float32, which rounds exactly as numpy's float32 division does.
     */
    static Images fashionMnist(boolean quick) {
        List<String> parts = quick ? List.of("t10k") : List.of("train", "t10k");
        List<Matrix> blocks = new ArrayList<>();
        List<int[]> labelBlocks = new ArrayList<>();
        for (String part : parts) {
            InputSpec spec = InputSpec.of(FASHION_MNIST.resolve(part + "-images-idx3-ubyte.gz"))
                    .withFormat("idx")
                    .withLabelsPath(FASHION_MNIST.resolve(part + "-labels-idx1-ubyte.gz"));
            Dataset d = DatasetFormats.read(spec).dataset();
            blocks.add(d.features());
            labelBlocks.add(classValues(d.labels().orElseThrow()));
        }
        int cols = blocks.getFirst().cols();
        int rows = blocks.stream().mapToInt(Matrix::rows).sum();
        float[] data = new float[Math.multiplyExact(rows, cols)];
        int[] labels = new int[rows];
        int at = 0;
        for (int b = 0; b < blocks.size(); b++) {
            float[] src = blocks.get(b).data();
            for (int i = 0; i < src.length; i++) {
                data[at * cols + i] = src[i] / 255f;
            }
            int[] y = labelBlocks.get(b);
            System.arraycopy(y, 0, labels, at, y.length);
            at += blocks.get(b).rows();
        }
        return new Images(new Matrix(rows, cols, data), labels);
    }

    /** The class each item belongs to as its numeric value (IDX classes are named by their numbers). */
    private static int[] classValues(Labels labels) {
        int[] values = new int[labels.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Integer.parseInt(labels.name(i));
        }
        return values;
    }

    /** A float32 matrix saved by peers.py. */
    static Matrix matrix(Path file) {
        return NpyFormat.readMatrix(file);
    }

    /** A 1-D integer array saved by peers.py (read as one float column; labels are small, so exact). */
    static int[] ints(Path file) {
        Matrix m = NpyFormat.readMatrix(file);
        if (m.cols() != 1) {
            throw new IllegalArgumentException(file + ": expected a 1-D array, got " + m.rows() + " x " + m.cols());
        }
        int[] out = new int[m.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) m.get(i, 0);
        }
        return out;
    }
}
