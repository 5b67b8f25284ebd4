package org.spikeshift.core.neuron;

import org.spikeshift.core.util.EnumIds;

/** The hidden-layer neuron models. */
public enum NeuronKind {
    /** Leaky integrate-and-fire. */
    LIF,
    /** Adaptive LIF: a second, slower state w couples to u and to the spikes. */
    ADLIF,
    /** adLIF with a recurrent spike matrix V (zero diagonal). */
    RADLIF,
    /** The general per-neuron 2x2 state-space form (trained or adapted neurons). */
    STATE_SPACE;

    /** The command-line name, e.g. {@code adlif}, {@code state-space}. */
    public String id() {
        return EnumIds.id(this);
    }

    public static NeuronKind fromId(String id) {
        return EnumIds.parse(NeuronKind.class, id, "model");
    }
}
