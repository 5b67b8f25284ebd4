package org.spikeshift.datasets.rebin;

import java.util.Locale;

/**
 * Input adaptation between resolutions: re-bins frames (B, T, C), row-major, by an integer factor
 * instead of adapting the model. Fine-to-coarse merges {@code factor} steps; coarse-to-fine splits
 * each step into {@code factor}. Non-integer ratios go through the raw events instead (bin them at
 * the other width).
 */
public sealed interface FrameRebin permits MergeSteps, SplitSteps {

    /** Fine steps per coarse step. */
    int factor();

    /** Time steps after re-binning {@code steps}. */
    int stepsAfter(int steps);

    /** Re-bins {@code batch} samples of (steps x channels) frames into a new array. */
    float[] apply(float[] frames, int batch, int steps, int channels);

    /** The command-line and result-table name, e.g. {@code sum-bin}. */
    default String id() {
        return getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    static void checkFactor(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException(
                    "re-binning factor must be at least 1, got " + factor);
        }
    }
}
