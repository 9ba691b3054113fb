package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.persist.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's output folder, built under a hidden sibling name and renamed into place only when complete,
 * so a failed run leaves nothing half-written and an overwritten run survives until its replacement is done.
 */
public final class RunFolder implements AutoCloseable {
    /** The sub-folder of a run folder that holds its fitted pipeline (transforms, then the clusterer). */
    public static final String MODEL = "model";

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

    /** The model folder of {@code dir}: itself when it holds model.json, else its model/ sub-folder (a run folder). */
    public static Path modelIn(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelStore.MODEL_JSON)) ? dir : dir.resolve(MODEL);
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
        AtomicFiles.replaceDirectory(staging, target);
        committed = true;
    }

    /** Deletes the staging folder unless the run was committed. */
    @Override
    public void close() {
        if (!committed) {
            AtomicFiles.deleteTree(staging);
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

    /** The output folder exists and may not be replaced. */
    public static final class OutputExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutputExistsException(String message) {
            super(message);
        }
    }
}
