package org.spikeshift.core.adapt;

import org.spikeshift.core.util.EnumIds;

/**
 * How a trained network's dynamics are rewritten for another bin size, with rho = b_T / b_S
 * (science.md section 3).
 */
public enum AdaptationMethod {
    /** Parameters unchanged: the baseline. */
    NONE(new MethodRule.None()),
    /** alpha^rho, beta^rho in the neuron's own form; a, b unchanged (published reference). */
    TAU_SCALING(new MethodRule.TauScaling()),
    /** A_T = A^rho, B_T = (A^rho - I)(A - I)^-1 B: exact for input held over the sub-steps. */
    INTEGRAL(new MethodRule.Integral()),
    /** As {@link #INTEGRAL} with B_T divided by rho: input spread evenly over the sub-steps. */
    EXPECTATION(new MethodRule.Expectation()),
    /** A_T = I + rho (A - I), B_T = rho B (or B): first-order in (A - I). */
    EULER(new MethodRule.Euler());

    private final MethodRule rule;

    AdaptationMethod(MethodRule rule) {
        this.rule = rule;
    }

    /** The method's rules (see {@link MethodRule}). */
    MethodRule rule() {
        return rule;
    }

    /** The command-line name, e.g. {@code tau-scaling}. */
    public String id() {
        return EnumIds.id(this);
    }

    public static AdaptationMethod fromId(String id) {
        return EnumIds.parse(AdaptationMethod.class, id, "adaptation method");
    }
}
