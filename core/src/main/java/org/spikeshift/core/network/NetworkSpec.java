package org.spikeshift.core.network;

import java.util.ArrayList;
import java.util.List;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.surrogate.Surrogate;

/**
 * Everything needed to rebuild a {@link SpikingNetwork} before loading its parameters.
 *
 * @param inputSize input channels per time step
 * @param layers hidden layers, input side first
 * @param classes output classes
 * @param dropout dropout rate on hidden spikes
 * @param surrogate surrogate gradient of every layer
 * @param ranges neuron parameter ranges
 * @param readoutClamped whether the readout's alpha_o is clamped (false after adaptation)
 * @param binMs the bin size in milliseconds the parameters are meant for
 */
public record NetworkSpec(
        int inputSize,
        List<LayerSpec> layers,
        int classes,
        float dropout,
        Surrogate surrogate,
        NeuronRanges ranges,
        boolean readoutClamped,
        double binMs) {

    public NetworkSpec {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one hidden layer");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        if (!(binMs > 0)) {
            throw new IllegalArgumentException("bin size must be positive, got " + binMs);
        }
        layers = List.copyOf(layers);
    }

    /** A trainable network with {@code hidden} layers of one neuron model. */
    public static NetworkSpec of(
            int inputSize, NeuronKind kind, int[] hidden, int classes, double binMs) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int units : hidden) {
            layers.add(LayerSpec.of(kind, units));
        }
        return new NetworkSpec(
                inputSize, layers, classes, 0.1f, Surrogate.BOXCAR, NeuronRanges.SPARCH, true, binMs);
    }

    public NetworkSpec withDropout(float rate) {
        return new NetworkSpec(inputSize, layers, classes, rate, surrogate, ranges, readoutClamped, binMs);
    }

    public NetworkSpec withSurrogate(Surrogate s) {
        return new NetworkSpec(inputSize, layers, classes, dropout, s, ranges, readoutClamped, binMs);
    }

    public NetworkSpec withRanges(NeuronRanges r) {
        return new NetworkSpec(inputSize, layers, classes, dropout, surrogate, r, readoutClamped, binMs);
    }

    /** The same architecture with other hidden layers, readout clamping and bin size. */
    public NetworkSpec withLayers(List<LayerSpec> newLayers, boolean newReadoutClamped, double newBinMs) {
        return new NetworkSpec(
                inputSize, newLayers, classes, dropout, surrogate, ranges, newReadoutClamped, newBinMs);
    }
}
