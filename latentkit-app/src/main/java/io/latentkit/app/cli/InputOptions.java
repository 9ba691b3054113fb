package io.latentkit.app.cli;

import io.latentkit.data.InputSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that say how to read a data file, shared by the commands that take one. */
final class InputOptions {
    @Option(names = "--format", paramLabel = "F", description = "Input format (default: from the file name).")
    String format;

    @Option(names = "--labels", paramLabel = "COLUMN", description = "Column or field holding true labels.")
    String labels;

    @Option(names = "--id", paramLabel = "COLUMN", description = "Column or field holding item ids (default: row numbers).")
    String id;

    InputSpec spec(Path data) {
        return new InputSpec(data, format, id, labels, List.of(), List.of(), null, null, false);
    }
}
