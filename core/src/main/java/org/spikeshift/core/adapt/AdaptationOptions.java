package org.spikeshift.core.adapt;

import org.spikeshift.core.util.EnumIds;

/**
 * A method and its variants. Formulas marked reconstructed in science.md are offered as variants so
 * that measurements decide among them.
 *
 * @param method the adaptation method
 * @param spikeFeedback how B_s is rewritten by the matrix methods
 * @param normalization how BatchNorm running statistics follow the bin size
 * @param adaptReadout whether the readout integrator is adapted (by the same rule, one state)
 * @param eulerInput for {@link AdaptationMethod#EULER}: B_T = rho B (scaled) or B (unchanged)
 * @param preserveGains for {@link AdaptationMethod#TAU_SCALING}: the parameter-level variant that
 *     keeps the adLIF form and also scales a by (1 - beta^rho)/(1 - beta), preserving the
 *     steady-state gain a/(1 - beta); b is unchanged since it multiplies spike events
 * @param spikeInputs how the statistics of BatchNorms fed by spikes (hidden layers after the first,
 *     and the readout) follow the bin
 */
public record AdaptationOptions(
        AdaptationMethod method,
        SpikeFeedback spikeFeedback,
        Normalization normalization,
        boolean adaptReadout,
        EulerInput eulerInput,
        boolean preserveGains,
        SpikeInputs spikeInputs) {

    /**
     * The method with its default variants: the ones that won the measured grids on the generated
     * data, N-MNIST and FSDD together (README, "Which method and variant wins"). The single place
     * that declares them; {@code adapt} and the experiments both use it.
     *
     * <ul>
     *   <li>{@code none}: the parameters as trained, statistics (rho, rho);
     *   <li>{@code tau-scaling}: a scaled to keep a/(1 - beta) (the parameter-level variant);
     *   <li>{@code integral}, {@code euler}: spike feedback propagated, statistics (rho, rho^2);
     *   <li>{@code expectation}: spike feedback propagated, statistics (rho, rho), spike-fed
     *       statistics by the matched rule;
     *   <li>readout adapted, Euler input scaled.
     * </ul>
     */
    public static AdaptationOptions of(AdaptationMethod method) {
        AdaptationOptions base =
                new AdaptationOptions(
                        method,
                        SpikeFeedback.PROPAGATED,
                        Normalization.RHO_RHO2,
                        true,
                        EulerInput.SCALED,
                        false,
                        SpikeInputs.INPUT_RULE);
        return method.rule().defaults(base);
    }

    /**
     * The method recommended to users who do not want to choose: the best mean accuracy over the
     * measured grids of the generated data, N-MNIST and FSDD, coarse-to-fine and fine-to-coarse
     * (README, "Which method and variant wins").
     */
    public static final AdaptationMethod RECOMMENDED = AdaptationMethod.EULER;

    /** One line per method naming its default variants, for help texts. */
    public static String defaultsDescription() {
        StringBuilder sb = new StringBuilder();
        for (AdaptationMethod m : AdaptationMethod.values()) {
            sb.append(
                    String.format(
                            "  %-12s %s%s%n",
                            m.id(),
                            of(m).variantLabel(),
                            m == RECOMMENDED ? "  (recommended)" : ""));
        }
        return sb.toString();
    }

    public AdaptationOptions withSpikeFeedback(SpikeFeedback v) {
        return new AdaptationOptions(
                method, v, normalization, adaptReadout, eulerInput, preserveGains, spikeInputs);
    }

    public AdaptationOptions withNormalization(Normalization v) {
        return new AdaptationOptions(
                method, spikeFeedback, v, adaptReadout, eulerInput, preserveGains, spikeInputs);
    }

    public AdaptationOptions withAdaptReadout(boolean v) {
        return new AdaptationOptions(
                method, spikeFeedback, normalization, v, eulerInput, preserveGains, spikeInputs);
    }

    public AdaptationOptions withEulerInput(EulerInput v) {
        return new AdaptationOptions(
                method, spikeFeedback, normalization, adaptReadout, v, preserveGains, spikeInputs);
    }

    public AdaptationOptions withPreserveGains(boolean v) {
        return new AdaptationOptions(
                method, spikeFeedback, normalization, adaptReadout, eulerInput, v, spikeInputs);
    }

    public AdaptationOptions withSpikeInputs(SpikeInputs v) {
        return new AdaptationOptions(
                method, spikeFeedback, normalization, adaptReadout, eulerInput, preserveGains, v);
    }

    /** A compact variant label for result tables, listing only what applies to the method. */
    public String variantLabel() {
        StringBuilder sb = new StringBuilder(method.rule().variantLabel(this));
        sb.append("norm=").append(normalization.id());
        sb.append(spikeInputs == SpikeInputs.MATCHED ? ";spikes=matched" : "");
        sb.append(adaptReadout ? "" : ";readout=unchanged");
        return sb.toString();
    }

    /** How the spike feedback B_s is rewritten by INTEGRAL, EXPECTATION and EULER. */
    public enum SpikeFeedback {
        /** B_s,T = B_s: a spike's reset and adaptation jump stay per spike. */
        UNCHANGED,
        /** B_s follows the method's input rule (g(A) B_s, g(A) B_s / rho, rho B_s). */
        B_RULE,
        /** B_s = A j for the jump j = A^-1 B_s; the target applies the same jump: A_T j. */
        PROPAGATED;

        public String id() {
            return EnumIds.id(this);
        }

        public static SpikeFeedback fromId(String id) {
            return EnumIds.parse(SpikeFeedback.class, id, "spike-feedback variant");
        }
    }

    /** How BatchNorm running statistics follow sum-binning by rho. */
    public enum Normalization {
        /** Statistics unchanged. */
        UNCHANGED,
        /** mean x rho, variance x rho^2 (fully correlated sub-bins). */
        RHO_RHO2,
        /** mean x rho, variance x rho (independent sub-bins). */
        RHO_RHO;

        public String id() {
            return EnumIds.id(this);
        }

        public static Normalization fromId(String id) {
            return EnumIds.parse(Normalization.class, id, "normalization variant");
        }
    }

    /**
     * How the statistics of a BatchNorm fed by spikes of an adapted layer (hidden layers after the
     * first, and the readout) follow the bin.
     */
    public enum SpikeInputs {
        /** The first layer's rule ({@link Normalization}), as for binned data. */
        INPUT_RULE,
        /**
         * Per neuron: BN(z) = c (z - mean) / sd + shift splits into a held part (the shift, which
         * the held-input rule gain B_in,T carries exactly) and a spike part (c z / sd, whose events
         * need the spike rule A_T A^-1 B_in). With kappa = (A_T A^-1 B_in)_u / (B_in,T)_u, mean /
         * kappa and sd / kappa give the spike part its spike-rule gain and keep the held part; for
         * rho -> 0 kappa -> 1 / rho, i.e. close to (rho, rho^2).
         */
        MATCHED;

        public String id() {
            return EnumIds.id(this);
        }

        public static SpikeInputs fromId(String id) {
            return EnumIds.parse(SpikeInputs.class, id, "spike-inputs variant");
        }
    }

    /** Euler's input gain. */
    public enum EulerInput {
        SCALED,
        UNCHANGED;

        public String id() {
            return EnumIds.id(this);
        }

        public static EulerInput fromId(String id) {
            return EnumIds.parse(EulerInput.class, id, "euler-input variant");
        }
    }
}
