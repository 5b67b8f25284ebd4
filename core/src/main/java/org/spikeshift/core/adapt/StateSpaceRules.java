package org.spikeshift.core.adapt;

import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.Vector2;

/** A method's rule ({@link MethodRule}) applied to one neuron, spike gains included. */
final class StateSpaceRules {

    private StateSpaceRules() {}

    static NeuronStateSpace adapt(NeuronStateSpace s, double rho, AdaptationOptions options) {
        Matrix2 aT = targetMatrix(s.a(), rho, options);
        Matrix2 gain = inputGain(s.a(), rho, options);
        return new NeuronStateSpace(
                aT, gain.times(s.bIn()), spikeGain(s.a(), aT, gain, s.bS(), options));
    }

    /**
     * A gain applied to spikes (RadLIF's recurrent B_rec): a spike is an instantaneous jump, so
     * under {@code propagated} the target applies the same jump A^-1 g, evolved by one target step.
     */
    static Vector2 spikeDrivenGain(
            NeuronStateSpace s, Vector2 g, double rho, AdaptationOptions options) {
        Matrix2 aT = targetMatrix(s.a(), rho, options);
        return spikeGain(s.a(), aT, inputGain(s.a(), rho, options), g, options);
    }

    private static Vector2 spikeGain(
            Matrix2 a, Matrix2 aT, Matrix2 inputGain, Vector2 g, AdaptationOptions options) {
        return switch (options.spikeFeedback()) {
            case UNCHANGED -> g;
            case B_RULE -> inputGain.times(g);
            case PROPAGATED -> aT.times(a.inverse().times(g));
        };
    }

    private static Matrix2 targetMatrix(Matrix2 a, double rho, AdaptationOptions options) {
        return options.method().rule().stateMatrix(a, rho, options);
    }

    /** The gain applied to B_in (and to spike gains under the B rule). */
    private static Matrix2 inputGain(Matrix2 a, double rho, AdaptationOptions options) {
        return options.method().rule().inputGain(a, rho, options);
    }
}
