package org.spikeshift.datasets.rebin;

/**
 * Coarse-to-fine: each coarse step's value goes into the first of its {@code factor} fine steps, the others are 0.
 *
 * @param factor fine steps per coarse step
 */
public record PadZeros(int factor) implements FrameRebin {

    public PadZeros {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public int stepsAfter(int steps) {
        return steps * factor;
    }

    @Override
    public float[] apply(float[] frames, int batch, int steps, int channels) {
        return Expand.expand(frames, batch, steps, channels, factor, false);
    }
}
