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

    /**
     * One variant per method, chosen by the full grid on the generated data (README, "Which
     * variant wins"), plus the published time-constant-scaling baseline as it is defined.
     */
    public static List<AdaptationOptions> defaults() {
        return List.of(
                AdaptationOptions.of(AdaptationMethod.NONE).withNormalization(Normalization.UNCHANGED),
                AdaptationOptions.of(AdaptationMethod.TAU_SCALING),
                AdaptationOptions.of(AdaptationMethod.TAU_SCALING).withPreserveGains(true),
                AdaptationOptions.of(AdaptationMethod.INTEGRAL).withSpikeFeedback(SpikeFeedback.PROPAGATED),
                AdaptationOptions.of(AdaptationMethod.EXPECTATION)
                        .withSpikeFeedback(SpikeFeedback.PROPAGATED)
                        .withNormalization(Normalization.RHO_RHO),
                AdaptationOptions.of(AdaptationMethod.EULER));
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
