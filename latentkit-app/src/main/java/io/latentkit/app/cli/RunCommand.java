package io.latentkit.app.cli;

import io.latentkit.app.pipeline.Pipeline;
import io.latentkit.app.pipeline.PipelineConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentkit run CONFIG --out DIR}: runs a pipeline config. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Run the pipeline described by a YAML or JSON config file.")
final class RunCommand extends PipelineCommand {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Pipeline config (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must not exist or be empty).")
    Path out;

    @Override
    Pipeline pipeline() {
        return PipelineConfig.load(config).build();
    }

    @Override
    Path out() {
        return out;
    }
}
