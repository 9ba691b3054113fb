package io.latentkit.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.bench.BenchData.Mixture;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDataTest {
    @Test
    void sampleIsDistinctAscendingAndFixedBySeed() {
        int[] rows = BenchData.sample(1_000, 200, 7);
        assertEquals(200, rows.length);
        assertEquals(200, Arrays.stream(rows).distinct().count());
        assertTrue(Arrays.stream(rows).allMatch(i -> i >= 0 && i < 1_000));
        int[] sorted = rows.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, rows);
        assertArrayEquals(rows, BenchData.sample(1_000, 200, 7));
        assertFalse(Arrays.equals(rows, BenchData.sample(1_000, 200, 8)));
        assertArrayEquals(new int[] {0, 1, 2}, BenchData.sample(3, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> BenchData.sample(3, 4, 0));
    }

    @Test
    void integersRoundTripThroughNpyIncludingNoise(@TempDir Path dir) {
        int[] labels = {-1, 0, 9, 69_999, -1};
        Path file = dir.resolve("labels.npy");
        BenchData.saveInts(file, labels);
        assertArrayEquals(labels, BenchData.ints(file));
        assertThrows(IllegalArgumentException.class, () -> BenchData.saveInts(file, new int[] {(1 << 24) + 1}));
    }

    @Test
    void mixtureIsFixedBySeedAndItsComponentsAreApart() {
        Mixture a = BenchData.gaussianMixture(400, 50, 4, 3);
        Mixture b = BenchData.gaussianMixture(400, 50, 4, 3);
        assertArrayEquals(a.points().data(), b.points().data());
        assertArrayEquals(a.components(), b.components());
        assertEquals(4, Arrays.stream(a.components()).distinct().count());
        // Each point is nearer its own component's mean than any other mean: the clusters are separable.
        double[][] means = new double[4][50];
        int[] counts = new int[4];
        for (int i = 0; i < 400; i++) {
            counts[a.components()[i]]++;
            for (int j = 0; j < 50; j++) {
                means[a.components()[i]][j] += a.points().get(i, j);
            }
        }
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < 50; j++) {
                means[c][j] /= counts[c];
            }
        }
        for (int i = 0; i < 400; i++) {
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 4; c++) {
                double d = 0;
                for (int j = 0; j < 50; j++) {
                    double t = a.points().get(i, j) - means[c][j];
                    d += t * t;
                }
                if (d < best) {
                    best = d;
                    nearest = c;
                }
            }
            assertEquals(a.components()[i], nearest, "point " + i);
        }
    }
}
