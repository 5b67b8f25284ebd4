package org.spikeshift.core.neuron;

import java.util.Arrays;
import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static NeuronKind fromId(String id) {
        for (NeuronKind k : values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown model '" + id + "' (expected one of "
                        + Arrays.stream(values()).map(NeuronKind::id).toList() + ")");
    }
}
