package io.latentkit.report;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG line chart of named series of y over x, such as training and validation loss per epoch. */
public final class LineChart {
    /** One named curve; x and y of equal length, finite. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but "
                        + y.length + " y values");
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "' is empty");
            }
            x = x.clone();
            y = y.clone();
            Charts.requireFinite("series '" + name + "' x", x);
            Charts.requireFinite("series '" + name + "' y", y);
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }

        /** A series over 1, 2, 3, ... (for example one value per epoch). */
        public static Series of(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            return new Series(name, x, y);
        }
    }

    /** How to draw; {@code logX} and {@code logY} draw that axis in log scale, which needs every value above 0. */
    public record Options(String title, String xLabel, String yLabel, int width, int height, boolean logX,
                          boolean logY) {
        public Options {
            Charts.requireSize(width, height);
        }

        public static Options defaults() {
            return new Options("", "epoch", "loss", Charts.DEFAULT_WIDTH, Charts.DEFAULT_HEIGHT, false, false);
        }

        public Options withTitle(String t) {
            return new Options(t, xLabel, yLabel, width, height, logX, logY);
        }

        public Options withAxisLabels(String x, String y) {
            return new Options(title, x, y, width, height, logX, logY);
        }

        public Options withSize(int w, int h) {
            return new Options(title, xLabel, yLabel, w, h, logX, logY);
        }

        public Options withLogX(boolean log) {
            return new Options(title, xLabel, yLabel, width, height, log, logY);
        }

        public Options withLogY(boolean log) {
            return new Options(title, xLabel, yLabel, width, height, logX, log);
        }
    }

    private LineChart() {
    }

    /** Renders and writes the PNG atomically to {@code target}. */
    public static void write(Path target, List<Series> series, Options options) {
        Charts.write(target, render(series, options));
    }

    /** Renders to PNG bytes; series are coloured by position with {@link Palette}. */
    public static byte[] render(List<Series> series, Options options) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("line chart needs at least one series");
        }
        var names = new HashSet<String>();
        for (Series s : series) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("series name '" + s.name() + "' is used twice");
            }
            requirePositive(s.name(), "x", s.x(), options.logX());
            requirePositive(s.name(), "y", s.y(), options.logY());
        }
        XYChart chart = Charts.newChart(options.title(), options.xLabel(), options.yLabel(),
                options.width(), options.height());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setXAxisLogarithmic(options.logX());
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisLogarithmic(options.logY());
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        chart.getStyler().setMarkerSize(5);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double[] x = s.x();
            XYSeries line = chart.addSeries(s.name(), x, s.y());
            line.setLineColor(Palette.color(i));
            line.setMarkerColor(Palette.color(i));
            line.setLineWidth(2f);
            // Markers help for a few points per curve and clutter beyond.
            line.setMarker(x.length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return Charts.png(chart);
    }

    private static void requirePositive(String series, String axis, double[] values, boolean log) {
        for (int i = 0; log && i < values.length; i++) {
            if (values[i] <= 0) {
                throw new IllegalArgumentException("series '" + series + "' " + axis + "[" + i + "] is " + values[i]
                        + "; a log " + axis + " axis needs values above 0");
            }
        }
    }
}
