package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFormatTest {
    private static final Path FASHION_IMAGES = Path.of("..", "data", "fashion-mnist", "t10k-images-idx3-ubyte.gz");

    @TempDir
    Path dir;

    /** An IDX file: header for the given type code and dimensions, then the raw big-endian payload. */
    private static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(payload).array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] images() {
        return idx(0x08, new int[]{3, 2, 2}, new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255});
    }

    @Test
    void readsGzippedImagesWithSiblingLabelsFoundByName() throws IOException {
        file("toy-images-idx3-ubyte.gz", gzip(images()));
        file("toy-labels-idx1-ubyte", idx(0x08, new int[]{3}, new byte[]{2, 0, 2}));
        Dataset data = DatasetFormats.read(InputSpec.of(dir.resolve("toy-images-idx3-ubyte.gz"))).dataset();
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255}, data.features().data());
        assertEquals(List.of("px0", "px1", "px2", "px3"), data.featureNames());
        assertEquals(Labels.fromInts(new int[]{2, 0, 2}), data.labels().orElseThrow());
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        Path images = file("plain.idx", gzip(images()));
        Path labels = file("labels.idx", gzip(idx(0x08, new int[]{3}, new byte[]{1, 1, 0})));
        Dataset data = DatasetFormats.read(InputSpec.of(images).withLabelsPath(labels)).dataset();
        assertEquals(3, data.rows());
        assertEquals(List.of("1", "1", "0"), DatasetAssertions.labelNames(data));
    }

    @Test
    void readsOtherElementTypesBigEndian() throws IOException {
        ByteBuffer f64 = ByteBuffer.allocate(16).putDouble(-1.5).putDouble(1e10);
        ByteBuffer i16 = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 7);
        ByteBuffer i32 = ByteBuffer.allocate(4).putInt(-70000);
        ByteBuffer f32 = ByteBuffer.allocate(4).putFloat(0.1f);
        assertArrayEquals(new float[]{-1.5f, 1e10f}, read(idx(0x0E, new int[]{2}, f64.array())));
        assertArrayEquals(new float[]{-300, 7}, read(idx(0x0B, new int[]{1, 2}, i16.array())));
        assertArrayEquals(new float[]{-70000}, read(idx(0x0C, new int[]{1}, i32.array())));
        assertArrayEquals(new float[]{0.1f}, read(idx(0x0D, new int[]{1}, f32.array())));
        assertArrayEquals(new float[]{-1, 127}, read(idx(0x09, new int[]{2}, new byte[]{-1, 127})));
    }

    private float[] read(byte[] bytes) throws IOException {
        return DatasetFormats.read(InputSpec.of(file("x.idx", bytes))).dataset().features().data();
    }

    @Test
    void badMagicIsAnError() throws IOException {
        Path f = file("bad.idx", new byte[]{1, 2, 8, 3, 0, 0, 0, 0});
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(InputSpec.of(f)));
        assertEquals("byte 0", e.location());
    }

    @Test
    void truncatedFileNamesOffsetAndExpectedSize() throws IOException {
        byte[] full = images();
        Path f = file("cut.idx", Arrays.copyOf(full, full.length - 3));
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(InputSpec.of(f)));
        assertEquals("byte " + (full.length - 3), e.location());
        assertTrue(e.getMessage().contains("expected " + full.length + " bytes"), e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsAnError() throws IOException {
        byte[] zipped = gzip(images());
        Path f = file("cut.idx", Arrays.copyOf(zipped, zipped.length - 10));
        DataException e = assertThrows(DataException.class, () -> DatasetFormats.read(InputSpec.of(f)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void imageAndLabelCountMismatchNamesBothFilesAndCounts() throws IOException {
        Path images = file("i.idx", images());
        Path labels = file("l.idx", idx(0x08, new int[]{2}, new byte[]{1, 2}));
        DataException e = assertThrows(DataException.class,
                () -> DatasetFormats.read(InputSpec.of(images).withLabelsPath(labels)));
        assertTrue(e.getMessage().startsWith(images.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("3 items") && e.getMessage().contains(labels + " has 2"), e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path f = file("e.idx", new byte[0]);
        assertTrue(assertThrows(DataException.class, () -> DatasetFormats.read(InputSpec.of(f)))
                .getMessage().contains("empty"));
    }

    @Test
    void writingIsNotSupported() {
        assertThrows(UnsupportedOperationException.class,
                () -> DatasetFormats.write(Dataset.of(Matrix.zeros(1, 1)), dir.resolve("o.idx"), null));
    }

    @Test
    void readsBundledFashionMnistTestSet() {
        Dataset data = DatasetFormats.read(InputSpec.of(FASHION_IMAGES)).dataset();
        assertEquals(10000, data.rows());
        assertEquals(784, data.cols());
        Labels labels = data.labels().orElseThrow();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), labels.classes());
        assertEquals("9", labels.name(0));
        assertTrue(data.features().data()[0] >= 0 && Arrays.stream(labels.codes()).allMatch(c -> c >= 0));
    }
}
