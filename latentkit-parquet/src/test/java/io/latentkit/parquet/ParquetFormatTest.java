package io.latentkit.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormat;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatTest {
    private final ParquetFormat format = new ParquetFormat();

    @TempDir
    Path dir;

    @Test
    void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(DatasetFormat.class).stream()
                .anyMatch(p -> p.get().name().equals("parquet") && p.get().extensions().equals(List.of(".parquet"))));
    }

    @Test
    void roundTripKeepsEverything() throws IOException {
        float[] values = {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, 3.1415927f, -7f};
        Matrix features = new Matrix(3, 3, values);
        String title = "ti\"tle 'x'";
        Dataset data = Dataset.builder(features)
                .ids(List.of("a", "b,c", "ü\"d'"))
                .labels(Labels.fromStrings(Arrays.asList("cat", null, "dog")))
                .metadata(title, Arrays.asList("one, two", null, "line\nbreak \"quoted\" ∑ 日本"))
                .metadata("note", Arrays.asList("", "x", null))
                .build();
        Path file = dir.resolve("it's [v1] {a,b} *.parquet");
        format.write(data, file);
        format.write(data, file); // replaces the existing file

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        InputSpec spec = new InputSpec(file, "parquet", "id", "label", List.of(), List.of(title, "note"),
                "vector", null, false);
        ReadResult result = format.read(spec);
        Dataset back = result.dataset();
        assertEquals(List.of(), result.dropped());
        assertEquals(features, back.features());
        assertEquals(data.ids(), back.ids());
        assertEquals(data.featureNames(), back.featureNames());
        assertEquals(data.labels(), back.labels());
        assertEquals(data.metadata(), back.metadata());
        assertEquals(data.fingerprint(), back.fingerprint());
    }

    @Test
    void writesWithoutLabelsOrMetadata() {
        Dataset data = Dataset.of(new Matrix(2, 2, new float[]{1, 2, 3, 4}));
        Path file = dir.resolve("plain.parquet");
        format.write(data, file);
        Dataset back = format.read(vectorSpec(file, "vector")).dataset();
        assertEquals(data.features(), back.features());
        assertEquals(List.of("0", "1"), back.ids());
        assertTrue(back.labels().isEmpty());
    }

    @Test
    void readsFixedSizeArrayWithIntegerLabels() throws SQLException {
        Path file = create("array.parquet", "SELECT i AS key, (i * 10) % 3 AS class, "
                + "[i, i + 0.5, -i]::DOUBLE[3] AS emb FROM range(4) t(i)");
        InputSpec spec = new InputSpec(file, null, "key", "class", List.of(), List.of(), "emb", null, false);
        Dataset data = format.read(spec).dataset();
        assertEquals(new Matrix(4, 3, new float[]{0, 0.5f, 0, 1, 1.5f, -1, 2, 2.5f, -2, 3, 3.5f, -3}), data.features());
        assertEquals(List.of("0", "1", "2", "3"), data.ids());
        assertEquals(new Labels(new int[]{0, 1, 2, 0}, List.of("0", "1", "2")), data.labels().orElseThrow());
    }

    @Test
    void readsEveryNumericColumnWithoutOtherRole() throws SQLException {
        Path file = create("columns.parquet", "SELECT 'r' || i AS name, 1.25::FLOAT AS \"first col\", "
                + "i::INTEGER AS \"the \"\"second\"\"\", 'c' || (i % 2) AS kind, i::BIGINT AS year, "
                + "(i / 4)::DECIMAL(6,2) AS ratio FROM range(3) t(i)");
        InputSpec spec = new InputSpec(file, null, "name", "kind", List.of(), List.of("year"), null, null, false);
        Dataset data = format.read(spec).dataset();
        assertEquals(List.of("first col", "the \"second\"", "ratio"), data.featureNames());
        assertEquals(new Matrix(3, 3, new float[]{1.25f, 0, 0, 1.25f, 1, 0.25f, 1.25f, 2, 0.5f}), data.features());
        assertEquals(List.of("r0", "r1", "r2"), data.ids());
        assertEquals(List.of("c0", "c1"), data.labels().orElseThrow().classes());
        assertEquals(List.of("0", "1", "2"), data.metadata().get("year"));
    }

    @Test
    void readsNamedFeatureColumnsInTheGivenOrder() throws SQLException {
        Path file = create("named.parquet", "SELECT 1 AS a, 2.5 AS b, 3 AS c");
        InputSpec spec = new InputSpec(file, null, null, null, List.of("c", "a"), List.of(), null, null, false);
        assertEquals(new Matrix(1, 2, new float[]{3, 1}), format.read(spec).dataset().features());
    }

    @Test
    void globCharactersInAFileNameMatchOnlyThatFile() throws SQLException {
        Path file = create("x[1]*.parquet", "SELECT 1.0 AS x");
        create("x1a.parquet", "SELECT 2.0 AS x");
        assertEquals(new Matrix(1, 1, new float[]{1}), format.read(InputSpec.of(file)).dataset().features());
    }

    @Test
    void missingColumnListsTheAvailableOnes() throws SQLException {
        Path file = create("missing.parquet", "SELECT 'x' AS id, [1.0, 2.0] AS vec");
        DataException e = assertThrows(DataException.class, () -> format.read(vectorSpec(file, "embedding")));
        assertEquals("embedding", e.field());
        assertEquals(file + ", field 'embedding': no such column; the file has 'id' VARCHAR, 'vec' DECIMAL(2,1)[]",
                e.getMessage());
    }

    @Test
    void wrongColumnTypeIsNamed() throws SQLException {
        Path file = create("types.parquet", "SELECT 'x' AS vec, 1.5::DOUBLE AS score, 2 AS n");
        DataException vector = assertThrows(DataException.class, () -> format.read(vectorSpec(file, "vec")));
        assertEquals(file + ", field 'vec': a vector field must be a list or array of numbers, found VARCHAR",
                vector.getMessage());
        InputSpec label = new InputSpec(file, null, null, "score", List.of("n"), List.of(), null, null, false);
        assertEquals("score", assertThrows(DataException.class, () -> format.read(label)).field());
        InputSpec feature = new InputSpec(file, null, null, null, List.of("vec"), List.of(), null, null, false);
        assertEquals("vec", assertThrows(DataException.class, () -> format.read(feature)).field());
    }

    @Test
    void nullInsideAVectorIsAnError() throws SQLException {
        Path file = create("nullvalue.parquet", "SELECT * FROM (VALUES ([1.0, 2.0]), ([3.0, NULL])) t(embedding)");
        DataException e = assertThrows(DataException.class, () -> format.read(vectorSpec(file, "embedding")));
        assertEquals(file + ", record 2, field 'embedding': null value at index 1", e.getMessage());
    }

    @Test
    void nullVectorIsAnError() throws SQLException {
        Path file = create("nullvector.parquet", "SELECT * FROM (VALUES ([1.0]), (NULL), ([2.0])) t(embedding)");
        DataException e = assertThrows(DataException.class, () -> format.read(vectorSpec(file, "embedding")));
        assertEquals(file + ", record 2, field 'embedding': the vector is null", e.getMessage());
    }

    @Test
    void nullInAFeatureColumnIsAnError() throws SQLException {
        Path file = create("nullcol.parquet", "SELECT * FROM (VALUES (1.0, 2.0), (3.0, NULL)) t(x, y)");
        DataException e = assertThrows(DataException.class, () -> format.read(InputSpec.of(file)));
        assertEquals(file + ", record 2, field 'y': null value", e.getMessage());
    }

    @Test
    void vectorsOfDifferentLengthsAreAnError() throws SQLException {
        Path file = create("lengths.parquet", "SELECT list_transform(range(CASE WHEN i = 6 THEN 383 ELSE 384 END), "
                + "x -> x::FLOAT) AS embedding FROM range(10) t(i)");
        DataException e = assertThrows(DataException.class, () -> format.read(vectorSpec(file, "embedding")));
        assertEquals(file + ", record 7, field 'embedding': 383 values, expected 384", e.getMessage());
    }

    @Test
    void nonFiniteValuesAreAnErrorUnlessDropped() throws SQLException {
        Path file = create("nonfinite.parquet", "SELECT * FROM (VALUES ('a', [1.0, 2.0]::DOUBLE[]), "
                + "('b', [3.0, 'NaN'::DOUBLE]), ('c', [5.0, 6.0]), ('d', ['-inf'::DOUBLE, 1.0]), ('e', [1e300, 0.0]), "
                + "('f', [7.0, 8.0])) t(id, embedding)");
        InputSpec strict = new InputSpec(file, null, "id", null, List.of(), List.of(), "embedding", null, false);
        DataException e = assertThrows(DataException.class, () -> format.read(strict));
        assertEquals(file + ", record 2, field 'embedding': NaN at index 1", e.getMessage());

        InputSpec lenient = new InputSpec(file, null, "id", null, List.of(), List.of(), "embedding", null, true);
        ReadResult result = format.read(lenient);
        assertEquals(List.of("a", "c", "f"), result.dataset().ids());
        assertEquals(new Matrix(3, 2, new float[]{1, 2, 5, 6, 7, 8}), result.dataset().features());
        assertEquals(List.of(
                new ReadResult.DroppedRow("record 2", "embedding", "NaN at index 1"),
                new ReadResult.DroppedRow("record 4", "embedding", "-Infinity at index 0"),
                new ReadResult.DroppedRow("record 5", "embedding", "value 1.0E300 is outside the float32 range at index 0")),
                result.dropped());
    }

    @Test
    void droppedRowsKeepTheirRecordNumbersAsIds() throws SQLException {
        Path file = create("dropcol.parquet", "SELECT * FROM (VALUES (1.0::DOUBLE), ('inf'::DOUBLE), (3.0)) t(x)");
        InputSpec spec = new InputSpec(file, null, null, null, List.of(), List.of(), null, null, true);
        ReadResult result = format.read(spec);
        assertEquals(List.of("0", "2"), result.dataset().ids());
        assertEquals(List.of(new ReadResult.DroppedRow("record 2", "x", "Infinity")), result.dropped());
    }

    @Test
    void corruptFileIsAnError() throws IOException {
        Path file = dir.resolve("corrupt.parquet");
        Files.writeString(file, "id,x\n1,2\n");
        DataException e = assertThrows(DataException.class, () -> format.read(InputSpec.of(file)));
        assertTrue(e.getMessage().startsWith(file + ": cannot read as Parquet: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void truncatedFileIsAnError() throws IOException, SQLException {
        Path file = create("truncated.parquet", "SELECT i AS x FROM range(1000) t(i)");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        DataException e = assertThrows(DataException.class, () -> format.read(InputSpec.of(file)));
        assertTrue(e.getMessage().startsWith(file + ": cannot read as Parquet: "), e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.parquet"));
        DataException e = assertThrows(DataException.class, () -> format.read(InputSpec.of(file)));
        assertEquals(file + ": the file is empty", e.getMessage());
    }

    @Test
    void fileWithoutRecordsIsAnError() throws SQLException {
        Path file = create("norecords.parquet", "SELECT 1.0 AS x WHERE false");
        DataException e = assertThrows(DataException.class, () -> format.read(InputSpec.of(file)));
        assertEquals(file + ": the file holds no records", e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        Path file = dir.resolve("absent.parquet");
        DataException e = assertThrows(DataException.class, () -> format.read(InputSpec.of(file)));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void metadataNamedLikeAFixedColumnIsRefused() {
        Dataset data = Dataset.builder(new Matrix(1, 1, new float[]{1})).metadata("ID", List.of("x")).build();
        Path file = dir.resolve("clash.parquet");
        assertThrows(IllegalArgumentException.class, () -> format.write(data, file));
        assertFalse(Files.exists(file));
    }

    private static InputSpec vectorSpec(Path file, String vectorField) {
        return new InputSpec(file, null, null, null, List.of(), List.of(), vectorField, null, false);
    }

    /** Writes the result of a DuckDB query as a Parquet file in the test directory. */
    private Path create(String name, String query) throws SQLException {
        Path file = dir.resolve(name);
        try (Connection connection = Sql.open(); Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + query + ") TO " + Sql.literal(file.toString()) + " (FORMAT PARQUET)");
        }
        return file;
    }
}
