package io.latentkit.report;

import io.latentkit.data.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/** What all figures share: the look, argument checks, and PNG encoding written atomically. */
final class Charts {
    static final int DEFAULT_WIDTH = 1000;
    static final int DEFAULT_HEIGHT = 800;
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color BORDER = new Color(0xcccccc);
    private static final int SWATCH = 11;
    private static final int PAD = 10;
    private static final int GAP = 7;
    private static final int ROW = 21;

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
        s.setLegendFont(LEGEND_FONT);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(BORDER);
        s.setChartPadding(12);
        s.setAntiAlias(true);
        return chart;
    }

    static byte[] png(XYChart chart) {
        return encode(BitmapEncoder.getBufferedImage(chart));
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 18);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** One row of a marker legend. */
    record LegendEntry(String name, Color color) {
    }

    /**
     * The width a marker legend of these entries takes at the right of a figure of this height:
     * one column, or more when the rows do not fit. XChart sizes legend markers like plot markers,
     * which are too small to read in a dense scatter plot, hence a legend drawn here.
     */
    static int markerLegendWidth(List<LegendEntry> entries, int height) {
        FontRenderContext frc = new FontRenderContext(null, true, true);
        double text = 0;
        for (LegendEntry e : entries) {
            text = Math.max(text, LEGEND_FONT.getStringBounds(e.name(), frc).getWidth());
        }
        int columns = ceilDiv(entries.size(), rowsPerColumn(height));
        return columns * (SWATCH + GAP + (int) Math.ceil(text) + PAD) + PAD + 2 * GAP;
    }

    /** The chart drawn at its own size on the left, a marker legend in the remaining width on the right. */
    static byte[] pngWithMarkerLegend(XYChart chart, List<LegendEntry> entries, int width, int height) {
        chart.getStyler().setLegendVisible(false);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(LEGEND_FONT);
            int rows = Math.min(entries.size(), rowsPerColumn(height));
            int boxWidth = markerLegendWidth(entries, height) - 2 * GAP;
            int columnWidth = (boxWidth - PAD) / ceilDiv(entries.size(), rows);
            int boxHeight = rows * ROW + PAD;
            int x0 = chart.getWidth() + GAP;
            int y0 = (height - boxHeight) / 2;
            g.setColor(BORDER);
            g.drawRect(x0, y0, boxWidth, boxHeight);
            int ascent = g.getFontMetrics().getAscent();
            for (int i = 0; i < entries.size(); i++) {
                int x = x0 + PAD + (i / rows) * columnWidth;
                int y = y0 + PAD / 2 + (i % rows) * ROW;
                g.setColor(entries.get(i).color());
                g.fillOval(x, y + (ROW - SWATCH) / 2, SWATCH, SWATCH);
                g.setColor(new Color(0x222222));
                g.drawString(entries.get(i).name(), x + SWATCH + GAP, y + (ROW + ascent) / 2 - 2);
            }
        } finally {
            g.dispose();
        }
        return encode(image);
    }

    private static int rowsPerColumn(int height) {
        return Math.max(1, (height - 4 * PAD) / ROW);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Writes encoded bytes under a temporary name, then renames: a reader never sees half a PNG. */
    static void write(Path target, byte[] png) {
        AtomicFiles.write(target, out -> out.write(png));
    }

    /** A tick label: up to six significant digits, plain between 0.001 and a million, else scientific. */
    static String tick(double value) {
        double a = Math.abs(value);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3g", value);
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
