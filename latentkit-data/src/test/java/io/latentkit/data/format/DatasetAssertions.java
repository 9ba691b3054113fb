package io.latentkit.data.format;

import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared fixtures and equality checks for the format tests. */
final class DatasetAssertions {
    private DatasetAssertions() {
    }

    /** Four items with awkward values: signed zeros, extremes, subnormals, and metadata that needs quoting. */
    static Dataset awkward() {
        Matrix features = Matrix.ofRows(new float[][]{
                {0.1f, -0.0f, Float.MAX_VALUE},
                {Float.MIN_VALUE, 1e-7f, -3.4028235e38f},
                {123456.79f, 1f / 3f, 0f},
                {-2.5e-20f, 7f, 0.98765433f}});
        List<String> titles = new ArrayList<>(Arrays.asList("plain", "comma, inside", "quote \"here\"", null));
        List<String> notes = new ArrayList<>(Arrays.asList("line one\nline two", "", "naïve café – 東京 😀", "\ttab\r\nend"));
        return Dataset.builder(features)
                .featureNames(List.of("x0", "x 1", "x\"2"))
                .ids(List.of("a", "b,1", "c\"2", "d"))
                .labels(Labels.fromStrings(Arrays.asList("cat", null, "dog", "cat")))
                .metadata("title", titles)
                .metadata("note", notes)
                .build();
    }

    /** Features bit for bit, ids, each item's label name, and metadata. */
    static void assertSameItems(Dataset expected, Dataset actual) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        assertArrayEquals(bits(expected.features()), bits(actual.features()), "feature bits");
        assertEquals(expected.ids(), actual.ids(), "ids");
        assertEquals(labelNames(expected), labelNames(actual), "labels");
        assertEquals(expected.metadata(), actual.metadata(), "metadata");
    }

    static List<String> labelNames(Dataset data) {
        if (data.labels().isEmpty()) {
            return null;
        }
        Labels labels = data.labels().get();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            names.add(labels.name(i));
        }
        return names;
    }

    private static int[] bits(Matrix m) {
        float[] data = m.data();
        int[] bits = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            bits[i] = Float.floatToRawIntBits(data[i]);
        }
        return bits;
    }
}
