package org.spikeshift.core.neuron;

import org.spikeshift.core.util.EnumIds;

/**
 * Initialisation and clamp ranges of the neuron parameters (science.md section 1).
 *
 * <ul>
 *   <li>{@link #SPARCH}: alpha in [e^-1/5, e^-1/25], beta in [e^-1/30, e^-1/120], a in [-1, 1],
 *       b in [0, 2].
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

    private final ParamRange alpha;
    private final ParamRange beta;
    private final ParamRange a;
    private final ParamRange b;

    NeuronRanges(ParamRange alpha, ParamRange beta, ParamRange a, ParamRange b) {
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.b = b;
    }

    public ParamRange alpha() {
        return alpha;
    }

    public ParamRange beta() {
        return beta;
    }

    public ParamRange a() {
        return a;
    }

    public ParamRange b() {
        return b;
    }

    /** The command-line name, e.g. {@code sparch-v2}. */
    public String id() {
        return EnumIds.id(this);
    }

    public static NeuronRanges fromId(String id) {
        return EnumIds.parse(NeuronRanges.class, id, "neuron ranges");
    }
}
