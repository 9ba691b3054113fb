package io.latentkit.report;

import io.latentkit.data.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/** What all figures share: the look, argument checks, and PNG encoding written atomically. */
final class Charts {
    static final int DEFAULT_WIDTH = 1000;
    static final int DEFAULT_HEIGHT = 800;

    private Charts() {
    }

    /** A blank XY chart in the common style: white, light grid, legend outside on the right. */
    static XYChart newChart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x9a9a9a));
        s.setPlotGridLinesColor(new Color(0xe6e6e6));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(new Color(0x222222));
        s.setAxisTickLabelsColor(new Color(0x333333));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(new Color(0xcccccc));
        s.setChartPadding(12);
        s.setAntiAlias(true);
        return chart;
    }

    static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
    }

    /** Writes encoded bytes under a temporary name, then renames: a reader never sees half a PNG. */
    static void write(Path target, byte[] png) {
        AtomicFiles.write(target, out -> out.write(png));
    }

    static void requireSize(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("figure size " + width + "x" + height + " is below 100x100 pixels");
        }
    }

    static void requireFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + values[i] + "; values must be finite");
            }
        }
    }
}
