package io.latentkit.app.cli;

import io.latentkit.app.params.ConfigException;
import io.latentkit.app.pipeline.Pipeline;
import io.latentkit.app.pipeline.RunResult;
import io.latentkit.app.run.RunFolder;
import io.latentkit.data.DataException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * What the running commands share: build a pipeline, run it, print the result table, and turn failures into one
 * line and an exit code (2 for bad data, config or output folder; 1 otherwise).
 */
abstract class PipelineCommand implements Callable<Integer> {
    @Mixin
    RunSettings settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The pipeline to run, before command-line overrides. */
    abstract Pipeline pipeline();

    /** Where to write. */
    abstract Path out();

    /** Whether to replace an existing output folder even without --overwrite. */
    boolean replaceByDefault() {
        return false;
    }

    @Override
    public final Integer call() {
        try {
            Pipeline p = settings.apply(pipeline());
            RunResult result = p.run(out(), settings.runOptions(spec.commandLine().getErr(), replaceByDefault()));
            ResultTable.print(spec.commandLine().getOut(), result);
            return ExitCodes.OK;
        } catch (DataException | ConfigException | RunFolder.OutputExistsException e) {
            return ExitCodes.fail(spec.commandLine().getErr(), e, ExitCodes.USAGE, settings.debug);
        } catch (RuntimeException e) {
            return ExitCodes.fail(spec.commandLine().getErr(), e, ExitCodes.FAILURE, settings.debug);
        }
    }
}
