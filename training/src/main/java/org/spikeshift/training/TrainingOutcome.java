package org.spikeshift.training;

/**
 * What a training run produced.
 *
 * @param testAccuracy accuracy of the best-validation network on the test split
 * @param testLoss its mean test loss
 * @param bestValAccuracy best validation accuracy
 * @param bestEpoch epoch of the best validation accuracy
 * @param epochs epochs completed
 * @param trainSeconds wall time of training epochs, without evaluation
 * @param testSamples test samples evaluated
 */
public record TrainingOutcome(
        double testAccuracy,
        double testLoss,
        double bestValAccuracy,
        int bestEpoch,
        int epochs,
        double trainSeconds,
        int testSamples) {}
