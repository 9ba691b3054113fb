package io.latentkit.app.cli;

import io.latentkit.app.pipeline.RunResult;
import io.latentkit.app.run.SweepReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The short result table printed after a run, and where the run folder is. */
final class ResultTable {
    private static final String[] KEYS = {"acc", "nmi", "ari", "silhouette", "seconds"};
    private static final String[] HEADERS = {"ACC", "NMI", "ARI", "silhouette", "seconds"};

    private ResultTable() {
    }

    static void print(PrintWriter out, RunResult result) {
        int width = Math.max(6, result.clusterers().stream().mapToInt(c -> result.label(c).length()).max().orElse(0));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "method"));
        for (String h : HEADERS) {
            header.append(String.format(Locale.ROOT, " %10s", h));
        }
        out.println(header);
        for (RunResult.Clusterer c : result.clusterers()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", result.label(c)));
            for (String key : KEYS) {
                row.append(' ').append(cell(c.metrics(), key));
            }
            out.println(row);
        }
        for (RunResult.Sweep w : result.sweeps()) {
            out.println(sweepLine(result, w));
        }
        out.println("run folder: " + result.folder());
        out.flush();
    }

    /** E.g. "sweep kmeans: k = 4 by the elbow of inertia, 3 by the highest silhouette, ...". */
    private static String sweepLine(RunResult result, RunResult.Sweep w) {
        StringBuilder s = new StringBuilder("sweep ").append(w.space() == null ? "" : w.space() + "/").append(w.name());
        if (result.sweeps().stream().anyMatch(o -> o.seed() != w.seed())) {
            s.append(" seed ").append(w.seed());
        }
        if (w.suggestedK().isEmpty()) {
            return s.append(": no criterion applies (see ").append(w.folder().resolve("sweep.csv")).append(')').toString();
        }
        StringJoiner picks = new StringJoiner(", ");
        w.suggestedK().forEach((criterion, k) -> picks.add(k + " by " + SweepReport.phrase(criterion)));
        return s.append(": k = ").append(picks).toString();
    }

    private static String cell(Map<String, Object> metrics, String key) {
        Object v = metrics.get(key);
        if (v == null) {
            return String.format(Locale.ROOT, "%10s", "-");
        }
        return String.format(Locale.ROOT, key.equals("seconds") ? "%10.2f" : "%10.4f", ((Number) v).doubleValue());
    }
}
