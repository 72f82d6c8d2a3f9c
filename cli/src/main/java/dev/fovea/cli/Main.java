package dev.fovea.cli;

import dev.fovea.cli.conformance.ConformanceCommand;
import dev.fovea.cli.train.EvalCommand;
import dev.fovea.cli.train.PredictCommand;
import dev.fovea.cli.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fovea} command-line tool. */
@Command(name = "fovea", mixinStandardHelpOptions = true, version = "fovea 0.1.0",
        description = "Fovea: convolutional neural networks in pure Java.",
        subcommands = {InfoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            ConformanceCommand.class, BenchCommand.class, SummaryCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::report).execute(args);
        System.exit(code);
    }

    /**
     * Errors a user can act on (bad arguments, missing or corrupt files, wrong shapes) are printed as their message
     * alone: the message already names what was expected and what to do. Anything else is a bug in Fovea and keeps
     * its stack trace; {@code FOVEA_DEBUG=1} shows the trace for every error.
     */
    private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                || e instanceof UnsupportedOperationException || e instanceof dev.fovea.data.DatasetException;
        if (!userError || System.getenv("FOVEA_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        }
        return 1;
    }
}
