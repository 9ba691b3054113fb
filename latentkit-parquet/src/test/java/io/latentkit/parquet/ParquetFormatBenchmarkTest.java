package io.latentkit.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentkit.data.Dataset;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times writing and reading 10^6 items of 50 floats with ids and labels. Run with
 * {@code -Dtest=ParquetFormatBenchmarkTest -Dlatentkit.bench=true}; three rounds, the later ones with a warm JVM.
 */
@EnabledIfSystemProperty(named = "latentkit.bench", matches = "true")
class ParquetFormatBenchmarkTest {
    private static final int ROWS = 1_000_000;
    private static final int COLS = 50;

    @TempDir
    Path dir;

    @Test
    void writeAndReadAMillionRows() {
        SplittableRandom random = new SplittableRandom(42);
        float[] values = new float[ROWS * COLS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        List<String> ids = new ArrayList<>(ROWS);
        int[] codes = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ids.add("item-" + i);
            codes[i] = i % 10;
        }
        Dataset data = Dataset.builder(new Matrix(ROWS, COLS, values)).ids(ids).labels(Labels.fromInts(codes)).build();
        ParquetFormat format = new ParquetFormat();
        Path file = dir.resolve("big.parquet");
        InputSpec spec = new InputSpec(file, null, "id", "label", List.of(), List.of(), "vector", null, false);
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            format.write(data, file);
            long written = System.nanoTime();
            Dataset back = format.read(spec).dataset();
            long read = System.nanoTime();
            System.out.printf("round %d: write %.2f s, read %.2f s (%d x %d)%n", round,
                    (written - start) / 1e9, (read - written) / 1e9, back.rows(), back.cols());
            assertEquals(data.fingerprint(), back.fingerprint());
        }
    }
}
