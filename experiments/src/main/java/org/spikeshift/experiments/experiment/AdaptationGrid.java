package org.spikeshift.experiments.experiment;

import java.util.ArrayList;
import java.util.List;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.AdaptationOptions.EulerInput;
import org.spikeshift.core.adapt.AdaptationOptions.Normalization;
import org.spikeshift.core.adapt.AdaptationOptions.SpikeFeedback;
import org.spikeshift.core.adapt.AdaptationOptions.SpikeInputs;

/** The methods and variants an experiment evaluates. */
public final class AdaptationGrid {

    /** The baseline: parameters and statistics exactly as trained. */
    public static final AdaptationOptions NO_ADAPTATION =
            AdaptationOptions.of(AdaptationMethod.NONE).withNormalization(Normalization.UNCHANGED);

    private AdaptationGrid() {}

    /**
     * Each method at its default variants ({@link AdaptationOptions#of}), plus the two baselines as
     * they are defined (nothing adapted; time-constant scaling with a and b unchanged) and each
     * state-space method with the other rule for BatchNorms fed by spikes, so that both are always
     * measured.
     */
    public static List<AdaptationOptions> defaults() {
        List<AdaptationOptions> out = new ArrayList<>();
        for (AdaptationMethod m : AdaptationMethod.values()) {
            if (m == AdaptationMethod.NONE) {
                out.add(NO_ADAPTATION);
            }
            if (m == AdaptationMethod.TAU_SCALING) {
                out.add(AdaptationOptions.of(m).withPreserveGains(false));
            }
            out.add(AdaptationOptions.of(m));
            if (m == AdaptationMethod.INTEGRAL
                    || m == AdaptationMethod.EXPECTATION
                    || m == AdaptationMethod.EULER) {
                out.add(otherSpikeInputs(AdaptationOptions.of(m)));
            }
        }
        return out;
    }

    private static AdaptationOptions otherSpikeInputs(AdaptationOptions o) {
        return o.withSpikeInputs(
                o.spikeInputs() == SpikeInputs.MATCHED
                        ? SpikeInputs.INPUT_RULE
                        : SpikeInputs.MATCHED);
    }

    /** Every method with every variant that applies to it. */
    public static List<AdaptationOptions> all() {
        List<AdaptationOptions> out = new ArrayList<>();
        for (Normalization n : Normalization.values()) {
            out.add(AdaptationOptions.of(AdaptationMethod.NONE).withNormalization(n));
            for (boolean preserveGains : new boolean[] {false, true}) {
                out.add(
                        AdaptationOptions.of(AdaptationMethod.TAU_SCALING)
                                .withNormalization(n)
                                .withPreserveGains(preserveGains));
            }
            for (SpikeFeedback sf : SpikeFeedback.values()) {
                for (AdaptationMethod m :
                        List.of(AdaptationMethod.INTEGRAL, AdaptationMethod.EXPECTATION)) {
                    out.add(AdaptationOptions.of(m).withNormalization(n).withSpikeFeedback(sf));
                }
                for (EulerInput in : EulerInput.values()) {
                    out.add(
                            AdaptationOptions.of(AdaptationMethod.EULER)
                                    .withNormalization(n)
                                    .withSpikeFeedback(sf)
                                    .withEulerInput(in));
                }
            }
        }
        for (AdaptationMethod m :
                List.of(
                        AdaptationMethod.INTEGRAL,
                        AdaptationMethod.EXPECTATION,
                        AdaptationMethod.EULER)) {
            out.add(AdaptationOptions.of(m).withAdaptReadout(false));
            for (Normalization n : List.of(Normalization.RHO_RHO2, Normalization.RHO_RHO)) {
                out.add(otherSpikeInputs(AdaptationOptions.of(m).withNormalization(n)));
            }
        }
        return out;
    }
}
