package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.InputSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The role of each header column: which one holds ids, labels, which are features and which metadata.
 * Resolving fails on duplicate header names and on requested names the header lacks (listing what it has).
 *
 * @param id    column index of the ids, or -1
 * @param label column index of the labels, or -1
 */
record DelimitedColumns(List<String> header, int id, int label, int[] features, int[] metadata) {

    static DelimitedColumns resolve(Path file, List<String> header, InputSpec spec) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer earlier = index.putIfAbsent(header.get(i), i);
            if (earlier != null) {
                throw new DataException(file, "line 1", header.get(i), "duplicate column name (columns "
                        + (earlier + 1) + " and " + (i + 1) + ")");
            }
        }
        int id = optional(file, header, index, spec.idColumn());
        int label = optional(file, header, index, spec.labelColumn());
        int[] metadata = required(file, header, index, spec.metadataColumns());
        int[] features;
        if (spec.featureColumns().isEmpty()) {
            Set<Integer> taken = new HashSet<>();
            taken.add(id);
            taken.add(label);
            for (int m : metadata) {
                taken.add(m);
            }
            features = java.util.stream.IntStream.range(0, header.size()).filter(i -> !taken.contains(i)).toArray();
        } else {
            features = required(file, header, index, spec.featureColumns());
        }
        if (features.length == 0) {
            throw new DataException(file, "line 1", null, "no feature columns: every column is the id, the label"
                    + " or metadata");
        }
        return new DelimitedColumns(header, id, label, features, metadata);
    }

    List<String> names(int[] columns) {
        List<String> names = new ArrayList<>(columns.length);
        for (int c : columns) {
            names.add(header.get(c));
        }
        return names;
    }

    private static int optional(Path file, List<String> header, Map<String, Integer> index, String name) {
        return name == null || name.isEmpty() ? -1 : required(file, header, index, List.of(name))[0];
    }

    private static int[] required(Path file, List<String> header, Map<String, Integer> index, List<String> names) {
        int[] columns = new int[names.size()];
        for (int k = 0; k < columns.length; k++) {
            Integer column = index.get(names.get(k));
            if (column == null) {
                throw new DataException(file, "line 1", names.get(k), "no such column; the header has "
                        + String.join(", ", header));
            }
            columns[k] = column;
        }
        return columns;
    }
}
