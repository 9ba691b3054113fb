package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes summary.csv (one row per seed, space and clusterer, one column per metric any of them has, empty where
 * absent) and, for runs repeated over seeds, summary_over_seeds.csv: each numeric metric's mean and standard
 * deviation (population, as numpy's default) per space and clusterer.
 */
public final class Summary {
    /**
     * One row.
     *
     * @param seed    the run's seed
     * @param space   the space's name, or null when the pipeline names no spaces
     * @param name    the clusterer's name
     * @param method  its method
     * @param metrics its metrics
     */
    public record Row(long seed, String space, String name, String method, Map<String, Object> metrics) {
    }

    private Summary() {
    }

    public static void write(Path target, List<Row> rows) {
        boolean spaces = rows.stream().anyMatch(r -> r.space() != null);
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.addAll(r.metrics().keySet()));
        List<String> header = new ArrayList<>(List.of("seed"));
        if (spaces) {
            header.add("space");
        }
        header.addAll(List.of("name", "method"));
        header.addAll(keys);
        StringBuilder s = new StringBuilder(Csv.row(header));
        for (Row r : rows) {
            List<String> fields = new ArrayList<>(List.of(Long.toString(r.seed())));
            if (spaces) {
                fields.add(r.space());
            }
            fields.addAll(List.of(r.name(), r.method()));
            keys.forEach(k -> fields.add(r.metrics().containsKey(k) ? String.valueOf(r.metrics().get(k)) : ""));
            s.append(Csv.row(fields));
        }
        AtomicFiles.writeString(target, s.toString());
    }

    /** Mean and std over seeds of every numeric metric, one row per space and clusterer, in first-seen order. */
    public static void writeOverSeeds(Path target, List<Row> rows) {
        boolean spaces = rows.stream().anyMatch(r -> r.space() != null);
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(spaces ? List.of(r.space(), r.name(), r.method()) : List.of(r.name(), r.method()),
                    g -> new ArrayList<>()).add(r);
        }
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> r.metrics().forEach((k, v) -> {
            if (v instanceof Number) {
                keys.add(k);
            }
        }));
        List<String> header = new ArrayList<>();
        if (spaces) {
            header.add("space");
        }
        header.addAll(List.of("name", "method", "seeds"));
        keys.forEach(k -> header.addAll(List.of(k + "_mean", k + "_std")));
        StringBuilder s = new StringBuilder(Csv.row(header));
        groups.forEach((group, members) -> {
            List<String> fields = new ArrayList<>(group);
            fields.add(Integer.toString(members.size()));
            for (String k : keys) {
                double[] v = members.stream().map(r -> r.metrics().get(k)).filter(x -> x instanceof Number)
                        .mapToDouble(x -> ((Number) x).doubleValue()).toArray();
                if (v.length == 0) {
                    fields.addAll(List.of("", ""));
                    continue;
                }
                fields.add(significant(Moments.mean(v)));
                fields.add(significant(Moments.std(v)));
            }
            s.append(Csv.row(fields));
        });
        AtomicFiles.writeString(target, s.toString());
    }

    /** Seven significant digits, without trailing zeros or an exponent. */
    private static String significant(double x) {
        return new BigDecimal(x).round(new MathContext(7)).stripTrailingZeros().toPlainString();
    }
}
