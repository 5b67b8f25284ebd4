package org.spikeshift.core.neuron;

/**
 * A closed interval used both to initialise a neuron parameter uniformly and to clamp it on every
 * forward pass, as in the sparch lineage.
 *
 * @param min lower bound
 * @param max upper bound
 */
public record ParamRange(float min, float max) {

    public ParamRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range min " + min + " exceeds max " + max);
        }
    }

    /** The decay range {@code [exp(-1/minSteps), exp(-1/maxSteps)]} for time constants in steps. */
    public static ParamRange ofTimeConstants(double minSteps, double maxSteps) {
        return new ParamRange((float) Math.exp(-1 / minSteps), (float) Math.exp(-1 / maxSteps));
    }

    /** Clamps a value into this range. */
    public float clamp(float v) {
        return Math.max(min, Math.min(max, v));
    }
}
