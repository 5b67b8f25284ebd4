package org.spikeshift.core.statespace;

/**
 * One step of the readout's leaky integration, {@code u[k] = alpha u[k-1] + (1 - alpha) I[k]} per
 * output: the one readout step of the JVM loop, the streaming runner and the event-driven
 * simulator. States and inputs are read and written at offsets, so that a loop over a sample's (T,
 * C) block in one array steps it in place.
 */
public final class LeakyStep {

    private final float[] alpha;
    private final float[] gain;

    /**
     * @param alpha the decay per output (C)
     */
    public LeakyStep(float[] alpha) {
        this.alpha = alpha.clone();
        gain = new float[alpha.length];
        for (int i = 0; i < gain.length; i++) {
            gain[i] = 1f - alpha[i];
        }
    }

    /** C. */
    public int outputs() {
        return alpha.length;
    }

    /** alpha_o of output c. */
    public float decay(int c) {
        return alpha[c];
    }

    /** 1 - alpha_o of output c, the input's gain. */
    public float inputGain(int c) {
        return gain[c];
    }

    /**
     * Writes u[k] at {@code outAt} of {@code out}.
     *
     * @param previous holds u[k-1] at {@code previousAt}, or null for the zero state
     * @param in holds I[k] at {@code inAt}
     */
    public void advance(
            float[] previous, int previousAt, float[] in, int inAt, float[] out, int outAt) {
        int c = alpha.length;
        if (previous == null) {
            for (int i = 0; i < c; i++) {
                out[outAt + i] = in[inAt + i] * gain[i];
            }
            return;
        }
        for (int i = 0; i < c; i++) {
            out[outAt + i] = previous[previousAt + i] * alpha[i] + in[inAt + i] * gain[i];
        }
    }
}
