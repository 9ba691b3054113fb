package io.latentkit.report;

import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG histogram of values (for example per-item reconstruction errors), with an optional
 * vertical threshold line such as an anomaly cut-off.
 */
public final class Histogram {
    /** How to draw; {@code threshold} NaN means no threshold line. */
    public record Options(String title, String xLabel, String yLabel, int width, int height, int bins,
                          double threshold, String thresholdName) {
        public static final int DEFAULT_BINS = 50;

        public Options {
            Charts.requireSize(width, height);
            if (bins < 1) {
                throw new IllegalArgumentException("bins " + bins + " must be at least 1");
            }
            if (Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold is " + threshold + "; use a finite value or NaN for none");
            }
        }

        public static Options defaults() {
            return new Options("", "value", "count", Charts.DEFAULT_WIDTH, Charts.DEFAULT_HEIGHT, DEFAULT_BINS,
                    Double.NaN, "threshold");
        }

        public Options withTitle(String t) {
            return new Options(t, xLabel, yLabel, width, height, bins, threshold, thresholdName);
        }

        public Options withAxisLabels(String x, String y) {
            return new Options(title, x, y, width, height, bins, threshold, thresholdName);
        }

        public Options withSize(int w, int h) {
            return new Options(title, xLabel, yLabel, w, h, bins, threshold, thresholdName);
        }

        public Options withBins(int b) {
            return new Options(title, xLabel, yLabel, width, height, b, threshold, thresholdName);
        }

        public Options withThreshold(double value, String name) {
            return new Options(title, xLabel, yLabel, width, height, bins, value, name);
        }
    }

    private Histogram() {
    }

    /** Renders and writes the PNG atomically to {@code target}. */
    public static void write(Path target, double[] values, Options options) {
        Charts.write(target, render(values, options));
    }

    /** Renders to PNG bytes. */
    public static byte[] render(double[] values, Options options) {
        if (values.length == 0) {
            throw new IllegalArgumentException("histogram needs at least one value");
        }
        Charts.requireFinite("values", values);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min == max) { // one value: give its bar a unit width
            min -= 0.5;
            max += 0.5;
        }
        long[] counts = counts(values, options.bins(), min, max);

        // The outline of the bars: up, across and down each bin, as one filled area.
        int bins = counts.length;
        double width = (max - min) / bins;
        double[] x = new double[2 * bins + 2];
        double[] y = new double[2 * bins + 2];
        long top = 0;
        x[0] = min;
        for (int b = 0; b < bins; b++) {
            x[2 * b + 1] = min + b * width;
            x[2 * b + 2] = b == bins - 1 ? max : min + (b + 1) * width;
            y[2 * b + 1] = counts[b];
            y[2 * b + 2] = counts[b];
            top = Math.max(top, counts[b]);
        }
        x[2 * bins + 1] = max;

        XYChart chart = Charts.newChart(options.title(), options.xLabel(), options.yLabel(),
                options.width(), options.height());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        XYSeries bars = chart.addSeries(String.format(Locale.ROOT, "%,d values", values.length), x, y);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setLineColor(Palette.color(0));
        bars.setFillColor(Palette.color(10));
        if (!Double.isNaN(options.threshold())) {
            String name = String.format(Locale.ROOT, "%s = %.4g", options.thresholdName(), options.threshold());
            XYSeries line = chart.addSeries(name, new double[] {options.threshold(), options.threshold()},
                    new double[] {0, top * 1.05});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Palette.color(3));
            line.setLineWidth(2.5f);
        }
        return Charts.png(chart);
    }

    /** Counts of values in {@code bins} equal-width bins over [min, max]; max falls in the last bin. */
    public static long[] counts(double[] values, int bins, double min, double max) {
        long[] counts = new long[bins];
        double scale = bins / (max - min);
        for (double v : values) {
            if (v >= min && v <= max) {
                counts[Math.min(bins - 1, (int) ((v - min) * scale))]++;
            }
        }
        return counts;
    }
}
