package io.latentkit.app;

import io.latentkit.app.cli.LatentkitCommand;
import java.io.PrintStream;

/** The {@code latentkit} command: exit code 0 on success, 2 for bad input or config, 1 for other failures. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs one command line, printing results to {@code out} and progress and errors to {@code err}. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return LatentkitCommand.commandLine(out, err).execute(args);
    }
}
