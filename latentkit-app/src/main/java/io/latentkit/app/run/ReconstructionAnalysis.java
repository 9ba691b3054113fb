package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Reconstructor;
import io.latentkit.report.Histogram;
import io.latentkit.report.LineChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Seed 000's reconstruction analysis, written to a {@code reconstruction/} folder: every item's error (mean squared
 * difference between the model's input and its reconstruction), their histogram with the threshold, the poorly
 * reconstructed items (error above the threshold) by category, the worst items with their metadata, and for the very
 * worst a per-dimension plot of original against reconstruction.
 */
public final class ReconstructionAnalysis {
    private ReconstructionAnalysis() {
    }

    /**
     * @param dir   the folder to write into (created)
     * @param input what the model received: its rows, ids, labels and metadata
     * @param model the fitted model that reconstructs
     * @return the summary also written to summary.json
     */
    public static Map<String, Object> write(Path dir, Dataset input, Reconstructor model, ReconstructionOptions options) {
        Matrix x = input.features();
        double[] errors = model.reconstructionErrors(x);
        for (int i = 0; i < errors.length; i++) {
            if (!Double.isFinite(errors[i])) {
                throw new IllegalStateException("reconstruction error of item " + input.ids().get(i) + " is " + errors[i]);
            }
        }
        double threshold = options.thresholdFor(errors);
        boolean[] poor = new boolean[errors.length];
        int poorCount = 0;
        for (int i = 0; i < errors.length; i++) {
            poor[i] = errors[i] > threshold;
            poorCount += poor[i] ? 1 : 0;
        }
        Labels labels = input.labels().orElse(null);
        Map<String, List<String>> metadata = input.metadata();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("items", errors.length);
        summary.put("mean", Moments.mean(errors));
        summary.put("std", Moments.std(errors));
        summary.put("median", Moments.percentile(errors, 50));
        summary.put("min", Arrays.stream(errors).min().orElseThrow());
        summary.put("max", Arrays.stream(errors).max().orElseThrow());
        summary.put("threshold_rule", options.threshold());
        summary.put("threshold", threshold);
        summary.put("poorly_reconstructed", poorCount);
        Json.write(dir.resolve("summary.json"), summary);

        List<String> header = new ArrayList<>(List.of("id", "error", "poorly_reconstructed"));
        if (labels != null) {
            header.add("label");
        }
        header.addAll(metadata.keySet());
        StringBuilder all = new StringBuilder(Csv.row(header));
        for (int i = 0; i < errors.length; i++) {
            all.append(Csv.row(itemRow(i, errors, poor, labels, metadata, input)));
        }
        AtomicFiles.writeString(dir.resolve("errors.csv"), all.toString());

        int[] worst = IntStream.range(0, errors.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -errors[i]).thenComparingInt(i -> i))
                .limit(options.worst()).mapToInt(Integer::intValue).toArray();
        StringBuilder worstCsv = new StringBuilder(Csv.row(prepend("rank", header)));
        for (int r = 0; r < worst.length; r++) {
            worstCsv.append(Csv.row(prepend(Integer.toString(r + 1), itemRow(worst[r], errors, poor, labels, metadata, input))));
        }
        AtomicFiles.writeString(dir.resolve("worst.csv"), worstCsv.toString());

        if (labels != null) {
            writeByCategory(dir.resolve("by_category.csv"), labels, poor, poorCount);
        }
        Histogram.write(dir.resolve("histogram.png"), errors, Histogram.Options.defaults()
                .withTitle("Reconstruction error (" + poorCount + " of " + errors.length + " above the threshold)")
                .withAxisLabels("mean squared error", "items")
                .withThreshold(threshold, options.threshold()));
        int plots = Math.min(options.plots(), worst.length);
        if (plots > 0) {
            int[] rows = Arrays.copyOf(worst, plots);
            Matrix reconstructed = model.reconstruct(x.selectRows(rows));
            for (int r = 0; r < plots; r++) {
                int item = worst[r];
                LineChart.write(dir.resolve("worst").resolve(String.format(Locale.ROOT, "%02d-%s.png", r + 1, safe(input.ids().get(item)))),
                        List.of(LineChart.Series.of("original", toDouble(x.row(item))),
                                LineChart.Series.of("reconstruction", toDouble(reconstructed.row(r)))),
                        LineChart.Options.defaults().withTitle("Item " + input.ids().get(item) + ": error "
                                        + String.format(Locale.ROOT, "%.4g", errors[item]))
                                .withAxisLabels("dimension", "value"));
            }
        }
        return summary;
    }

    private static List<String> itemRow(int i, double[] errors, boolean[] poor, Labels labels,
                                        Map<String, List<String>> metadata, Dataset input) {
        List<String> row = new ArrayList<>(List.of(input.ids().get(i), Double.toString(errors[i]), Boolean.toString(poor[i])));
        if (labels != null) {
            row.add(labels.code(i) == Labels.UNKNOWN ? "" : labels.name(i));
        }
        metadata.values().forEach(column -> row.add(column.get(i)));
        return row;
    }

    /** Per category: items, poorly reconstructed, % of the category, % of all poorly reconstructed (000's table 2). */
    private static void writeByCategory(Path target, Labels labels, boolean[] poor, int poorCount) {
        int k = labels.classes().size();
        int[] items = new int[k];
        int[] bad = new int[k];
        for (int i = 0; i < poor.length; i++) {
            int c = labels.code(i);
            if (c != Labels.UNKNOWN) {
                items[c]++;
                bad[c] += poor[i] ? 1 : 0;
            }
        }
        StringBuilder s = new StringBuilder(Csv.row(List.of("category", "items", "poorly_reconstructed",
                "percent_of_category", "percent_of_poorly_reconstructed")));
        Integer[] order = IntStream.range(0, k).boxed().sorted(Comparator.comparingInt((Integer c) -> -bad[c])
                .thenComparingInt(c -> c)).toArray(Integer[]::new);
        for (int c : order) {
            s.append(Csv.row(List.of(labels.classes().get(c), Integer.toString(items[c]), Integer.toString(bad[c]),
                    percent(bad[c], items[c]), percent(bad[c], poorCount))));
        }
        AtomicFiles.writeString(target, s.toString());
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, "%.2f", 100.0 * part / whole);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static String safe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
