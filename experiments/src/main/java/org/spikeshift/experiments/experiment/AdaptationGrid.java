package org.spikeshift.experiments.experiment;

import java.util.ArrayList;
import java.util.List;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.AdaptationOptions.EulerInput;
import org.spikeshift.core.adapt.AdaptationOptions.Normalization;
import org.spikeshift.core.adapt.AdaptationOptions.SpikeFeedback;

/** The methods and variants an experiment evaluates. */
public final class AdaptationGrid {

    private AdaptationGrid() {}

    /** One variant per method: the defaults (B_s unchanged, statistics rho/rho^2, readout adapted). */
    public static List<AdaptationOptions> defaults() {
        List<AdaptationOptions> out = new ArrayList<>();
        out.add(AdaptationOptions.of(AdaptationMethod.NONE).withNormalization(Normalization.UNCHANGED));
        for (AdaptationMethod m : List.of(
                AdaptationMethod.TAU_SCALING, AdaptationMethod.INTEGRAL, AdaptationMethod.EXPECTATION, AdaptationMethod.EULER)) {
            out.add(AdaptationOptions.of(m));
        }
        return out;
    }

    /** Every method with every variant that applies to it. */
    public static List<AdaptationOptions> all() {
        List<AdaptationOptions> out = new ArrayList<>();
        for (Normalization n : Normalization.values()) {
            out.add(AdaptationOptions.of(AdaptationMethod.NONE).withNormalization(n));
            out.add(AdaptationOptions.of(AdaptationMethod.TAU_SCALING).withNormalization(n));
            out.add(AdaptationOptions.of(AdaptationMethod.TAU_SCALING).withNormalization(n).withPreserveGains(true));
            for (SpikeFeedback sf : SpikeFeedback.values()) {
                for (AdaptationMethod m : List.of(AdaptationMethod.INTEGRAL, AdaptationMethod.EXPECTATION)) {
                    out.add(AdaptationOptions.of(m).withNormalization(n).withSpikeFeedback(sf));
                }
                for (EulerInput in : EulerInput.values()) {
                    out.add(AdaptationOptions.of(AdaptationMethod.EULER)
                            .withNormalization(n).withSpikeFeedback(sf).withEulerInput(in));
                }
            }
        }
        for (AdaptationMethod m : List.of(AdaptationMethod.INTEGRAL, AdaptationMethod.EXPECTATION, AdaptationMethod.EULER)) {
            out.add(AdaptationOptions.of(m).withAdaptReadout(false));
        }
        return out;
    }
}
