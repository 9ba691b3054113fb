package io.latentkit.bench;

import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.format.NpyFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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

    /** How a result file describes Fashion-MNIST as loaded by {@link #fashionMnist}. */
    static Map<String, Object> describe(int rows, int cols, boolean quick) {
        return Runs.fields("name", "fashion-mnist", "rows", rows, "cols", cols, "features", "pixels / 255 as float32",
                "quick", quick);
    }

    /** Points drawn from a Gaussian mixture, with the component each came from. */
    record Mixture(Matrix points, int[] components) {
    }

    /**
     * n points in d dimensions from k equally likely isotropic Gaussians: each component's mean has N(0, 3^2)
     * coordinates and its standard deviation is uniform in [0.5, 1.5], so the components differ in density (as
     * HDBSCAN is meant for) but are well apart: in 50-d the means are about 30 apart, a point about 7 from its mean.
     */
    static Mixture gaussianMixture(int n, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[k * d];
        double[] spreads = new double[k];
        for (int c = 0; c < k; c++) {
            spreads[c] = 0.5 + random.nextDouble();
            for (int j = 0; j < d; j++) {
                means[c * d + j] = 3 * random.nextGaussian();
            }
        }
        float[] data = new float[Math.multiplyExact(n, d)];
        int[] components = new int[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(k);
            components[i] = c;
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (means[c * d + j] + spreads[c] * random.nextGaussian());
            }
        }
        return new Mixture(new Matrix(n, d, data), components);
    }

    /** {@code size} distinct row indices out of n, drawn with the seed (partial Fisher-Yates), ascending. */
    static int[] sample(int n, int size, long seed) {
        if (size > n) {
            throw new IllegalArgumentException("cannot sample " + size + " of " + n + " rows");
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, size);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Saves integers (labels, row indices) as one float32 column, which numpy and {@link #ints} read exactly. */
    static void saveInts(Path file, int[] values) {
        float[] column = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Math.abs(values[i]) > 1 << 24) {
                throw new IllegalArgumentException(values[i] + " is not exact in float32");
            }
            column[i] = values[i];
        }
        NpyFormat.writeMatrix(file, new Matrix(values.length, 1, column));
    }

    /** A float32 matrix saved by peers.py. */
    static Matrix matrix(Path file) {
        return NpyFormat.readMatrix(file);
    }

    /** A 1-D integer array saved by peers.py or {@link #saveInts} (read as one float column; exact below 2^24). */
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
