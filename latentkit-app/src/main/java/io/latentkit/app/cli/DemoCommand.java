package io.latentkit.app.cli;

import io.latentkit.app.pipeline.Pipeline;
import io.latentkit.app.pipeline.PipelineConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code latentkit demo}: runs the bundled Fashion-MNIST config. The repository root comes from the system property
 * {@code latentkit.home} (set by the launcher), else the current folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Cluster the bundled Fashion-MNIST test set: PCA 50 and N2D (autoencoder, UMAP), each with k-means and a Gaussian mixture (k = 10).")
final class DemoCommand extends PipelineCommand {
    static final Path DEFAULT_OUT = Path.of("runs", "demo");

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}, replaced on each run).")
    Path out = DEFAULT_OUT;

    @Override
    Pipeline pipeline() {
        Path home = Path.of(System.getProperty("latentkit.home", "."));
        return PipelineConfig.load(home.resolve("configs").resolve("demo.yaml")).build();
    }

    @Override
    Path out() {
        return out;
    }

    /** The demo's own folder is replaced freely; any other needs --overwrite. */
    @Override
    boolean replaceByDefault() {
        return out.equals(DEFAULT_OUT);
    }
}
