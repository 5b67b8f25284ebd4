package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse: the maximum over each group of {@code factor} steps.
 *
 * @param factor fine steps per coarse step
 */
public record MaxPoolBin(int factor) implements FrameRebin {

    public MaxPoolBin {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public int stepsAfter(int steps) {
        return (steps + factor - 1) / factor;
    }

    @Override
    public float[] apply(float[] frames, int batch, int steps, int channels) {
        return FrameRebin.merge(frames, batch, steps, channels, factor, (a, v) -> Math.max(a, v));
    }
}
