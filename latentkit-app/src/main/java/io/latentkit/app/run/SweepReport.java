package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.metrics.Elbow;
import io.latentkit.report.LineChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A sweep over k in a run folder, for choosing the number of clusters: sweep.csv (one row per k, one column per
 * metric), sweep.json (the k each criterion suggests) and, with figures on, one PNG per metric over k.
 *
 * <p>The criteria, each over the members that have the metric: the elbow of inertia ({@link Elbow}), the highest
 * silhouette, the highest Calinski-Harabasz index, the lowest Davies-Bouldin index and, for mixtures, the lowest BIC.
 * They often disagree; the curves show by how much. Ties go to the smallest k. A geometric sweep (k = 2, 4, 8, ...)
 * is drawn over log k, and its elbow is found on that axis too, so that each step of the sweep weighs the same.
 */
public final class SweepReport {
    /** One member of the sweep: its k and its metrics. */
    public record Point(int k, Map<String, Object> metrics) {
    }

    /**
     * A criterion: the metric it reads, whether it picks the highest value, the lowest, or the elbow, and how it reads
     * in a sentence.
     */
    private record Criterion(String key, String metric, Pick pick, String phrase) {
    }

    private enum Pick { ELBOW, MAX, MIN }

    private static final List<Criterion> CRITERIA = List.of(
            new Criterion("elbow_inertia", "inertia", Pick.ELBOW, "the elbow of inertia"),
            new Criterion("max_silhouette", "silhouette", Pick.MAX, "the highest silhouette"),
            new Criterion("max_calinski_harabasz", "calinski_harabasz", Pick.MAX, "the highest Calinski-Harabasz"),
            new Criterion("min_davies_bouldin", "davies_bouldin", Pick.MIN, "the lowest Davies-Bouldin"),
            new Criterion("min_bic", "bic", Pick.MIN, "the lowest BIC"));

    /** Metrics drawn over k, when at least two members have them. */
    private static final List<String> PLOTTED = List.of("inertia", "silhouette", "calinski_harabasz", "davies_bouldin",
            "bic", "log_likelihood", "acc", "nmi");

    private SweepReport() {
    }

    /**
     * Writes the sweep's files into {@code dir} (created) and returns the suggested k by criterion (criteria no
     * member can answer are absent).
     */
    public static Map<String, Object> write(Path dir, String sweep, String method, List<Point> points, boolean figures) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(Point::k));
        boolean logK = geometric(sorted.stream().mapToInt(Point::k).toArray());
        Map<String, Object> suggested = suggest(sorted, logK);
        AtomicFiles.writeString(dir.resolve("sweep.csv"), table(sorted));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sweep", sweep);
        record.put("method", method);
        record.put("k", sorted.stream().map(Point::k).toList());
        record.put("suggested_k", suggested);
        Json.write(dir.resolve("sweep.json"), record);
        if (figures) {
            for (String metric : PLOTTED) {
                double[][] curve = curve(sorted, metric);
                if (curve[0].length >= 2) {
                    LineChart.write(dir.resolve(metric + ".png"), List.of(new LineChart.Series(metric, curve[0], curve[1])),
                            LineChart.Options.defaults().withAxisLabels("k", metric).withLogX(logK)
                                    .withTitle(sweep + ": " + metric + note(metric, suggested)));
                }
            }
        }
        return suggested;
    }

    /** How a criterion key of {@code suggested_k} reads in a sentence, e.g. "the elbow of inertia". */
    public static String phrase(String criterion) {
        return CRITERIA.stream().filter(c -> c.key().equals(criterion)).map(Criterion::phrase).findFirst()
                .orElse(criterion);
    }

    /** Whether k grows by one constant factor from member to member, with at least 3 members. */
    static boolean geometric(int[] k) {
        if (k.length < 3 || k[1] - k[0] == k[2] - k[1]) {
            return false;
        }
        double ratio = (double) k[1] / k[0];
        for (int i = 2; i < k.length; i++) {
            if (Math.abs((double) k[i] / k[i - 1] - ratio) > 1e-9 * ratio) {
                return false;
            }
        }
        return true;
    }

    /** The k each criterion suggests, by criterion key; the elbow over log k when {@code logK}. */
    static Map<String, Object> suggest(List<Point> sorted, boolean logK) {
        Map<String, Object> suggested = new LinkedHashMap<>();
        for (Criterion c : CRITERIA) {
            double[][] curve = curve(sorted, c.metric());
            double[] k = curve[0];
            double[] y = curve[1];
            OptionalInt at = switch (c.pick()) {
                case ELBOW -> Elbow.index(logK ? Arrays.stream(k).map(Math::log).toArray() : k, y);
                case MAX -> best(y, 1);
                case MIN -> best(y, -1);
            };
            at.ifPresent(i -> suggested.put(c.key(), (int) k[i]));
        }
        return suggested;
    }

    /** The first index of the largest {@code sign * y}. */
    private static OptionalInt best(double[] y, int sign) {
        int best = -1;
        for (int i = 0; i < y.length; i++) {
            if (best < 0 || sign * y[i] > sign * y[best]) {
                best = i;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** k and the metric over the members that have it, as {k, y}. */
    private static double[][] curve(List<Point> sorted, String metric) {
        List<Point> having = sorted.stream().filter(p -> p.metrics().get(metric) instanceof Number).toList();
        double[] k = new double[having.size()];
        double[] y = new double[having.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = having.get(i).k();
            y[i] = ((Number) having.get(i).metrics().get(metric)).doubleValue();
        }
        return new double[][] {k, y};
    }

    private static String note(String metric, Map<String, Object> suggested) {
        for (Criterion c : CRITERIA) {
            if (c.metric().equals(metric) && suggested.containsKey(c.key())) {
                String what = switch (c.pick()) {
                    case ELBOW -> "elbow";
                    case MAX -> "highest";
                    case MIN -> "lowest";
                };
                return " (" + what + " at k = " + suggested.get(c.key()) + ")";
            }
        }
        return "";
    }

    private static String table(List<Point> sorted) {
        Set<String> keys = new LinkedHashSet<>();
        sorted.forEach(p -> keys.addAll(p.metrics().keySet()));
        keys.remove("k");
        List<String> header = new ArrayList<>(List.of("k"));
        header.addAll(keys);
        StringBuilder s = new StringBuilder(Csv.row(header));
        for (Point p : sorted) {
            List<String> fields = new ArrayList<>(List.of(Integer.toString(p.k())));
            keys.forEach(key -> fields.add(p.metrics().containsKey(key) ? String.valueOf(p.metrics().get(key)) : ""));
            s.append(Csv.row(fields));
        }
        return s.toString();
    }
}
