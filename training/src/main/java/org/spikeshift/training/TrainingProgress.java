package org.spikeshift.training;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's resumable progress: saved with every checkpoint ({@link CheckpointStore}), read by the
 * listeners after every epoch ({@link TrainingListener}).
 */
public final class TrainingProgress {
    int epoch;
    float lr;
    double bestVal = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestEpoch;
    int epochsWithoutImprovement;
    double trainSeconds;
    List<Epoch> history = new ArrayList<>();

    /** What the run is: checked on resume so that a checkpoint never continues another run. */
    String dataFingerprint;

    String trainingHash;

    /** One epoch's measurements: a row of {@code metrics.csv}. */
    public record Epoch(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double valLoss,
            double valAccuracy,
            double lr,
            double epochSeconds,
            double trackedAccuracy,
            double[] rates) {}

    /** Epochs trained so far. */
    public int epoch() {
        return epoch;
    }

    /** The learning rate of the next epoch. */
    public float learningRate() {
        return lr;
    }

    /** Epochs since the best score so far. */
    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    /** Every epoch's measurements, oldest first. */
    public List<Epoch> history() {
        return List.copyOf(history);
    }
}
