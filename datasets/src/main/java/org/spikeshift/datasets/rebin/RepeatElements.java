package org.spikeshift.datasets.rebin;

/**
 * Coarse-to-fine: each coarse step's value is copied into all of its {@code factor} fine steps.
 *
 * @param factor fine steps per coarse step
 */
public record RepeatElements(int factor) implements SplitSteps {

    public RepeatElements {
        FrameRebin.checkFactor(factor);
    }

    @Override
    public boolean repeats() {
        return true;
    }
}
