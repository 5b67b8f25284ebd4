package org.spikeshift.core.neuron;

import org.spikeshift.core.util.EnumIds;

/**
 * Initialisation and clamp ranges of the neuron parameters (science.md section 1).
 *
 * <ul>
 *   <li>{@link #SPARCH}: alpha in [e^-1/5, e^-1/25], beta in [e^-1/30, e^-1/120], a in [-1, 1], b
 *       in [0, 2].
 *   <li>{@link #SPARCH_V2}: the later variant of the same group, alpha in [0.36, 0.96], beta in
 *       [0.96, 0.99], a in [0, 1], b in [0, 2].
 * </ul>
 */
public enum NeuronRanges {
    SPARCH(
            ParamRange.ofTimeConstants(5, 25),
            ParamRange.ofTimeConstants(30, 120),
            new ParamRange(-1, 1),
            new ParamRange(0, 2)),
    SPARCH_V2(
            new ParamRange(0.36f, 0.96f),
            new ParamRange(0.96f, 0.99f),
            new ParamRange(0, 1),
            new ParamRange(0, 2));

    private final RangeBounds bounds;

    NeuronRanges(ParamRange alpha, ParamRange beta, ParamRange a, ParamRange b) {
        this.bounds = new RangeBounds(alpha, beta, a, b);
    }

    /** The ranges per time step, as published. */
    public RangeBounds bounds() {
        return bounds;
    }

    /**
     * The ranges at {@code binMs} when this set holds at {@code rangesBinMs} ms (time constants in
     * physical time, see {@link RangeBounds#atBinRatio}); per step as published when {@code
     * rangesBinMs} is 0.
     */
    public RangeBounds boundsAt(double binMs, double rangesBinMs) {
        return rangesBinMs == 0 ? bounds : bounds.atBinRatio(binMs / rangesBinMs);
    }

    /** The command-line name, e.g. {@code sparch-v2}. */
    public String id() {
        return EnumIds.id(this);
    }

    public static NeuronRanges fromId(String id) {
        return EnumIds.parse(NeuronRanges.class, id, "neuron ranges");
    }
}
