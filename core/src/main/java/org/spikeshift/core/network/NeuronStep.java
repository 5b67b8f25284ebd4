package org.spikeshift.core.network;

import java.util.Arrays;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.statespace.StateSpaceArrays;

/**
 * A layer's neurons in the general state space, advanced one neuron at a time: {@code v[k] = A
 * v[k-1] + B_in I[k] + B_s s[k-1]}, plus the recurrent input through its own gains. The one scalar
 * step of the streaming runner and the event-driven simulator (the JVM time loops run the same step
 * vectorised over neurons).
 */
final class NeuronStep {

    private final float[] a00;
    private final float[] a01;
    private final float[] a10;
    private final float[] a11;
    private final float[] bIn0;
    private final float[] bIn1;
    private final float[] bS0;
    private final float[] bS1;

    NeuronStep(SpikingLayer layer) {
        int n = layer.units();
        StateSpaceArrays ss = StateSpaceArrays.of(layer.exportStateSpace());
        a00 = Arrays.copyOfRange(ss.a(), 0, n);
        a01 = Arrays.copyOfRange(ss.a(), n, 2 * n);
        a10 = Arrays.copyOfRange(ss.a(), 2 * n, 3 * n);
        a11 = Arrays.copyOfRange(ss.a(), 3 * n, 4 * n);
        bIn0 = Arrays.copyOfRange(ss.bIn(), 0, n);
        bIn1 = Arrays.copyOfRange(ss.bIn(), n, 2 * n);
        bS0 = Arrays.copyOfRange(ss.bS(), 0, n);
        bS1 = Arrays.copyOfRange(ss.bS(), n, 2 * n);
    }

    /** B_in's u row: how far one unit of input moves u. */
    float inputGain(int j) {
        return bIn0[j];
    }

    /**
     * Advances neuron j in place.
     *
     * @param u membrane potentials, u[j] replaced
     * @param w adaptation states, w[j] replaced
     * @param current the input current I[k]
     * @param recurrentU the recurrent input into u (its gain times V s[k-1]), 0 for none
     * @param recurrentW the recurrent input into w, 0 for none
     * @param spiked whether neuron j spiked at the last step
     */
    void advance(
            int j,
            float[] u,
            float[] w,
            float current,
            float recurrentU,
            float recurrentW,
            boolean spiked) {
        float s = spiked ? 1f : 0f;
        float un = a00[j] * u[j] + a01[j] * w[j] + bIn0[j] * current + bS0[j] * s + recurrentU;
        float wn = a10[j] * u[j] + a11[j] * w[j] + bIn1[j] * current + bS1[j] * s + recurrentW;
        u[j] = un;
        w[j] = wn;
    }
}
