package io.latentkit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramTest {
    @TempDir
    Path dir;

    @Test
    void countsPutTheMaximumInTheLastBin() {
        assertArrayEquals(new long[] {2, 1, 0, 2}, Histogram.counts(new double[] {0, 0.2, 0.3, 0.9, 1}, 4, 0, 1));
    }

    @Test
    void writesPngWithThreshold() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        double[] errors = new double[5000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = Math.exp(r.nextDouble() * 2 - 3 + (i % 50 == 0 ? 2 : 0));
        }
        Path png = dir.resolve("errors.png");
        Histogram.write(png, errors, Histogram.Options.defaults().withTitle("reconstruction error")
                .withAxisLabels("error", "items").withThreshold(0.3, "99th percentile").withSize(800, 500));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void singleValueStillDraws() {
        assertTrue(Histogram.render(new double[] {3, 3, 3}, Histogram.Options.defaults()).length > 0);
    }

    @Test
    void rejectsBadInput() {
        var nan = assertThrows(IllegalArgumentException.class,
                () -> Histogram.render(new double[] {1, Double.POSITIVE_INFINITY}, Histogram.Options.defaults()));
        assertTrue(nan.getMessage().contains("values[1] is Infinity"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Histogram.render(new double[0], Histogram.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Histogram.Options.defaults().withBins(0));
    }
}
