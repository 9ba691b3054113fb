package io.latentkit.report;

import io.latentkit.data.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG scatter plot of 2-D coordinates (columns 0 and 1 of a matrix) coloured by integer
 * groups: cluster labels or true classes. Label -1 is noise, drawn light grey behind the groups.
 *
 * <p>Large inputs are thinned to {@link Options#maxPoints()} by a stratified sample (every group
 * keeps its share, and at least one point) that depends only on the seed, and the title says so.
 * Each group is one series of primitive arrays, so drawing stays fast for tens of thousands of points.
 */
public final class ScatterPlot {
    /** The group code that means "noise" (no cluster). */
    public static final int NOISE = -1;

    /**
     * How to draw. {@code markerSize} 0 picks a size from the number of points drawn;
     * an empty {@code groupNames} names groups "cluster 0", "cluster 1", ...
     */
    public record Options(String title, String xLabel, String yLabel, int width, int height, int markerSize,
                          List<String> groupNames, int maxPoints, long seed) {
        public static final int DEFAULT_MAX_POINTS = 50_000;

        public Options {
            Charts.requireSize(width, height);
            if (markerSize < 0) {
                throw new IllegalArgumentException("marker size " + markerSize + " is negative");
            }
            if (maxPoints < 1) {
                throw new IllegalArgumentException("maxPoints " + maxPoints + " must be at least 1");
            }
            groupNames = List.copyOf(groupNames);
        }

        public static Options defaults() {
            return new Options("", "dimension 1", "dimension 2", Charts.DEFAULT_WIDTH, Charts.DEFAULT_HEIGHT,
                    0, List.of(), DEFAULT_MAX_POINTS, 0L);
        }

        public Options withTitle(String t) {
            return new Options(t, xLabel, yLabel, width, height, markerSize, groupNames, maxPoints, seed);
        }

        public Options withAxisLabels(String x, String y) {
            return new Options(title, x, y, width, height, markerSize, groupNames, maxPoints, seed);
        }

        public Options withSize(int w, int h) {
            return new Options(title, xLabel, yLabel, w, h, markerSize, groupNames, maxPoints, seed);
        }

        public Options withMarkerSize(int size) {
            return new Options(title, xLabel, yLabel, width, height, size, groupNames, maxPoints, seed);
        }

        public Options withGroupNames(List<String> names) {
            return new Options(title, xLabel, yLabel, width, height, markerSize, names, maxPoints, seed);
        }

        public Options withMaxPoints(int max, long sampleSeed) {
            return new Options(title, xLabel, yLabel, width, height, markerSize, groupNames, max, sampleSeed);
        }
    }

    /** What was drawn: points shown out of the total, and the legend entries in drawing order. */
    public record Summary(int shown, int total, List<String> legend) {
        public Summary {
            legend = List.copyOf(legend);
        }
    }

    /** A rendered figure: PNG bytes and what they show. */
    public record Figure(byte[] png, Summary summary) {
    }

    private ScatterPlot() {
    }

    /** Renders and writes the PNG atomically to {@code target}. */
    public static Summary write(Path target, Matrix coordinates, int[] groups, Options options) {
        Figure figure = render(coordinates, groups, options);
        Charts.write(target, figure.png());
        return figure.summary();
    }

    /** Renders to PNG bytes. */
    public static Figure render(Matrix coordinates, int[] groups, Options options) {
        validate(coordinates, groups, options);
        int n = groups.length;
        int[] drawn = n > options.maxPoints() ? sample(groups, options.maxPoints(), options.seed()) : null;
        int shown = drawn == null ? n : drawn.length;

        // Bucket the drawn points by group (counting sort), noise first so it lands underneath.
        int[] order = drawn == null ? identity(n) : drawn;
        int maxGroup = Arrays.stream(groups).max().orElse(NOISE);
        int[] start = new int[maxGroup + 3];
        for (int i : order) {
            start[groups[i] + 2]++;
        }
        for (int g = 1; g < start.length; g++) {
            start[g] += start[g - 1];
        }
        float[] xs = new float[shown];
        float[] ys = new float[shown];
        int[] fill = start.clone();
        float[] data = coordinates.data();
        int cols = coordinates.cols();
        for (int i : order) {
            int at = fill[groups[i] + 1]++;
            xs[at] = data[i * cols];
            ys[at] = data[i * cols + 1];
        }

        List<Integer> present = new ArrayList<>();
        List<Charts.LegendEntry> legend = new ArrayList<>();
        for (int g = NOISE; g <= maxGroup; g++) {
            if (start[g + 1] < start[g + 2]) {
                present.add(g);
                legend.add(new Charts.LegendEntry(groupName(g, options.groupNames()),
                        g == NOISE ? Palette.NOISE : Palette.color(g)));
            }
        }
        int plotWidth = Math.max(options.width() / 2, options.width() - Charts.markerLegendWidth(legend, options.height()));
        XYChart chart = Charts.newChart(title(options.title(), shown, n), options.xLabel(), options.yLabel(),
                plotWidth, options.height());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(options.markerSize() > 0 ? options.markerSize() : autoMarkerSize(shown));
        chart.getStyler().setSeriesMarkers(new Marker[] {SeriesMarkers.CIRCLE});
        for (int j = 0; j < present.size(); j++) {
            int g = present.get(j);
            XYSeries series = chart.addSeries(legend.get(j).name(),
                    Arrays.copyOfRange(xs, start[g + 1], start[g + 2]), Arrays.copyOfRange(ys, start[g + 1], start[g + 2]));
            series.setMarkerColor(legend.get(j).color());
        }
        byte[] png = Charts.pngWithMarkerLegend(chart, legend, options.width(), options.height());
        return new Figure(png, new Summary(shown, n, legend.stream().map(Charts.LegendEntry::name).toList()));
    }

    /**
     * Indices (ascending) of a stratified sample of {@code max} items: each group gets its share
     * of {@code max} by largest remainder, every non-empty group at least one item when
     * {@code max} allows, and within a group the items are drawn uniformly by {@code seed}.
     */
    public static int[] sample(int[] groups, int max, long seed) {
        if (max < 1) {
            throw new IllegalArgumentException("sample size " + max + " must be at least 1");
        }
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] < NOISE) {
                throw new IllegalArgumentException("label " + groups[i] + " at row " + i
                        + " is invalid; labels are -1 (noise) or a group index >= 0");
            }
        }
        int n = groups.length;
        if (max >= n) {
            return identity(n);
        }
        int maxGroup = Arrays.stream(groups).max().orElse(NOISE);
        int k = maxGroup + 2; // slot 0 is noise
        int[] count = new int[k];
        for (int g : groups) {
            count[g + 1]++;
        }
        int[] quota = quotas(count, n, max);

        // Items of each group contiguous, in input order; then a partial shuffle picks quota[s] of them.
        int[] start = new int[k + 1];
        for (int s = 0; s < k; s++) {
            start[s + 1] = start[s] + count[s];
        }
        int[] items = new int[n];
        int[] fill = Arrays.copyOf(start, k);
        for (int i = 0; i < n; i++) {
            items[fill[groups[i] + 1]++] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] chosen = new int[max];
        int taken = 0;
        for (int s = 0; s < k; s++) {
            for (int j = 0; j < quota[s]; j++) {
                int pick = start[s] + j + random.nextInt(count[s] - j);
                int tmp = items[start[s] + j];
                items[start[s] + j] = items[pick];
                items[pick] = tmp;
                chosen[taken++] = items[start[s] + j];
            }
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** Shares of {@code max} proportional to {@code count}, summing to {@code max}. */
    private static int[] quotas(int[] count, int n, int max) {
        int k = count.length;
        int[] quota = new int[k];
        double[] remainder = new double[k];
        int sum = 0;
        for (int s = 0; s < k; s++) {
            double exact = (double) count[s] * max / n;
            quota[s] = (int) exact;
            remainder[s] = exact - quota[s];
            sum += quota[s];
        }
        while (sum < max) { // largest remainder first; ties to the lower slot
            int best = -1;
            for (int s = 0; s < k; s++) {
                if (quota[s] < count[s] && (best < 0 || remainder[s] > remainder[best])) {
                    best = s;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            sum++;
        }
        // Keep every group visible: move one item from the largest share to each empty one.
        for (int s = 0; s < k; s++) {
            if (count[s] > 0 && quota[s] == 0) {
                int largest = 0;
                for (int t = 1; t < k; t++) {
                    largest = quota[t] > quota[largest] ? t : largest;
                }
                if (quota[largest] < 2) {
                    break;
                }
                quota[largest]--;
                quota[s] = 1;
            }
        }
        return quota;
    }

    private static void validate(Matrix coordinates, int[] groups, Options options) {
        if (coordinates.cols() < 2) {
            throw new IllegalArgumentException("scatter plot needs coordinates with at least 2 columns, got "
                    + coordinates.cols());
        }
        if (groups.length != coordinates.rows()) {
            throw new IllegalArgumentException("label array has " + groups.length + " entries but coordinates have "
                    + coordinates.rows() + " rows");
        }
        if (groups.length == 0) {
            throw new IllegalArgumentException("scatter plot needs at least one point, got 0 rows");
        }
        float[] data = coordinates.data();
        int cols = coordinates.cols();
        for (int i = 0; i < groups.length; i++) {
            for (int c = 0; c < 2; c++) {
                float v = data[i * cols + c];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite coordinate " + v + " at row " + i + ", column " + c);
                }
            }
            if (groups[i] < NOISE) {
                throw new IllegalArgumentException("label " + groups[i] + " at row " + i
                        + " is invalid; labels are -1 (noise) or a group index >= 0");
            }
            if (!options.groupNames().isEmpty() && groups[i] >= options.groupNames().size()) {
                throw new IllegalArgumentException("label " + groups[i] + " at row " + i + " has no group name ("
                        + options.groupNames().size() + " names given)");
            }
        }
    }

    private static String groupName(int group, List<String> names) {
        if (group == NOISE) {
            return "noise";
        }
        return names.isEmpty() ? "cluster " + group : names.get(group);
    }

    private static String title(String title, int shown, int total) {
        if (shown == total) {
            return title;
        }
        String note = String.format(Locale.ROOT, "showing %,d of %,d points", shown, total);
        return title.isEmpty() ? note : title + " (" + note + ")";
    }

    /** Smaller markers as the cloud gets denser, so structure stays visible. */
    private static int autoMarkerSize(int points) {
        if (points <= 2_000) {
            return 6;
        }
        if (points <= 10_000) {
            return 4;
        }
        return points <= 50_000 ? 3 : 2;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        Arrays.setAll(out, i -> i);
        return out;
    }
}
