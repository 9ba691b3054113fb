package io.latentkit.app.pipeline;

import io.latentkit.app.run.StepCache;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run (as opposed to what): these never change results.
 *
 * @param overwrite replace a non-empty output folder (only once the new run has succeeded)
 * @param cacheDir  folder of the step cache, or null to compute every step
 * @param progress  told about each finished step
 */
public record RunOptions(boolean overwrite, Path cacheDir, Progress progress) {
    public RunOptions {
        Objects.requireNonNull(progress, "progress");
    }

    /** No overwrite, the default cache folder, no progress. */
    public static RunOptions defaults() {
        return new RunOptions(false, StepCache.defaultDir(), Progress.NONE);
    }

    public RunOptions withOverwrite(boolean replace) {
        return new RunOptions(replace, cacheDir, progress);
    }

    public RunOptions withCacheDir(Path dir) {
        return new RunOptions(overwrite, dir, progress);
    }

    public RunOptions withProgress(Progress listener) {
        return new RunOptions(overwrite, cacheDir, listener);
    }
}
