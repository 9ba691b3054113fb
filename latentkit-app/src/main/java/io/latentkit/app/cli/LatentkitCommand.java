package io.latentkit.app.cli;

import io.latentkit.app.run.Versions;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; its subcommands do the work. */
@Command(name = "latentkit", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Learns latent representations, clusters in them and reports how good the clusters are.",
        subcommands = {RunCommand.class, ClusterCommand.class, PredictCommand.class, EncodeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class LatentkitCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** A configured command line writing to the given streams; usage errors print one line and exit 2. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LatentkitCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints latentkit's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"latentkit " + Versions.latentkit()};
        }
    }
}
