package org.spikeshift.experiments.cli;

import java.util.Arrays;
import java.util.List;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.training.TrainingConfig;
import org.spikeshift.training.loss.SnnLoss;
import org.spikeshift.training.optim.LrSchedule;
import org.spikeshift.training.optim.OptimizerKind;
import picocli.CommandLine.Option;

/** Optimisation settings; defaults follow the sparch lineage. */
public final class TrainingOptions {

    @Option(
            names = "--time-loop",
            defaultValue = "jvm",
            description =
                    "where the neuron time loops run: ${COMPLETION-CANDIDATES} (jvm: plain "
                            + "Java with its own backward pass, faster on the CPU; engine: "
                            + "step by step under the engine's autograd, keeps a "
                            + "GPU's data on the GPU) (default: ${DEFAULT-VALUE})")
    TimeLoop timeLoop;

    @Option(
            names = "--train-fraction",
            defaultValue = "1",
            description =
                    "train on this fraction of the training split: a stratified subset "
                            + "drawn with --data-seed (default: ${DEFAULT-VALUE}, all)")
    double trainFraction;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--lr",
            defaultValue = "0.01",
            description = "learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "adam|adamw|sgd (default: ${DEFAULT-VALUE})")
    OptimizerKind optimizer;

    @Option(
            names = "--weight-decay",
            defaultValue = "0",
            description = "weight decay (default: ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(
            names = "--schedule",
            defaultValue = "plateau",
            description = "plateau|cosine|constant (default: ${DEFAULT-VALUE})")
    LrSchedule schedule;

    @Option(
            names = "--clip-norm",
            defaultValue = "0",
            description = "global gradient-norm clipping, 0 = off (default: ${DEFAULT-VALUE})")
    float clipNorm;

    @Option(
            names = "--rate-reg",
            defaultValue = "0",
            description = "firing-rate regulariser weight, 0 = off (default: ${DEFAULT-VALUE})")
    float rateReg;

    @Option(
            names = "--early-stop",
            defaultValue = "0",
            description =
                    "stop after this many epochs without validation improvement, 0 = never "
                            + "(default: ${DEFAULT-VALUE})")
    int earlyStop;

    @Option(
            names = "--loss",
            defaultValue = "log-softmax",
            description = "log-softmax|log-mean (default: ${DEFAULT-VALUE})")
    SnnLoss loss;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description =
                    "seed of initialisation, shuffling and dropout (default: ${DEFAULT-VALUE})")
    long seed;

    /** The training seeds of an experiment: {@code seeds} when given, else {@code --seed}. */
    List<Long> seedList(long[] seeds) {
        return seeds == null ? List.of(seed) : Arrays.stream(seeds).boxed().toList();
    }

    /** The fraction to record in the run's config; null for all of the training split. */
    Double trainFraction() {
        return trainFraction == 1 ? null : trainFraction;
    }

    TrainingConfig config() {
        return new TrainingConfig(
                epochs,
                batchSize,
                lr,
                optimizer,
                weightDecay,
                schedule,
                0.7f,
                1,
                clipNorm,
                rateReg,
                earlyStop,
                loss,
                seed,
                timeLoop);
    }
}
