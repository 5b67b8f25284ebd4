package org.spikeshift.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Function;
import org.spikeshift.core.loop.TimeLoopTape;

/**
 * Gathers the gradients of several forward/backward passes (several loss terms, several input
 * domains or time-step configurations) before one optimizer step: gradients accumulate until the
 * optimizer applies and zeroes them.
 */
public final class GradientStep {

    private GradientStep() {}

    /**
     * Runs each pass's forward and backward under one gradient collector.
     *
     * @param passes each builds a forward pass with the given tape in its parameters (see {@link
     *     TimeLoopTape}) and returns its scalar loss
     * @return the loss value of each pass
     */
    public static float[] accumulate(List<Function<TimeLoopTape, NDArray>> passes) {
        float[] losses = new float[passes.size()];
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (int i = 0; i < passes.size(); i++) {
                try (TimeLoopTape tape = TimeLoopTape.open()) {
                    NDArray loss = passes.get(i).apply(tape);
                    losses[i] = loss.getFloat();
                    tape.backward(loss);
                }
            }
        }
        return losses;
    }
}
