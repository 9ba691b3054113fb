package io.latentkit.data.format;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/** Opening and writing data files: gzip is recognised by its magic bytes on read and by a ".gz" name on write. */
final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /**
     * Opens a file for reading, decompressing it when it starts with the gzip magic bytes 1f 8b. A gzip stream that
     * ends early or is corrupt surfaces as a {@link DataException} naming the file.
     */
    static InputStream open(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            return gzip ? new GzipGuard(file, new GZIPInputStream(raw, BUFFER)) : raw;
        } catch (NoSuchFileException e) {
            throw new DataException(file, null, null, "file not found");
        } catch (IOException e) {
            throw new DataException(file, null, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Fails with the standard message for a file that holds no bytes at all. */
    static void requireNonEmpty(Path file) {
        try {
            if (Files.exists(file) && Files.size(file) == 0) {
                throw new DataException(file, null, null, "file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new DataException(file, null, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A read failure that is not bad content (disk error, permissions) as a DataException naming the file. */
    static DataException readFailure(Path file, IOException e) {
        return e instanceof NoSuchFileException
                ? new DataException(file, null, null, "file not found")
                : new DataException(file, null, null, "cannot read: " + e.getMessage(), e);
    }

    /** Writes atomically, compressing with gzip when the file name ends with ".gz". */
    static void write(Path target, AtomicFiles.Writer writer) {
        boolean gzip = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        AtomicFiles.write(target, out -> {
            if (gzip) {
                GZIPOutputStream zipped = new GZIPOutputStream(nonClosing(out), BUFFER);
                writer.write(zipped);
                zipped.finish();
            } else {
                writer.write(out);
            }
        });
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Turns the JDK's terse errors for a cut or damaged gzip stream into messages that name the file. */
    private static final class GzipGuard extends FilterInputStream {
        private final Path file;
        private long produced;

        GzipGuard(Path file, InputStream in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    produced += n;
                }
                return n;
            } catch (EOFException e) {
                throw new DataException(file, null, null, "gzip stream ends unexpectedly after " + produced
                        + " decompressed bytes: the file is truncated", e);
            } catch (ZipException e) {
                throw new DataException(file, null, null, "corrupt gzip data after " + produced
                        + " decompressed bytes: " + e.getMessage(), e);
            }
        }
    }
}
