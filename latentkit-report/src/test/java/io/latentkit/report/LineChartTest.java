package io.latentkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir
    Path dir;

    private static final LineChart.Series TRAIN = LineChart.Series.of("train", new double[] {2.0, 1.0, 0.5, 0.3});
    private static final LineChart.Series VALIDATION =
            LineChart.Series.of("validation", new double[] {2.2, 1.3, 0.8, 0.7});

    @Test
    void writesPngWithLogY() throws IOException {
        Path png = dir.resolve("loss.png");
        LineChart.write(png, List.of(TRAIN, VALIDATION),
                LineChart.Options.defaults().withTitle("loss").withLogY(true).withSize(700, 400));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(700, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void seriesOfCountsFromOne() {
        assertEquals(1.0, TRAIN.x()[0]);
        assertEquals(4.0, TRAIN.x()[3]);
    }

    @Test
    void rejectsBadSeries() {
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> new LineChart.Series("a", new double[] {1, 2}, new double[] {1}));
        assertTrue(lengths.getMessage().contains("2 x values but 1 y values"), lengths.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> LineChart.Series.of("a", new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("series 'a' y[1] is NaN"), nan.getMessage());
        var log = assertThrows(IllegalArgumentException.class, () -> LineChart.render(
                List.of(LineChart.Series.of("z", new double[] {1, 0})), LineChart.Options.defaults().withLogY(true)));
        assertTrue(log.getMessage().contains("log y axis needs values above 0"), log.getMessage());
        var logX = assertThrows(IllegalArgumentException.class, () -> LineChart.render(
                List.of(new LineChart.Series("k", new double[] {0, 2}, new double[] {1, 1})),
                LineChart.Options.defaults().withLogX(true)));
        assertTrue(logX.getMessage().contains("series 'k' x[0] is 0.0; a log x axis needs values above 0"), logX.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LineChart.render(List.of(TRAIN, TRAIN), LineChart.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> LineChart.render(List.of(), LineChart.Options.defaults()));
    }
}
