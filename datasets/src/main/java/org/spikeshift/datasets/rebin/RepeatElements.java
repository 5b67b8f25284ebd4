package org.spikeshift.datasets.rebin;

/**
 * Coarse-to-fine: each coarse step's value is copied into all of its {@code factor} fine steps.
 *
 * @param factor fine steps per coarse step
 */
public record RepeatElements(int factor) implements FrameRebin {

    public RepeatElements {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public int stepsAfter(int steps) {
        return steps * factor;
    }

    @Override
    public float[] apply(float[] frames, int batch, int steps, int channels) {
        return Expand.expand(frames, batch, steps, channels, factor, true);
    }
}
