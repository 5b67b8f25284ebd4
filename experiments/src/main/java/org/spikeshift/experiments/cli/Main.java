package org.spikeshift.experiments.cli;

import java.io.PrintWriter;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spikeshift} command line. */
@Command(
        name = "spikeshift",
        mixinStandardHelpOptions = true,
        version = "spikeshift 0.1.0",
        description = "Spiking neural networks on DJL: train with surrogate gradients, move between time resolutions.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            AdaptCommand.class,
            ExperimentCommand.class,
            BenchmarkCommand.class,
            DatasetsCommand.class
        })
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().get("adapt").getCommandSpec().usageMessage()
                .footer("%nDefault variants of each method (the measured winners):%n"
                        + AdaptationOptions.defaultsDescription().replace("%", "%%"));
        cli.setParameterExceptionHandler(
                (ex, a) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println("spikeshift: error: " + ex.getMessage());
                    err.flush();
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    LOG.debug("failure", ex);
                    PrintWriter err = commandLine.getErr();
                    err.println("spikeshift: error: " + message(ex));
                    err.flush();
                    return ex instanceof IllegalArgumentException ? 2 : 1;
                });
        return cli.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }
}
