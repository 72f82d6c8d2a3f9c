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
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
