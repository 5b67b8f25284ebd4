package org.spikeshift.datasets.rebin;

/** Coarse-to-fine expansion shared by {@link PadZeros} and {@link RepeatElements}. */
final class Expand {

    private Expand() {}

    static float[] expand(float[] frames, int batch, int steps, int channels, int factor, boolean repeat) {
        int out = steps * factor;
        float[] result = new float[batch * out * channels];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int src = (b * steps + t) * channels;
                int copies = repeat ? factor : 1;
                for (int k = 0; k < copies; k++) {
                    System.arraycopy(frames, src, result, (b * out + t * factor + k) * channels, channels);
                }
            }
        }
        return result;
    }
}
