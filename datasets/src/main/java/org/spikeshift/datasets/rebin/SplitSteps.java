package org.spikeshift.datasets.rebin;

/** Coarse-to-fine re-binning: each step becomes {@code factor} steps. */
public sealed interface SplitSteps extends FrameRebin permits PadZeros, RepeatElements {

    /** Whether every fine step gets the coarse value; otherwise only the first, the others 0. */
    boolean repeats();

    @Override
    default int stepsAfter(int steps) {
        return steps * factor();
    }

    @Override
    default float[] apply(float[] frames, int batch, int steps, int channels) {
        int factor = factor();
        int out = stepsAfter(steps);
        int copies = repeats() ? factor : 1;
        float[] result = new float[batch * out * channels];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int src = (b * steps + t) * channels;
                for (int k = 0; k < copies; k++) {
                    System.arraycopy(
                            frames, src, result, (b * out + t * factor + k) * channels, channels);
                }
            }
        }
        return result;
    }
}
