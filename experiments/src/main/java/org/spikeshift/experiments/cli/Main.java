package org.spikeshift.experiments.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.neuron.ConvShape;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.surrogate.Surrogate;
import org.spikeshift.core.util.EnumIds;
import org.spikeshift.training.TransferTraining;
import org.spikeshift.training.loss.SnnLoss;
import org.spikeshift.training.optim.LrSchedule;
import org.spikeshift.training.optim.OptimizerKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spikeshift} command line. */
@Command(
        name = "spikeshift",
        mixinStandardHelpOptions = true,
        version = "spikeshift 0.1.0",
        description =
                "Spiking neural networks on DJL: train with surrogate gradients, move "
                        + "between time resolutions.",
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
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // enum flags take the lower-case, dashed ids of EnumIds (fast-sigmoid, sparch-v2, rho-rho2)
        register(cli, NeuronKind.class, "model");
        register(cli, Surrogate.class, "surrogate");
        register(cli, NeuronRanges.class, "range set");
        register(cli, ConvShape.Pooling.class, "pooling");
        register(cli, OptimizerKind.class, "optimizer");
        register(cli, LrSchedule.class, "schedule");
        register(cli, SnnLoss.class, "loss");
        register(cli, AdaptationMethod.class, "adaptation method");
        register(cli, AdaptationOptions.SpikeFeedback.class, "spike-feedback variant");
        register(cli, AdaptationOptions.Normalization.class, "normalization variant");
        register(cli, AdaptationOptions.SpikeInputs.class, "spike-inputs variant");
        register(cli, AdaptationOptions.EulerInput.class, "euler-input variant");
        register(cli, TransferTraining.EventLoss.class, "transfer event loss");
        cli.getSubcommands()
                .get("adapt")
                .getCommandSpec()
                .usageMessage()
                .footer(
                        "%nDefault variants of each method (the measured winners):%n"
                                + AdaptationOptions.defaultsDescription().replace("%", "%%"));
        cli.setParameterExceptionHandler(
                (ex, a) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println("spikeshift: error: " + usageMessage(ex));
                    err.flush();
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    LOG.debug("failure", ex);
                    return fail(commandLine, ex, ex instanceof IllegalArgumentException ? 2 : 1);
                });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return fail(cli, e, 1);
        }
    }

    private static <E extends Enum<E>> void register(CommandLine cli, Class<E> type, String what) {
        cli.registerConverter(
                type,
                value -> {
                    try {
                        return EnumIds.parse(type, value, what);
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.TypeConversionException(e.getMessage());
                    }
                });
    }

    /** One line on stderr, and a JSON object with {@code error} on stdout for {@code --json}. */
    private static int fail(CommandLine commandLine, Throwable ex, int code) {
        String m = message(ex);
        PrintWriter err = commandLine.getErr();
        err.println("spikeshift: error: " + m);
        err.flush();
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        while (parsed != null && parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        if (parsed != null && parsed.hasMatchedOption("--json")) {
            JsonObject json = new JsonObject();
            json.addProperty("error", m);
            commandLine.getOut().println(json);
            commandLine.getOut().flush();
        }
        return code;
    }

    private static String usageMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '"
                    + u.getUnmatched().get(0)
                    + "'; commands: "
                    + String.join(", ", ex.getCommandLine().getSubcommands().keySet());
        }
        return ex.getMessage();
    }

    static String message(Throwable ex) {
        String engine = String.valueOf(ex.getMessage());
        if (engine.contains("alloc_cpu") || engine.contains("DefaultCPUAllocator")) {
            return "the engine could not allocate memory for an array; use a smaller "
                    + "--batch-size or --hidden,"
                    + " or a larger --bin-ms";
        }
        if (ex instanceof java.io.EOFException) {
            return "a file ended before its contents did (truncated)"
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory ("
                    + ex.getMessage()
                    + "); give Java more heap, e.g."
                    + " SPIKESHIFT_JAVA_OPTS=-Xmx12g, or use a smaller --batch-size or --hidden";
        }
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        // engine messages may start with their own "Error:"
        return m.replace('\n', ' ').replaceFirst("^(?i)error:\\s*", "");
    }
}
