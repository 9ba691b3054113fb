package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesFormatTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static InputSpec vector(Path file, String field) {
        return new InputSpec(file, null, null, null, List.of(), List.of(), field, null, false);
    }

    private static InputSpec columns(Path file, String... fields) {
        return new InputSpec(file, null, null, null, List.of(fields), List.of(), null, null, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"d.jsonl", "d.ndjson.gz"})
    void roundTripIsExact(String name) {
        Dataset original = DatasetAssertions.awkward();
        Path file = dir.resolve(name);
        DatasetFormats.write(original, file, null);
        InputSpec spec = new InputSpec(file, null, "id", "label", List.of(), List.of("title", "note"), "vector", null, false);
        DatasetAssertions.assertSameItems(original, DatasetFormats.read(spec).dataset());
    }

    @Test
    void readsNumericFieldsNumericLabelsAndStructuredMetadata() throws IOException {
        Path file = write("f.jsonl", "{\"n\":7,\"a\":1,\"b\":2.5,\"k\":3,\"m\":{\"x\":[1,2]}}\n\n"
                + "{\"b\":-1,\"a\":\"4\",\"n\":\"x\",\"k\":null,\"m\":true}\n");
        InputSpec spec = new InputSpec(file, "jsonl", "n", "k", List.of("a", "b"), List.of("m"), null, null, false);
        Dataset data = DatasetFormats.read(spec).dataset();
        assertArrayEquals(new float[]{1, 2.5f, 4, -1}, data.features().data());
        assertEquals(List.of("a", "b"), data.featureNames());
        assertEquals(List.of("7", "x"), data.ids());
        assertEquals(Arrays.asList("3", null), DatasetAssertions.labelNames(data));
        assertEquals(List.of("{\"x\":[1,2]}", "true"), data.metadata().get("m"));
    }

    @Test
    void vectorsOfDifferentLengthsNameBothLines() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= 6; line++) {
            text.append("{\"embedding\":[1,2,3]}\n");
        }
        text.append("{\"embedding\":[1,2]}\n");
        DataException e = assertThrows(DataException.class,
                () -> DatasetFormats.read(vector(write("v.jsonl", text.toString()), "embedding")));
        assertTrue(e.getMessage().endsWith("line 7, field 'embedding': 2 values, expected 3 as on line 1"),
                e.getMessage());
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        Path file = write("m.jsonl", "{\"v\":[1]}\n{\"v\":[1,}\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(vector(file, "v")));
        assertEquals("line 2, column 9", e.location());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void missingFieldListsTheRecordsFields() throws IOException {
        Path file = write("m.jsonl", "{\"x1\":1,\"x2\":2}\n{\"x1\":1,\"y\":2}\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(columns(file, "x1", "x2")));
        assertEquals("line 2", e.location());
        assertEquals("x2", e.field());
        assertTrue(e.getMessage().contains("fields x1, y"), e.getMessage());
    }

    @Test
    void nonNumericValueNamesLineFieldAndText() throws IOException {
        Path file = write("x.jsonl", "{\"x3\":1}\n{\"x3\":2}\n\n{\"x3\":3}\n{\"x3\":\"abc\"}\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(columns(file, "x3")));
        assertTrue(e.getMessage().endsWith("line 5, field 'x3': 'abc' is not a number"), e.getMessage());
    }

    @Test
    void nonFiniteVectorValueIsDroppedWhenAsked() throws IOException {
        Path file = write("n.jsonl", "{\"v\":[1,2]}\n{\"v\":[NaN,2]}\n{\"v\":[3,\"-inf\"]}\n{\"v\":[5,6]}\n");
        assertThrows(DataException.class, () -> DatasetFormats.read(vector(file, "v")));
        ReadResult result = DatasetFormats.read(
                new InputSpec(file, null, null, null, List.of(), List.of(), "v", null, true));
        assertArrayEquals(new float[]{1, 2, 5, 6}, result.dataset().features().data());
        assertEquals(List.of("0", "3"), result.dataset().ids());
        assertEquals(List.of(new ReadResult.DroppedRow("line 2", "v[0]", "NaN"),
                new ReadResult.DroppedRow("line 3", "v[1]", "-Infinity")), result.dropped());
    }

    @Test
    void emptyAndBlankOnlyFilesAreErrors() throws IOException {
        Path empty = write("e.jsonl", "");
        assertTrue(assertThrows(DataException.class, () -> DatasetFormats.read(vector(empty, "v")))
                .getMessage().contains("empty"));
        Path blank = write("b.jsonl", "\n  \n");
        assertTrue(assertThrows(DataException.class, () -> DatasetFormats.read(vector(blank, "v")))
                .getMessage().contains("no JSON records"));
    }

    @Test
    void vectorSourceMustBeGiven() throws IOException {
        Path file = write("s.jsonl", "{\"v\":[1]}\n");
        assertThrows(DataException.class, () -> DatasetFormats.read(InputSpec.of(file)));
    }
}
