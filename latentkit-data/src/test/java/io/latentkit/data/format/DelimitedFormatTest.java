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
import java.util.List;

import static io.latentkit.data.format.DatasetAssertions.assertSameItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelimitedFormatTest {
    @TempDir
    Path dir;

    private static InputSpec spec(Path file) {
        return new InputSpec(file, null, "id", "label", List.of(), List.of("title", "note"), null, null, false);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static InputSpec plain(Path file) {
        return InputSpec.of(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data.csv", "data.tsv", "data.csv.gz", "data.tsv.gz"})
    void roundTripIsExact(String name) {
        Dataset original = DatasetAssertions.awkward();
        Path file = dir.resolve(name);
        DatasetFormats.write(original, file, null);
        ReadResult back = DatasetFormats.read(spec(file));
        assertSameItems(original, back.dataset());
        assertEquals(original.featureNames(), back.dataset().featureNames());
        assertTrue(back.dropped().isEmpty());
    }

    @Test
    void readsQuotedMultiLineFieldsBomAndCrlf() throws IOException {
        Path file = write("q.csv", "\uFEFFid,x,y,note\r\n1,1.5,2,\"a \"\"b\"\"\r\nc\"\r\n\r\n2,3.5,INF,\"\"\r\n");
        InputSpec spec = new InputSpec(file, null, "id", null, List.of("x"), List.of("note"), null, null, false);
        Dataset data = DatasetFormats.read(spec).dataset();
        assertEquals(List.of("1", "2"), data.ids());
        assertEquals(List.of("x"), data.featureNames());
        assertEquals(List.of("a \"b\"\r\nc", ""), data.metadata().get("note"));
    }

    @Test
    void featureColumnsDefaultToAllOtherColumnsAndIdsToRowNumbers() throws IOException {
        Path file = write("d.csv", "a,b,c\n1,2,3\n4,5e-1,-6\n");
        Dataset data = DatasetFormats.read(plain(file)).dataset();
        assertEquals(List.of("a", "b", "c"), data.featureNames());
        assertEquals(List.of("0", "1"), data.ids());
        assertArrayEquals(new float[]{1, 2, 3, 4, 0.5f, -6}, data.features().data());
    }

    @Test
    void raggedRowNamesLineAndCounts() throws IOException {
        Path file = write("r.csv", "a,b,c\n1,2,3\n\"7\n\",2,3\n4,5\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertEquals("line 5", e.location());
        assertTrue(e.getMessage().contains("2 values, expected 3"), e.getMessage());
    }

    @Test
    void nonFiniteValueIsAnErrorByDefault() throws IOException {
        Path file = write("n.csv", "a,b\n1,2\n3,NaN\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertEquals("line 3", e.location());
        assertEquals("b", e.field());
    }

    @Test
    void nonFiniteRowsAreDroppedAndListedWhenAsked() throws IOException {
        Path file = write("n.csv", "id,a,b\nr1,1,2\nr2,-inf,2\nr3,5,6\n");
        InputSpec spec = new InputSpec(file, null, "id", null, List.of(), List.of(), null, null, true);
        ReadResult result = DatasetFormats.read(spec);
        assertEquals(List.of("r1", "r3"), result.dataset().ids());
        assertEquals(List.of(new ReadResult.DroppedRow("line 3", "a", "-Infinity")), result.dropped());
    }

    @Test
    void droppedRowsKeepTheirSourceRowNumberAsId() throws IOException {
        Path file = write("n.csv", "a\n1\nnan\n3\n");
        InputSpec spec = new InputSpec(file, null, null, null, List.of(), List.of(), null, null, true);
        assertEquals(List.of("0", "2"), DatasetFormats.read(spec).dataset().ids());
    }

    @Test
    void headerOnlyFileIsAnError() throws IOException {
        Path file = write("h.csv", "a,b\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"e.csv", "e.tsv"})
    void emptyFileIsAnError(String name) throws IOException {
        Path file = write(name, "");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void nonNumericValueNamesLineFieldAndText() throws IOException {
        Path file = write("x.csv", "x1,x2,x3\n1,2,3\n1,2,3\n1,2,3\n1,2,abc\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertTrue(e.getMessage().endsWith("line 5, field 'x3': 'abc' is not a number"), e.getMessage());
    }

    @Test
    void duplicateHeaderNamesAreAnError() throws IOException {
        Path file = write("d.csv", "a,b,a\n1,2,3\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertEquals("a", e.field());
        assertTrue(e.getMessage().contains("columns 1 and 3"), e.getMessage());
    }

    @Test
    void unknownColumnListsTheAvailableOnes() throws IOException {
        Path file = write("u.csv", "id,x,y\n1,2,3\n");
        InputSpec spec = new InputSpec(file, null, "id", "kind", List.of(), List.of(), null, null, false);
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(spec));
        assertEquals("kind", e.field());
        assertTrue(e.getMessage().contains("id, x, y"), e.getMessage());
    }

    @Test
    void quotedFieldLeftOpenNamesTheLineWhereItStarted() throws IOException {
        Path file = write("o.csv", "a,b\n1,2\n3,\"open\n4,5\n6,7\n");
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(file)));
        assertEquals("line 3", e.location());
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
    }

    @Test
    void truncatedGzipIsAnError() throws IOException {
        Path full = dir.resolve("big.csv.gz");
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 20000; i++) {
            text.append(i).append(',').append(i * 0.37).append('\n');
        }
        Dataset data = DatasetFormats.read(plain(write("big.csv", text.toString()))).dataset();
        DatasetFormats.write(data, full, null);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(plain(cut)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
