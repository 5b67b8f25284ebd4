package org.spikeshift.core.network;

import org.spikeshift.core.neuron.NeuronKind;

/**
 * One hidden layer of a {@link NetworkSpec}.
 *
 * @param kind the neuron model
 * @param units number of neurons
 * @param clamped whether neuron parameters are clamped to their ranges (false after adaptation)
 * @param recurrent for {@link NeuronKind#STATE_SPACE}: whether it carries RadLIF's V
 */
public record LayerSpec(NeuronKind kind, int units, boolean clamped, boolean recurrent) {

    public LayerSpec {
        if (units <= 0) {
            throw new IllegalArgumentException("layer size must be positive, got " + units);
        }
    }

    /** A trainable layer of a neuron model, clamped. */
    public static LayerSpec of(NeuronKind kind, int units) {
        return new LayerSpec(kind, units, true, kind == NeuronKind.RADLIF);
    }
}
