package io.latentkit.data.format;

import io.latentkit.data.DataException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads a binary array file front to back, tracking the byte offset so that a file that ends early is reported
 * with where its data stopped and how large it should have been.
 */
final class BinaryInput implements AutoCloseable {
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final InputStream in;
    private long offset;
    private long expectedSize = -1;

    BinaryInput(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    long offset() {
        return offset;
    }

    /** The full size the file must have, once the header has told it; used in the message for a short file. */
    void expectSize(long bytes) {
        this.expectedSize = bytes;
    }

    /** Exactly {@code count} bytes, or a DataException naming the byte offset where the file ended. */
    byte[] readBytes(int count, String what) throws IOException {
        byte[] bytes = new byte[count];
        int done = in.readNBytes(bytes, 0, count);
        offset += done;
        if (done < count) {
            throw new DataException(file, "byte " + offset, null, "the file ends while reading " + what
                    + (expectedSize >= 0 ? "; expected " + expectedSize + " bytes in total" : "")
                    + ": the file is truncated");
        }
        return bytes;
    }

    int readIntBigEndian(String what) throws IOException {
        return ByteBuffer.wrap(readBytes(4, what)).getInt();
    }

    /** Reads {@code out.length} elements into {@code out} in file order, converting each to float. */
    void readElements(ElementType type, ByteOrder order, float[] out) throws IOException {
        readElements(type, order, out, (index, buffer, converted) -> {
        });
    }

    /**
     * Reads {@code out.length} elements into {@code out} in file order, converting each to float.
     *
     * @param onElement called with each element's index and the buffer positioned after it (for overflow checks)
     */
    void readElements(ElementType type, ByteOrder order, float[] out, ElementListener onElement) throws IOException {
        int perChunk = Math.max(1, CHUNK / type.size());
        for (int done = 0; done < out.length; ) {
            int n = Math.min(perChunk, out.length - done);
            ByteBuffer chunk = ByteBuffer.wrap(readBytes(n * type.size(), "the data")).order(order);
            for (int k = 0; k < n; k++, done++) {
                out[done] = type.read(chunk);
                onElement.read(done, chunk, out[done]);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Sees each element right after it was converted. */
    @FunctionalInterface
    interface ElementListener {
        void read(int index, ByteBuffer buffer, float converted);
    }
}
