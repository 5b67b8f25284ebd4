package org.spikeshift.datasets.rebin;

/**
 * Coarse-to-fine: each coarse step's value goes into the first of its {@code factor} fine steps,
 * the others are 0.
 *
 * @param factor fine steps per coarse step
 */
public record PadZeros(int factor) implements SplitSteps {

    public PadZeros {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public boolean repeats() {
        return false;
    }
}
