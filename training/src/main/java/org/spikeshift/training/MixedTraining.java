package org.spikeshift.training;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.spikeshift.core.network.BlockResolutions;
import org.spikeshift.core.network.MixedTimeSteps;

/**
 * What mixed time-step training needs besides its settings: the training split at any bin (binned
 * once per bin and kept) and the samples' duration for the step-count form.
 */
public final class MixedTraining {

    private final MixedTimeSteps settings;
    private final double durationMs;
    private final DoubleFunction<Batches> binner;
    private final Map<Double, Batches> binned = new HashMap<>();

    /**
     * @param settings the configuration draw
     * @param durationMs the samples' duration in milliseconds
     * @param binner the training split binned at a bin in milliseconds
     */
    public MixedTraining(
            MixedTimeSteps settings, double durationMs, DoubleFunction<Batches> binner) {
        this.settings = settings;
        this.durationMs = durationMs;
        this.binner = binner;
    }

    public MixedTimeSteps settings() {
        return settings;
    }

    /** The training split at {@code binMs}. */
    public Batches trainAt(double binMs) {
        return binned.computeIfAbsent(binMs, binner::apply);
    }

    /** One configuration of a pass: the input frames' bin and every block's resolution. */
    public record Pass(double inputBinMs, BlockResolutions resolutions) {
        /** The readout's steps, for the loss. */
        public int readoutSteps() {
            int[] steps = resolutions.steps();
            return steps[steps.length - 1];
        }
    }

    /**
     * One iteration's passes for a network of {@code blocks} blocks trained at {@code
     * networkBinMs}.
     */
    public List<Pass> draw(Random random, int blocks, double networkBinMs) {
        return settings.draw(random, durationMs, blocks).stream()
                .map(
                        bins -> {
                            int[] steps = new int[blocks];
                            double[] ratios = new double[blocks];
                            for (int i = 0; i < blocks; i++) {
                                steps[i] = trainAt(bins[i]).steps();
                                ratios[i] = bins[i] / networkBinMs;
                            }
                            return new Pass(bins[0], BlockResolutions.of(steps, ratios));
                        })
                .toList();
    }
}
