package org.spikeshift.training;

import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.optim.SnnOptimizer;

/** Sets the next epoch's learning rate after each epoch, by the configured schedule. */
final class LearningRateSchedule implements TrainingListener {

    private final TrainingConfig config;

    LearningRateSchedule(TrainingConfig config) {
        this.config = config;
    }

    @Override
    public void onEpoch(TrainingProgress progress, SpikingNetwork net, SnnOptimizer optimizer) {
        progress.lr = next(progress);
    }

    private float next(TrainingProgress progress) {
        return switch (config.schedule()) {
            case CONSTANT -> progress.lr;
            case COSINE ->
                    (float)
                            (config.learningRate()
                                    * 0.5
                                    * (1 + Math.cos(Math.PI * progress.epoch / config.epochs())));
            case PLATEAU ->
                    progress.epochsWithoutImprovement > 0
                                    && progress.epochsWithoutImprovement
                                                    % (config.plateauPatience() + 1)
                                            == 0
                            ? progress.lr * config.plateauFactor()
                            : progress.lr;
        };
    }
}
