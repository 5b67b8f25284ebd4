package org.spikeshift.core.network;

import java.util.ArrayList;
import java.util.List;
import org.spikeshift.core.neuron.ConvShape;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.neuron.RangeBounds;
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
 * @param rangesBinMs the bin size in milliseconds at which {@code ranges} hold (time constants in
 *     physical time), or 0 when they hold per step at any bin, as published
 * @param rangesAppliedBinMs the bin size the ranges were converted to for initialisation and
 *     clamping: the training bin, kept when adaptation changes {@code binMs}
 * @param mixed how the network was trained at several bins at once, or null when at one bin
 * @param transfer the static head and alignment gates of static-to-event transfer, or null
 * @param surrogateScale the surrogate's width or slope, 0 for its default
 * @param threshold every hidden neuron's firing threshold theta; 0 (files written before it was
 *     saved) reads as {@link #DEFAULT_THRESHOLD}
 */
public record NetworkSpec(
        int inputSize,
        List<LayerSpec> layers,
        int classes,
        float dropout,
        Surrogate surrogate,
        NeuronRanges ranges,
        boolean readoutClamped,
        double binMs,
        double rangesBinMs,
        double rangesAppliedBinMs,
        MixedTimeSteps mixed,
        StaticTransfer transfer,
        float surrogateScale,
        float threshold) {

    /** The firing threshold of the published models. */
    public static final float DEFAULT_THRESHOLD = 1f;

    public NetworkSpec {
        if (threshold == 0) {
            threshold = DEFAULT_THRESHOLD;
        }
        if (!(threshold > 0) || Float.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
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
        if (!(rangesBinMs >= 0) || Double.isInfinite(rangesBinMs)) {
            throw new IllegalArgumentException(
                    "ranges bin size must be positive (or 0 for per step), got " + rangesBinMs);
        }
        layers = List.copyOf(layers);
        surrogate.scaleOrDefault(surrogateScale);
        int in = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            ConvShape conv = layers.get(i).conv();
            if (conv != null && conv.inputSize() != in) {
                throw new IllegalArgumentException(
                        String.format(
                                "convolutional layer %d expects %d inputs (%dx%dx%d),"
                                        + " the layer before gives %d",
                                i,
                                conv.inputSize(),
                                conv.inChannels(),
                                conv.height(),
                                conv.width(),
                                in));
            }
            in = layers.get(i).outputSize();
        }
    }

    /** The ranges the layers are initialised in and clamped to. */
    public RangeBounds rangeBounds() {
        return ranges.boundsAt(rangesAppliedBinMs, rangesBinMs);
    }

    /** A trainable network with {@code hidden} layers of one neuron model. */
    public static NetworkSpec of(
            int inputSize, NeuronKind kind, int[] hidden, int classes, double binMs) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int units : hidden) {
            layers.add(LayerSpec.of(kind, units));
        }
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                0.1f,
                Surrogate.BOXCAR,
                NeuronRanges.SPARCH,
                true,
                binMs,
                0,
                binMs,
                null,
                null,
                0,
                DEFAULT_THRESHOLD);
    }

    public NetworkSpec withDropout(float rate) {
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                rate,
                surrogate,
                ranges,
                readoutClamped,
                binMs,
                rangesBinMs,
                rangesAppliedBinMs,
                mixed,
                transfer,
                surrogateScale,
                threshold);
    }

    /** The same network with firing threshold {@code theta}. */
    public NetworkSpec withThreshold(float theta) {
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                dropout,
                surrogate,
                ranges,
                readoutClamped,
                binMs,
                rangesBinMs,
                rangesAppliedBinMs,
                mixed,
                transfer,
                surrogateScale,
                theta);
    }

    /** The same network with surrogate {@code s} at scale {@code scale} (0: its default). */
    public NetworkSpec withSurrogate(Surrogate s, float scale) {
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                dropout,
                s,
                ranges,
                readoutClamped,
                binMs,
                rangesBinMs,
                rangesAppliedBinMs,
                mixed,
                transfer,
                scale,
                threshold);
    }

    /** The same network with convolutional layers {@code convs} in front of its layers. */
    public NetworkSpec withConvFront(List<LayerSpec> convs) {
        List<LayerSpec> all = new ArrayList<>(convs);
        all.addAll(layers);
        return new NetworkSpec(
                inputSize,
                all,
                classes,
                dropout,
                surrogate,
                ranges,
                readoutClamped,
                binMs,
                rangesBinMs,
                rangesAppliedBinMs,
                mixed,
                transfer,
                surrogateScale,
                threshold);
    }

    /** The same network with range set {@code r} holding per step. */
    public NetworkSpec withRanges(NeuronRanges r) {
        return withRanges(r, 0);
    }

    /**
     * The same network with range set {@code r} holding at {@code atBinMs} (0: per step), converted
     * to this network's bin.
     */
    public NetworkSpec withRanges(NeuronRanges r, double atBinMs) {
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                dropout,
                surrogate,
                r,
                readoutClamped,
                binMs,
                atBinMs,
                binMs,
                mixed,
                transfer,
                surrogateScale,
                threshold);
    }

    /**
     * The same architecture with other hidden layers, readout clamping and bin size: a network made
     * for one bin (an adapted or converted one) and for events alone, so no longer a mixed one nor
     * one with a static head.
     */
    public NetworkSpec withLayers(
            List<LayerSpec> newLayers, boolean newReadoutClamped, double newBinMs) {
        return new NetworkSpec(
                inputSize,
                newLayers,
                classes,
                dropout,
                surrogate,
                ranges,
                newReadoutClamped,
                newBinMs,
                rangesBinMs,
                rangesAppliedBinMs,
                null,
                null,
                surrogateScale,
                threshold);
    }

    /** The same network, trained mixed by {@code m} (null: at its one bin). */
    public NetworkSpec withMixed(MixedTimeSteps m) {
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                dropout,
                surrogate,
                ranges,
                readoutClamped,
                binMs,
                rangesBinMs,
                rangesAppliedBinMs,
                m,
                transfer,
                surrogateScale,
                threshold);
    }

    /** The same network with the static head and alignment gates of {@code t} (null: none). */
    public NetworkSpec withTransfer(StaticTransfer t) {
        return new NetworkSpec(
                inputSize,
                layers,
                classes,
                dropout,
                surrogate,
                ranges,
                readoutClamped,
                binMs,
                rangesBinMs,
                rangesAppliedBinMs,
                mixed,
                t,
                surrogateScale,
                threshold);
    }

    /** Whether a block's parameters are converted to its bin when it runs at another one. */
    public boolean convertsParameters() {
        return mixed != null && mixed.conversion() == MixedTimeSteps.Conversion.EULER;
    }
}
