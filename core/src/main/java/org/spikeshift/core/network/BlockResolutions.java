package org.spikeshift.core.network;

import java.util.Arrays;

/**
 * The time resolution of every block (hidden layers, then the readout) in one pass of mixed
 * time-step training.
 *
 * @param steps time steps of each block
 * @param binRatios each block's bin over the network's bin, b / b_net
 * @param inputRatios the bin each block's input frames are summed over, over the network's bin: the
 *     block's own bin for the first, and for the others the larger of its bin and the one before
 *     (growing copies each coarse frame, so its counts stay those of the coarse bin)
 */
public record BlockResolutions(int[] steps, double[] binRatios, double[] inputRatios) {

    public BlockResolutions {
        if (steps.length != binRatios.length
                || steps.length != inputRatios.length
                || steps.length == 0) {
            throw new IllegalArgumentException(
                    "one step count and two bin ratios per block, got "
                            + steps.length
                            + ", "
                            + binRatios.length
                            + " and "
                            + inputRatios.length);
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] <= 0 || !(binRatios[i] > 0) || !(inputRatios[i] > 0)) {
                throw new IllegalArgumentException(
                        "block "
                                + i
                                + ": steps and bin ratios must be positive, got "
                                + steps[i]
                                + ", "
                                + binRatios[i]
                                + " and "
                                + inputRatios[i]);
            }
        }
        steps = steps.clone();
        binRatios = binRatios.clone();
        inputRatios = inputRatios.clone();
    }

    /**
     * Blocks at the given bins over the network's, with their steps; the input ratios follow from
     * the bins.
     */
    public static BlockResolutions of(int[] steps, double[] binRatios) {
        double[] input = new double[binRatios.length];
        for (int i = 0; i < input.length; i++) {
            input[i] = i == 0 ? binRatios[0] : Math.max(binRatios[i - 1], binRatios[i]);
        }
        return new BlockResolutions(steps, binRatios, input);
    }

    @Override
    public String toString() {
        return "steps " + Arrays.toString(steps) + " at bin ratios " + Arrays.toString(binRatios);
    }
}
