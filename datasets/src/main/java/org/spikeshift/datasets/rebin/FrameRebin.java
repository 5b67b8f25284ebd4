package org.spikeshift.datasets.rebin;

import java.util.Locale;

/**
 * Input adaptation between resolutions: re-bins frames (B, T, C), row-major, by an integer factor
 * instead of adapting the model. Fine-to-coarse merges {@code factor} steps; coarse-to-fine splits
 * each step into {@code factor}. Non-integer ratios go through the raw events instead (bin them
 * at the other width).
 */
public sealed interface FrameRebin permits SumBin, BinaryBin, MaxPoolBin, PadZeros, RepeatElements {

    /** Fine steps per coarse step. */
    int factor();

    /** Time steps after re-binning {@code steps}. */
    int stepsAfter(int steps);

    /** Re-bins {@code batch} samples of (steps x channels) frames into a new array. */
    float[] apply(float[] frames, int batch, int steps, int channels);

    /** The command-line and result-table name, e.g. {@code sum-bin}. */
    default String id() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Merging re-bins of {@code factor} steps: ceil(T / factor) output steps. */
    static float[] merge(float[] frames, int batch, int steps, int channels, int factor, Merge merge) {
        int out = (steps + factor - 1) / factor;
        float[] result = new float[batch * out * channels];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int src = (b * steps + t) * channels;
                int dst = (b * out + t / factor) * channels;
                for (int c = 0; c < channels; c++) {
                    result[dst + c] = merge.combine(result[dst + c], frames[src + c]);
                }
            }
        }
        return result;
    }

    /** How one fine step's value joins the coarse bin's value. */
    @FunctionalInterface
    interface Merge {
        float combine(float accumulated, float value);
    }

    static void checkFactor(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("re-binning factor must be at least 1, got " + factor);
        }
    }
}
