package org.spikeshift.core.network;

import org.spikeshift.core.neuron.ConvShape;
import org.spikeshift.core.neuron.NeuronKind;

/**
 * One hidden layer of a {@link NetworkSpec}.
 *
 * @param kind the neuron model
 * @param units number of neurons
 * @param clamped whether neuron parameters are clamped to their ranges (false after adaptation)
 * @param recurrent for {@link NeuronKind#STATE_SPACE}: whether it carries RadLIF's V
 * @param conv the convolution of a convolutional layer (units are then its filters), or null for a
 *     dense layer
 */
public record LayerSpec(
        NeuronKind kind, int units, boolean clamped, boolean recurrent, ConvShape conv) {

    public LayerSpec {
        if (units <= 0) {
            throw new IllegalArgumentException("layer size must be positive, got " + units);
        }
    }

    /** A trainable layer of a neuron model, clamped. */
    public static LayerSpec of(NeuronKind kind, int units) {
        return new LayerSpec(kind, units, true, kind == NeuronKind.RADLIF, null);
    }

    /** A trainable convolutional layer of {@code filters} filters, clamped. */
    public static LayerSpec conv(NeuronKind kind, int filters, ConvShape conv) {
        if (kind == NeuronKind.RADLIF) {
            throw new IllegalArgumentException(
                    "convolutional layers take lif or adlif neurons, not radlif");
        }
        return new LayerSpec(kind, filters, true, false, conv);
    }

    /** Values per step this layer emits: its units, or its pooled maps. */
    public int outputSize() {
        return conv == null ? units : conv.outputSize(units);
    }

    /** Neurons of the time loop: its units, or filters x height x width. */
    public int neurons() {
        return conv == null ? units : conv.neurons(units);
    }
}
