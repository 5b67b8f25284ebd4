package org.spikeshift.core.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeshift.core.adapt.AdaptationOptions.SpikeFeedback;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.PublishedNeurons;
import org.spikeshift.core.statespace.Vector2;

/**
 * A spike is an instantaneous jump that must not depend on the bin: an adapted neuron driven by the
 * same input over the same physical time spikes as often as the source.
 */
class SpikeFeedbackTest {

    private static final double[] RHOS = {1, 0.5, 0.1};

    /**
     * Spikes of a neuron given {@code input} for {@code onSteps} steps, then nothing, over {@code
     * steps}.
     */
    private static int spikes(NeuronStateSpace n, double input, int onSteps, int steps) {
        double u = 0;
        double w = 0;
        int s = 0;
        int count = 0;
        for (int k = 0; k < steps; k++) {
            double drive = k < onSteps ? input : 0;
            double uNext =
                    n.a().m00() * u + n.a().m01() * w + n.bIn().x0() * drive + n.bS().x0() * s;
            double wNext =
                    n.a().m10() * u + n.a().m11() * w + n.bIn().x1() * drive + n.bS().x1() * s;
            u = uNext;
            w = wNext;
            s = u > 1 ? 1 : 0;
            count += s;
        }
        return count;
    }

    private static int[] countsAcrossBins(
            NeuronStateSpace source, double input, SpikeFeedback feedback) {
        int[] counts = new int[RHOS.length];
        for (int i = 0; i < RHOS.length; i++) {
            double rho = RHOS[i];
            NeuronStateSpace adapted =
                    StateSpaceRules.adapt(
                            source,
                            rho,
                            AdaptationOptions.of(AdaptationMethod.INTEGRAL)
                                    .withSpikeFeedback(feedback));
            // 30 source steps of input, 60 in all, at every bin
            counts[i] =
                    spikes(adapted, input, (int) Math.round(30 / rho), (int) Math.round(60 / rho));
        }
        return counts;
    }

    @Test
    void propagatedKeepsTheSpikeCountAtEveryBin() {
        NeuronStateSpace bursting = PublishedNeurons.adLif(0.8, 0.97, 0.1, 0.3);
        int[] counts = countsAcrossBins(bursting, 2.5, SpikeFeedback.PROPAGATED);
        assertEquals(3, counts[0]);
        for (int c : counts) {
            assertEquals(counts[0], c, java.util.Arrays.toString(counts));
        }
        // the input rule shrinks the reset to ~rho theta: one source spike becomes a burst
        int[] bRule = countsAcrossBins(bursting, 2.5, SpikeFeedback.B_RULE);
        assertTrue(bRule[2] > 3 * counts[2], java.util.Arrays.toString(bRule));

        NeuronStateSpace adapting = PublishedNeurons.adLif(0.9, 0.97, 0.2, 0.5);
        int[] propagated = countsAcrossBins(adapting, 3, SpikeFeedback.PROPAGATED);
        assertEquals(1, propagated[0]);
        for (int c : propagated) {
            assertEquals(1, c, java.util.Arrays.toString(propagated));
        }
        // unchanged B_s misses the a / beta part of the w-jump: adaptation too weak at finer bins
        int[] unchanged = countsAcrossBins(adapting, 3, SpikeFeedback.UNCHANGED);
        assertTrue(unchanged[2] > unchanged[0], java.util.Arrays.toString(unchanged));
    }

    @Test
    void propagatedKeepsTheResetAtThetaAndTheAdaptationJump() {
        double alpha = 0.9;
        double beta = 0.97;
        double a = 0.2;
        double b = 0.5;
        NeuronStateSpace source = PublishedNeurons.adLif(alpha, beta, a, b);
        for (double rho : new double[] {0.1, 0.37, 2.5}) {
            NeuronStateSpace t =
                    StateSpaceRules.adapt(
                            source,
                            rho,
                            AdaptationOptions.of(AdaptationMethod.INTEGRAL)
                                    .withSpikeFeedback(SpikeFeedback.PROPAGATED));
            // the jump j = A_T^-1 B_s,T applied before the target step
            Vector2 jump = t.a().inverse().times(t.bS());
            assertEquals(-1, jump.x0(), 1e-9, "reset");
            assertEquals((a + b) / beta, jump.x1(), 1e-9, "w-jump");
        }
    }
}
