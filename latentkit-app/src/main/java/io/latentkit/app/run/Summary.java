package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;

/** Writes summary.csv: one row per clusterer, one column per metric any of them has (empty where absent). */
public final class Summary {
    /** One row: the clusterer's name, method and metrics. */
    public record Row(String name, String method, Map<String, Object> metrics) {
    }

    private Summary() {
    }

    public static void write(Path target, List<Row> rows) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.addAll(r.metrics().keySet()));
        StringBuilder s = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("name", "method"));
        header.addAll(keys);
        s.append(Csv.row(header));
        for (Row r : rows) {
            List<String> fields = new ArrayList<>(List.of(r.name(), r.method()));
            keys.forEach(k -> fields.add(r.metrics().containsKey(k) ? String.valueOf(r.metrics().get(k)) : ""));
            s.append(Csv.row(fields));
        }
        AtomicFiles.writeString(target, s.toString());
    }
}
