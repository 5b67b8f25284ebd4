package org.spikeshift.core.statespace;

/**
 * The published neurons' state spaces written out from science.md in double: the independent
 * reference the layers' own forms and the adaptation tests are checked against.
 */
public final class PublishedNeurons {

    private PublishedNeurons() {}

    /** The adLIF neuron (RadLIF is identical: its recurrent spikes enter through B_in). */
    public static NeuronStateSpace adLif(double alpha, double beta, double a, double b) {
        return new NeuronStateSpace(
                new Matrix2(alpha - (1 - alpha) * a, -(1 - alpha) * beta, a, beta),
                new Vector2(1 - alpha, 0),
                new Vector2(-(alpha + (1 - alpha) * b), b));
    }

    /** The LIF neuron as the scalar case. */
    public static NeuronStateSpace lif(double alpha) {
        return new NeuronStateSpace(
                new Matrix2(alpha, 0, 0, 1), new Vector2(1 - alpha, 0), new Vector2(-alpha, 0));
    }
}
