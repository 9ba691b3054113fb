package io.latentkit.app.cli;

import io.latentkit.app.pipeline.Pipeline;
import io.latentkit.app.pipeline.Progress;
import io.latentkit.app.pipeline.RunOptions;
import io.latentkit.app.run.StepCache;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options every running command shares: seed and threads overrides, overwrite, cache and output verbosity. */
final class RunSettings {
    @Option(names = "--seed", paramLabel = "S", description = "Seed of every estimator that sets none (overrides the config).")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Engine threads (default: the config's, else all processors).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace a non-empty output folder once the new run has succeeded.")
    boolean overwrite;

    @Option(names = "--no-cache", description = "Compute every step instead of reusing cached step outputs.")
    boolean noCache;

    @Option(names = "--quiet", description = "Print no progress lines.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    /** The pipeline with the command line's seed and threads applied. */
    Pipeline apply(Pipeline pipeline) {
        Pipeline p = seed != null ? pipeline.withSeed(seed) : pipeline;
        return threads != null ? p.withThreads(threads) : p;
    }

    RunOptions runOptions(PrintWriter err, boolean replace) {
        Progress progress = quiet ? Progress.NONE : (step, seconds, cached) ->
                err.println(String.format(Locale.ROOT, "  %-32s %8.2f s%s", step, seconds, cached ? "  (cached)" : ""));
        return new RunOptions(overwrite || replace, noCache ? null : StepCache.defaultDir(), progress);
    }
}
