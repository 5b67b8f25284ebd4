package org.spikeshift.datasets.rebin;

/**
 * Fine-to-coarse re-binning: each group of {@code factor} steps becomes one, ceil(T / factor)
 * steps.
 */
public sealed interface MergeSteps extends FrameRebin permits SumBin, BinaryBin, MaxPoolBin {

    /** How one fine step's value joins the coarse bin's value (which starts at 0). */
    float combine(float accumulated, float value);

    @Override
    default int stepsAfter(int steps) {
        return (steps + factor() - 1) / factor();
    }

    @Override
    default float[] apply(float[] frames, int batch, int steps, int channels) {
        int factor = factor();
        int out = stepsAfter(steps);
        float[] result = new float[batch * out * channels];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int src = (b * steps + t) * channels;
                int dst = (b * out + t / factor) * channels;
                for (int c = 0; c < channels; c++) {
                    result[dst + c] = combine(result[dst + c], frames[src + c]);
                }
            }
        }
        return result;
    }
}
