package io.latentkit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * True (reference) labels of a dataset: one integer code per item, indexing {@link #classes()}.
 * Code -1 marks an item whose label is unknown.
 */
public record Labels(int[] codes, List<String> classes) {
    public static final int UNKNOWN = -1;

    public Labels {
        codes = codes.clone();
        classes = List.copyOf(classes);
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < UNKNOWN || codes[i] >= classes.size()) {
                throw new IllegalArgumentException("label code " + codes[i] + " at item " + i
                        + " is outside [-1, " + classes.size() + ")");
            }
        }
    }

    /** Encodes string labels; classes are numbered in order of first appearance. Null or empty means unknown. */
    public static Labels fromStrings(List<String> values) {
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] codes = new int[values.size()];
        for (int i = 0; i < codes.length; i++) {
            String v = values.get(i);
            codes[i] = v == null || v.isEmpty() ? UNKNOWN : index.computeIfAbsent(v, key -> index.size());
        }
        return new Labels(codes, new ArrayList<>(index.keySet()));
    }

    /** Integer labels whose class names are the numbers themselves (0..max). */
    public static Labels fromInts(int[] values) {
        int max = Arrays.stream(values).max().orElse(-1);
        List<String> classes = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            classes.add(Integer.toString(c));
        }
        return new Labels(values, classes);
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    public int size() {
        return codes.length;
    }

    public int code(int item) {
        return codes[item];
    }

    /** The class name of an item, or null when unknown. */
    public String name(int item) {
        return codes[item] == UNKNOWN ? null : classes.get(codes[item]);
    }

    public Labels select(int[] items) {
        int[] out = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = codes[items[i]];
        }
        return new Labels(out, classes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels l && Arrays.equals(l.codes, codes) && l.classes.equals(classes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(codes) + classes.hashCode();
    }

    @Override
    public String toString() {
        return "Labels[" + codes.length + " items, " + classes.size() + " classes]";
    }
}
