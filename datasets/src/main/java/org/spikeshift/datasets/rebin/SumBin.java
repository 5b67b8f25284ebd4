package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse: the sum of each group of {@code factor} steps (like binning at the coarse width).
 *
 * @param factor fine steps per coarse step
 */
public record SumBin(int factor) implements FrameRebin {

    public SumBin {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public int stepsAfter(int steps) {
        return (steps + factor - 1) / factor;
    }

    @Override
    public float[] apply(float[] frames, int batch, int steps, int channels) {
        return FrameRebin.merge(frames, batch, steps, channels, factor, (a, v) -> a + v);
    }
}
