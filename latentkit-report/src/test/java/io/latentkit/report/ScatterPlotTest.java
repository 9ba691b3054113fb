package io.latentkit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.data.Matrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScatterPlotTest {
    @TempDir
    Path dir;

    /** n points in k Gaussian blobs; item i belongs to group i % k. */
    private static Matrix blobs(int n, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * (i % k) / k;
            data[2 * i] = (float) (5 * Math.cos(angle) + r.nextDouble(-1, 1));
            data[2 * i + 1] = (float) (5 * Math.sin(angle) + r.nextDouble(-1, 1));
        }
        return new Matrix(n, 2, data);
    }

    private static int[] cyclic(int n, int k) {
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            groups[i] = i % k;
        }
        return groups;
    }

    @Test
    void writesPngOfRequestedSizeAtomically() throws IOException {
        Path png = dir.resolve("scatter.png");
        var summary = ScatterPlot.write(png, blobs(1000, 4, 1), cyclic(1000, 4),
                ScatterPlot.Options.defaults().withTitle("blobs").withSize(640, 480));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        assertEquals(new ScatterPlot.Summary(1000, 1000, List.of("cluster 0", "cluster 1", "cluster 2", "cluster 3")),
                summary);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void defaultSizeIs1000By800() throws IOException {
        var figure = ScatterPlot.render(blobs(50, 2, 1), cyclic(50, 2), ScatterPlot.Options.defaults());
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(figure.png()));
        assertEquals(1000, image.getWidth());
        assertEquals(800, image.getHeight());
    }

    @Test
    void noiseComesFirstAndGroupNamesAreUsed() {
        int[] groups = {1, -1, 0, 2, -1, 0};
        var opts = ScatterPlot.Options.defaults().withGroupNames(List.of("T-shirt", "Trouser", "Pullover"));
        var summary = ScatterPlot.render(blobs(6, 3, 2), groups, opts).summary();
        assertEquals(List.of("noise", "T-shirt", "Trouser", "Pullover"), summary.legend());
    }

    @Test
    void emptyGroupsAreLeftOutOfTheLegend() {
        var summary = ScatterPlot.render(blobs(4, 2, 3), new int[] {0, 3, 0, 3}, ScatterPlot.Options.defaults())
                .summary();
        assertEquals(List.of("cluster 0", "cluster 3"), summary.legend());
    }

    @Test
    void subsampleIsStratifiedAndDeterministic() {
        int n = 10_001;
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            groups[i] = i < 6000 ? 0 : i < 9000 ? 1 : i < 10_000 ? -1 : 2; // group 2 has one item
        }
        int[] a = ScatterPlot.sample(groups, 1000, 42);
        assertArrayEquals(a, ScatterPlot.sample(groups, 1000, 42));
        assertFalse(java.util.Arrays.equals(a, ScatterPlot.sample(groups, 1000, 43)));
        assertEquals(1000, a.length);
        int[] perGroup = new int[4];
        for (int i = 0; i < a.length; i++) {
            assertTrue(i == 0 || a[i] > a[i - 1], "ascending and distinct");
            perGroup[groups[a[i]] + 1]++;
        }
        assertEquals(100, perGroup[0], "noise keeps its 10% share");
        assertEquals(1, perGroup[3], "a single-item group stays visible");
        assertEquals(899, perGroup[1] + perGroup[2]);
        assertTrue(Math.abs(perGroup[1] - 600) <= 1 && Math.abs(perGroup[2] - 300) <= 1,
                "shares follow group sizes: " + java.util.Arrays.toString(perGroup));
    }

    @Test
    void paletteCyclesAfterTwentyAndKeepsGreyForNoise() {
        assertEquals(20, Palette.size());
        assertEquals(Palette.color(3), Palette.color(23));
        assertEquals(20, Palette.HEX.stream().distinct().count());
        assertThrows(IllegalArgumentException.class, () -> Palette.color(-1));
    }

    @Test
    void renderReportsHowManyPointsItShows() {
        var opts = ScatterPlot.Options.defaults().withMaxPoints(500, 7);
        var summary = ScatterPlot.render(blobs(2000, 5, 4), cyclic(2000, 5), opts).summary();
        assertEquals(500, summary.shown());
        assertEquals(2000, summary.total());
    }

    @Test
    void rendersTenThousandPointsQuickly() {
        Matrix points = blobs(10_000, 10, 5);
        int[] groups = cyclic(10_000, 10);
        ScatterPlot.render(points, groups, ScatterPlot.Options.defaults()); // warm-up: class loading, fonts
        long start = System.nanoTime();
        ScatterPlot.render(points, groups, ScatterPlot.Options.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ScatterPlot: 10,000 points rendered to PNG in %.3f s%n", seconds);
        assertTrue(seconds < 10, "rendering 10k points took " + seconds + " s");
    }

    @Test
    void rejectsNonFiniteCoordinates() {
        Matrix m = blobs(5, 2, 6);
        m.data()[7] = Float.NaN; // row 3, column 1
        var e = assertThrows(IllegalArgumentException.class,
                () -> ScatterPlot.render(m, cyclic(5, 2), ScatterPlot.Options.defaults()));
        assertTrue(e.getMessage().contains("non-finite coordinate NaN at row 3, column 1"), e.getMessage());
    }

    @Test
    void rejectsFewerThanTwoColumns() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ScatterPlot.render(new Matrix(3, 1, new float[3]), new int[3], ScatterPlot.Options.defaults()));
        assertTrue(e.getMessage().contains("at least 2 columns, got 1"), e.getMessage());
    }

    @Test
    void rejectsLabelCountMismatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ScatterPlot.render(blobs(10, 2, 7), new int[9], ScatterPlot.Options.defaults()));
        assertTrue(e.getMessage().contains("label array has 9 entries but coordinates have 10 rows"), e.getMessage());
    }

    @Test
    void rejectsBadLabels() {
        var below = assertThrows(IllegalArgumentException.class,
                () -> ScatterPlot.render(blobs(3, 1, 8), new int[] {0, -2, 0}, ScatterPlot.Options.defaults()));
        assertTrue(below.getMessage().contains("label -2 at row 1"), below.getMessage());
        var unnamed = assertThrows(IllegalArgumentException.class,
                () -> ScatterPlot.render(blobs(3, 1, 8), new int[] {0, 2, 0},
                        ScatterPlot.Options.defaults().withGroupNames(List.of("a", "b"))));
        assertTrue(unnamed.getMessage().contains("label 2 at row 1 has no group name (2 names given)"),
                unnamed.getMessage());
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> ScatterPlot.Options.defaults().withSize(0, 800));
        assertThrows(IllegalArgumentException.class, () -> ScatterPlot.Options.defaults().withMaxPoints(0, 1));
    }
}
