package org.spikeshift.core.neuron;

/**
 * The ranges the neuron parameters are initialised in and clamped to, for one bin size.
 *
 * @param alpha membrane decay per step
 * @param beta adaptation decay per step
 * @param a subthreshold coupling of u into w per step
 * @param b spike-triggered adaptation jump
 */
public record RangeBounds(ParamRange alpha, ParamRange beta, ParamRange a, ParamRange b) {

    /**
     * The ranges for a bin {@code ratio} times the one these hold at, spanning the same physical
     * time constants and couplings.
     *
     * <p>Derivation. In continuous time the adLIF neuron is {@code tau_u du/dt = -u + I - w} and
     * {@code tau_w dw/dt = -w + c u} between spikes, and at a spike u jumps by -theta and w by a
     * fixed amount. Integrated exactly over a bin dt with the input held, the decays are {@code
     * alpha = exp(-dt / tau_u)} and {@code beta = exp(-dt / tau_w)}, so a bin r times as wide has
     * {@code alpha^r} and {@code beta^r}. The coupling enters once per step as {@code a u[k-1]},
     * i.e. {@code a = c tau_w (1 - beta)}: for fixed c and tau_w it scales as {@code (1 - beta^r) /
     * (1 - beta)}, which tends to r as beta tends to 1 (within 2 % for beta >= 0.96 and r = 1/10),
     * so the range of a is scaled by r, independently of beta as the ranges are. b multiplies spike
     * events, not a rate: a spike's jump does not depend on the bin, so b is unchanged.
     *
     * @param ratio the new bin over the bin these ranges hold at (positive)
     */
    public RangeBounds atBinRatio(double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("bin ratio must be positive, got " + ratio);
        }
        return new RangeBounds(power(alpha, ratio), power(beta, ratio), scaled(a, ratio), b);
    }

    private static ParamRange power(ParamRange decay, double ratio) {
        return new ParamRange(
                (float) Math.pow(decay.min(), ratio), (float) Math.pow(decay.max(), ratio));
    }

    private static ParamRange scaled(ParamRange range, double ratio) {
        return new ParamRange((float) (range.min() * ratio), (float) (range.max() * ratio));
    }
}
