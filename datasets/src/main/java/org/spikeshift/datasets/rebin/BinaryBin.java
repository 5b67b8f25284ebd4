package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse: 1 where the group of {@code factor} steps has any activity: min(sum, 1).
 *
 * @param factor fine steps per coarse step
 */
public record BinaryBin(int factor) implements FrameRebin {

    public BinaryBin {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public int stepsAfter(int steps) {
        return (steps + factor - 1) / factor;
    }

    @Override
    public float[] apply(float[] frames, int batch, int steps, int channels) {
        return FrameRebin.merge(frames, batch, steps, channels, factor, (a, v) -> Math.min(1f, a + v));
    }
}
