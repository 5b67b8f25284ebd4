package org.spikeshift.core.adapt;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a trained network's dynamics are rewritten for another bin size, with rho = b_T / b_S
 * (science.md section 3).
 */
public enum AdaptationMethod {
    /** Parameters unchanged: the baseline. */
    NONE,
    /** alpha^rho, beta^rho in the neuron's own form; a, b unchanged (published reference). */
    TAU_SCALING,
    /** A_T = A^rho, B_T = (A^rho - I)(A - I)^-1 B: exact for input held over the sub-steps. */
    INTEGRAL,
    /** As {@link #INTEGRAL} with B_T divided by rho: input spread evenly over the sub-steps. */
    EXPECTATION,
    /** A_T = I + rho (A - I), B_T = rho B (or B): first-order in (A - I). */
    EULER;

    /** The command-line name, e.g. {@code tau-scaling}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AdaptationMethod fromId(String id) {
        for (AdaptationMethod m : values()) {
            if (m.id().equals(id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown adaptation method '" + id + "' (expected one of "
                        + Arrays.stream(values()).map(AdaptationMethod::id).toList() + ")");
    }
}
