package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyFormatTest {
    private static final float[] FLOATS = {0.5f, -1.25f, 3f, 0.125f, 2.5f, 1024f};

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(NpyFormatTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values make_npy_fixtures.py stores for each dtype, in row-major order. */
    static Stream<Arguments> fixtures() {
        List<Arguments> cases = new ArrayList<>();
        Object[][] dtypes = {
                {"f2", FLOATS}, {"f4", FLOATS}, {"f8", FLOATS},
                {"i1", signed(127)}, {"i2", signed(32767)}, {"i4", signed(2147483647L)},
                {"i8", signed(Long.MAX_VALUE)},
                {"u1", unsigned(255f)}, {"u2", unsigned(65535f)}, {"u4", unsigned(4294967295f)},
                {"u8", unsigned(1.8446744e19f)},
                {"b1", new float[]{1, 0, 1, 0, 0, 1}}};
        for (Object[] dtype : dtypes) {
            String code = (String) dtype[0];
            List<String> orders = code.endsWith("1") ? List.of("na") : List.of("le", "be");
            for (String byteOrder : orders) {
                for (String memory : List.of("C", "F")) {
                    cases.add(Arguments.of(code + "_" + byteOrder + "_" + memory + ".npy", dtype[1]));
                }
            }
        }
        return cases.stream();
    }

    private static float[] signed(long max) {
        return new float[]{1, -2, 3, -4, 5, (float) max};
    }

    private static float[] unsigned(float max) {
        return new float[]{1, 2, 3, 4, 5, max};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsEveryDtypeByteOrderAndMemoryOrder(String file, float[] expected) {
        Matrix m = NpyFormat.readMatrix(fixture(file));
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertArrayEquals(expected, m.data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"version2.npy", "version3.npy"})
    void readsHeaderVersionsTwoAndThree(String file) {
        assertArrayEquals(FLOATS, NpyFormat.readMatrix(fixture(file)).data());
    }

    @Test
    void oneDimensionalArrayIsOneColumn() {
        Dataset data = DatasetFormats.read(InputSpec.of(fixture("vector_1d.npy"))).dataset();
        assertEquals(3, data.rows());
        assertEquals(1, data.cols());
        assertEquals(List.of("0", "1", "2"), data.ids());
        assertArrayEquals(new float[]{1.5f, -2f, 7.25f}, data.features().data());
    }

    @Test
    void roundTripIsExact() {
        Dataset original = Dataset.of(DatasetAssertions.awkward().features());
        Path file = dir.resolve("m.npy");
        DatasetFormats.write(original, file, null);
        DatasetAssertions.assertSameItems(original, DatasetFormats.read(InputSpec.of(file)).dataset());
        assertEquals(0, headerEnd(file) % 64, "data starts 64-byte aligned");
    }

    private static int headerEnd(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return 10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void objectArraysAreRefused() {
        DataException e = assertThrows(DataException.class, () -> NpyFormat.readMatrix(fixture("object.npy")));
        assertTrue(e.getMessage().contains("dtype 'O'"), e.getMessage());
    }

    @Test
    void picklesAreRefused() throws IOException {
        Path file = dir.resolve("p.npy");
        Files.write(file, new byte[]{(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0});
        DataException e = assertThrows(DataException.class, () -> NpyFormat.readMatrix(file));
        assertTrue(e.getMessage().contains("pickle"), e.getMessage());
    }

    @Test
    void float64BeyondFloat32RangeNamesRowAndColumn() {
        DataException e = assertThrows(DataException.class, () -> NpyFormat.readMatrix(fixture("overflow_f8.npy")));
        assertEquals("row 1", e.location());
        assertEquals("column 1", e.field());
    }

    @Test
    void overflowingRowIsDroppedWhenAsked() {
        InputSpec spec = new InputSpec(fixture("overflow_f8.npy"), null, null, null, List.of(), List.of(), null, null, true);
        ReadResult result = DatasetFormats.read(spec);
        assertArrayEquals(new float[]{1, 2}, result.dataset().features().data());
        assertEquals(List.of(new ReadResult.DroppedRow("row 1", "column 1", "Infinity")), result.dropped());
    }

    @Test
    void truncatedDataNamesOffsetAndExpectedSize() throws IOException {
        byte[] full = Files.readAllBytes(fixture("f8_le_C.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(full, full.length - 5));
        DataException e = assertThrows(DataException.class, () -> NpyFormat.readMatrix(cut));
        assertEquals("byte " + (full.length - 5), e.location());
        assertTrue(e.getMessage().contains("expected " + full.length + " bytes"), e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path file = Files.createFile(dir.resolve("e.npy"));
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(InputSpec.of(file)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
