package org.spikeshift.training;

import java.io.IOException;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.optim.SnnOptimizer;

/**
 * Told of a run's progress, as DJL's training listeners are: the learning-rate schedule, the
 * metrics files and the checkpoints are listeners of {@link SnnTrainer}, called in that order.
 */
public interface TrainingListener {

    /**
     * After an epoch, its measurements the last entry of {@link TrainingProgress#history}.
     *
     * @param net the network as trained so far
     * @param optimizer its optimizer, state included
     */
    default void onEpoch(TrainingProgress progress, SpikingNetwork net, SnnOptimizer optimizer)
            throws IOException {}

    /**
     * After the best network was tested.
     *
     * @param testFiringRates the test split's mean firing rate per hidden layer
     */
    default void onEnd(TrainingProgress progress, TrainingOutcome outcome, double[] testFiringRates)
            throws IOException {}
}
