package io.latentkit.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file (or a folder) under a temporary name beside it, then renames it into place: readers never see half
 * a file.
 */
public final class AtomicFiles {
    /** Writes the content of one output as a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes the content of one output to a file of its own choosing (for libraries that open the file themselves). */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path file) throws Exception;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Writer writer) {
        writeFile(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
        });
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lets the writer fill a temporary file in the target's folder, then renames it to the target. */
    public static void writeFile(Path target, FileWriter writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            writer.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (Exception e) {
            throw unchecked(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /** Runtime exceptions (bad data, refused input) pass unchanged; checked ones become an I/O error naming the target. */
    private static RuntimeException unchecked(Path target, Exception e) {
        return e instanceof RuntimeException r ? r : new UncheckedIOException("cannot write " + target + ": " + e.getMessage(),
                e instanceof IOException io ? io : new IOException(e));
    }

    /**
     * Lets the writer fill a temporary folder beside {@code target}, then moves it into place, replacing an earlier
     * folder only once the new one is complete. A failed write leaves the earlier folder and no temporary one.
     */
    public static void writeDirectory(Path target, FileWriter writer) {
        Path absolute = target.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            Files.createDirectories(absolute.getParent());
            tmp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".partial-");
            writer.writeTo(tmp);
            replaceDirectory(tmp, absolute);
            tmp = null;
        } catch (Exception e) {
            throw unchecked(target, e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Moves the finished folder {@code source} to {@code target}, replacing an earlier one (moved aside first). */
    public static void replaceDirectory(Path source, Path target) {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old);
            }
            Files.move(source, target);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + source + " into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file or folder tree; nothing if it does not exist. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
