package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse: 1 where the group of {@code factor} steps has any activity: min(sum, 1).
 *
 * @param factor fine steps per coarse step
 */
public record BinaryBin(int factor) implements MergeSteps {

    public BinaryBin {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public float combine(float accumulated, float value) {
        return Math.min(1f, accumulated + value);
    }
}
