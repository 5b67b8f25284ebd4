package org.spikeshift.core.adapt;

import org.spikeshift.core.adapt.AdaptationOptions.EulerInput;
import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.Vector2;

/** The per-neuron matrix rules of INTEGRAL, EXPECTATION and EULER. */
final class StateSpaceRules {

    private StateSpaceRules() {}

    static NeuronStateSpace adapt(NeuronStateSpace s, double rho, AdaptationOptions options) {
        Matrix2 a = s.a();
        Matrix2 aT;
        Matrix2 gain; // applied to B_in (and to B_s under the B rule)
        switch (options.method()) {
            case INTEGRAL -> {
                aT = powerOf(a, rho);
                gain = a.powerSum(rho);
            }
            case EXPECTATION -> {
                aT = powerOf(a, rho);
                gain = a.powerSum(rho).times(1 / rho);
            }
            case EULER -> {
                aT = Matrix2.IDENTITY.plus(a.minus(Matrix2.IDENTITY).times(rho));
                gain = Matrix2.IDENTITY.times(options.eulerInput() == EulerInput.SCALED ? rho : 1);
            }
            default -> throw new IllegalArgumentException(
                    options.method().id() + " is not a state-space rule");
        }
        Vector2 bS =
                switch (options.spikeFeedback()) {
                    case UNCHANGED -> s.bS();
                    case B_RULE -> gain.times(s.bS());
                    case PROPAGATED -> aT.times(a.inverse().times(s.bS()));
                };
        return new NeuronStateSpace(aT, gain.times(s.bIn()), bS);
    }

    private static Matrix2 powerOf(Matrix2 a, double rho) {
        if (!a.hasComplexEigenvalues()) {
            double half = a.trace() / 2;
            double r = Math.sqrt(half * half - a.determinant());
            if (half - r <= 0) {
                throw new IllegalArgumentException(
                        "state matrix " + a + " has a non-positive real eigenvalue: A^rho is not real");
            }
        }
        return a.power(rho);
    }

}
