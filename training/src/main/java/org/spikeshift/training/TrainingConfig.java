package org.spikeshift.training;

import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.training.loss.SnnLoss;
import org.spikeshift.training.optim.LrSchedule;
import org.spikeshift.training.optim.OptimizerKind;

/**
 * Training hyperparameters. Defaults follow the sparch lineage: Adam, lr 1e-2, reduce-on-plateau
 * (factor 0.7, patience 1), batch 128.
 *
 * @param epochs maximum epochs
 * @param batchSize samples per optimizer step
 * @param learningRate initial learning rate
 * @param optimizer adam, adamw or sgd
 * @param weightDecay L2 (adam, sgd) or decoupled (adamw) weight decay
 * @param schedule learning-rate schedule
 * @param plateauFactor learning-rate factor on a validation plateau
 * @param plateauPatience epochs without improvement before reducing
 * @param clipNorm global gradient-norm clipping threshold, 0 = off
 * @param rateRegularization weight of the firing-rate regulariser, 0 = off
 * @param earlyStopPatience epochs without validation improvement before stopping, 0 = never
 * @param loss output loss
 * @param seed seed of initialisation, shuffling and dropout
 * @param timeLoop where the time loops run (results agree within float rounding; see {@link
 *     TimeLoop}); null in configurations written before it existed means {@link TimeLoop#JVM}
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        float learningRate,
        OptimizerKind optimizer,
        float weightDecay,
        LrSchedule schedule,
        float plateauFactor,
        int plateauPatience,
        float clipNorm,
        float rateRegularization,
        int earlyStopPatience,
        SnnLoss loss,
        long seed,
        TimeLoop timeLoop) {

    public TrainingConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "--lr must be a finite positive number, got " + learningRate);
        }
        requireNonNegative("--weight-decay", weightDecay);
        requireNonNegative("--clip-norm", clipNorm);
        requireNonNegative("--rate-reg", rateRegularization);
        requireNonNegative("--early-stop", earlyStopPatience);
    }

    private static void requireNonNegative(String flag, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    flag + " must be a finite number >= 0, got " + value);
        }
    }

    /** Where the time loops run; {@link TimeLoop#JVM} unless chosen. */
    public TimeLoop loop() {
        return timeLoop == null ? TimeLoop.JVM : timeLoop;
    }

    /** The lineage's defaults with the given epochs and seed. */
    public static TrainingConfig defaults(int epochs, long seed) {
        return new TrainingConfig(
                epochs,
                128,
                1e-2f,
                OptimizerKind.ADAM,
                0f,
                LrSchedule.PLATEAU,
                0.7f,
                1,
                0f,
                0f,
                0,
                SnnLoss.LOG_SOFTMAX,
                seed,
                TimeLoop.JVM);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(
                epochs,
                batchSize,
                learningRate,
                optimizer,
                weightDecay,
                schedule,
                plateauFactor,
                plateauPatience,
                clipNorm,
                rateRegularization,
                earlyStopPatience,
                loss,
                newSeed,
                timeLoop);
    }

    /** The same settings with another epoch cap and early-stopping patience. */
    public TrainingConfig withEpochs(int maxEpochs, int patience) {
        return new TrainingConfig(
                maxEpochs,
                batchSize,
                learningRate,
                optimizer,
                weightDecay,
                schedule,
                plateauFactor,
                plateauPatience,
                clipNorm,
                rateRegularization,
                patience,
                loss,
                seed,
                timeLoop);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(
                epochs,
                b,
                learningRate,
                optimizer,
                weightDecay,
                schedule,
                plateauFactor,
                plateauPatience,
                clipNorm,
                rateRegularization,
                earlyStopPatience,
                loss,
                seed,
                timeLoop);
    }
}
