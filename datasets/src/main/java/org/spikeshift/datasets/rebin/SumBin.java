package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse: the sum of each group of {@code factor} steps (like binning at the coarse width).
 *
 * @param factor fine steps per coarse step
 */
public record SumBin(int factor) implements MergeSteps {

    public SumBin {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public float combine(float accumulated, float value) {
        return accumulated + value;
    }
}
