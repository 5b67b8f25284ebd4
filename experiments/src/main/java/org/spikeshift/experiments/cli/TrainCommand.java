package org.spikeshift.experiments.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikeshift.experiments.experiment.RunConfig;
import org.spikeshift.experiments.experiment.TrainExperiment;
import org.spikeshift.training.TrainingOutcome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikeshift train}. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a spiking network with BPTT and surrogate gradients; writes a run folder.")
final class TrainCommand implements Callable<Integer> {

    @Mixin DataOptions data;
    @Mixin ModelOptions model;
    @Mixin TrainingOptions training;
    @Mixin MixedOptions mixed;
    @Mixin TransferOptions transfer;

    @Option(
            names = "--bin-ms",
            defaultValue = "10",
            description = "bin size in milliseconds (default: ${DEFAULT-VALUE})")
    double binMs;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** The flags that may be given with --resume. */
    private static final List<String> RESUMABLE = List.of("--resume", "--data-dir", "--epochs");

    static final class Target {
        @Option(names = "--out", required = true, description = "new run folder")
        Path out;

        @Option(
                names = "--resume",
                required = true,
                description = "run folder to continue from its last checkpoint")
        Path resume;
    }

    @Override
    public Integer call() throws Exception {
        try (NDManager manager = Engines.newManager()) {
            TrainingOutcome outcome;
            if (target.resume != null) {
                List<String> refused =
                        spec.commandLine().getParseResult().matchedOptions().stream()
                                .map(o -> o.longestName())
                                .filter(name -> !RESUMABLE.contains(name))
                                .toList();
                if (!refused.isEmpty()) {
                    throw new IllegalArgumentException(
                            "--resume continues the run as config.json describes it; "
                                    + String.join(", ", refused)
                                    + " cannot change on resume (allowed: --data-dir for moved"
                                    + " data, --epochs to extend)");
                }
                boolean moved = spec.commandLine().getParseResult().hasMatchedOption("--data-dir");
                boolean extended = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
                outcome =
                        TrainExperiment.resume(
                                target.resume,
                                moved ? data.dataDir : null,
                                extended ? training.epochs : null,
                                manager,
                                null);
            } else {
                RunConfig config =
                        model.runConfig(data, training, binMs)
                                .withMixed(mixed.settings(model.rangesBinMs, model.blocks()))
                                .withTransfer(transfer.settings());
                outcome = TrainExperiment.run(config, target.out, manager);
            }
            System.out.printf(
                    java.util.Locale.ROOT,
                    "test_accuracy %.4f  best_val_accuracy %.4f  epochs %d  train_seconds %.1f%n",
                    outcome.testAccuracy(),
                    outcome.bestValAccuracy(),
                    outcome.epochs(),
                    outcome.trainSeconds());
        }
        return 0;
    }
}
