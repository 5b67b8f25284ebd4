package org.spikeshift.core.network;

import org.spikeshift.core.loop.JvmBatchNorm;
import org.spikeshift.core.neuron.LeakyReadout;
import org.spikeshift.core.statespace.LeakyStep;

/**
 * The leaky-integrator readout one step at a time, with its BatchNorm folded: {@code u_o = alpha_o
 * u_o + (1 - alpha_o) (scale W_o h + shift)}, then softmax(u_o) added to the scores. The one scalar
 * readout step of the streaming runner and the event-driven simulator.
 */
final class ReadoutStep {

    private final LeakyStep step;
    private final float[] scale;
    private final float[] shift;
    private final float[] current;
    private final double[] exp;

    ReadoutStep(LeakyReadout readout) {
        step = new LeakyStep(readout.decay());
        float[][] folded = JvmBatchNorm.folded(readout.norm());
        scale = folded[0];
        shift = folded[1];
        current = new float[scale.length];
        exp = new double[scale.length];
    }

    /** The BatchNorm's folded scale of class c, the gain one unit of W_o h has. */
    float scale(int c) {
        return scale[c];
    }

    /**
     * Integrates one step and adds softmax(u_o) to {@code scores}.
     *
     * @param drive W_o h of this step, per class
     * @param u the membranes u_o, advanced in place
     * @param scores the running sum of softmax(u_o)
     */
    void advance(float[] drive, float[] u, double[] scores) {
        for (int c = 0; c < u.length; c++) {
            current[c] = scale[c] * drive[c] + shift[c];
        }
        step.advance(u, 0, current, 0, u, 0);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : u) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < u.length; c++) {
            exp[c] = Math.exp(u[c] - max);
            sum += exp[c];
        }
        for (int c = 0; c < u.length; c++) {
            scores[c] += exp[c] / sum;
        }
    }

    /** 1 - alpha_o of class c, the readout's input gain. */
    float inputGain(int c) {
        return step.inputGain(c);
    }
}
