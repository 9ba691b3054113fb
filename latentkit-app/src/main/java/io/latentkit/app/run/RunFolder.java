package io.latentkit.app.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's output folder, built under a hidden sibling name and renamed into place only when complete,
 * so a failed run leaves nothing half-written and an overwritten run survives until its replacement is done.
 */
public final class RunFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private boolean committed;

    private RunFolder(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Starts a run folder for {@code target}.
     *
     * @throws IllegalStateException when {@code target} exists and is not an empty folder, unless {@code overwrite}
     */
    public static RunFolder create(Path target, boolean overwrite) {
        Path absolute = target.toAbsolutePath().normalize();
        checkTarget(absolute, overwrite);
        try {
            Files.createDirectories(absolute.getParent());
            return new RunFolder(absolute, Files.createTempDirectory(absolute.getParent(),
                    "." + absolute.getFileName() + ".partial-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder beside " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an existing non-empty target unless overwriting; call early to fail before the work. */
    public static void checkTarget(Path target, boolean overwrite) {
        if (!overwrite && Files.exists(target) && !isEmptyDirectory(target)) {
            throw new OutputExistsException(target + " exists and is not empty; choose another folder or use --overwrite");
        }
    }

    /** Where files are written until {@link #commit}. */
    public Path dir() {
        return staging;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /** Moves the finished folder into place, replacing an earlier one. */
    public void commit() {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old);
            }
            Files.move(staging, target);
            committed = true;
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the run into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the staging folder unless the run was committed. */
    @Override
    public void close() {
        if (!committed) {
            deleteTree(staging);
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
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

    /** The output folder exists and may not be replaced. */
    public static final class OutputExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutputExistsException(String message) {
            super(message);
        }
    }
}
