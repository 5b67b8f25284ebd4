package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse: the maximum over each group of {@code factor} steps.
 *
 * @param factor fine steps per coarse step
 */
public record MaxPoolBin(int factor) implements MergeSteps {

    public MaxPoolBin {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public float combine(float accumulated, float value) {
        return Math.max(accumulated, value);
    }
}
