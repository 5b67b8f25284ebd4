package org.spikeshift.core.adapt;

import org.spikeshift.core.statespace.Matrix2;

/**
 * One adaptation method's mathematics, in one place: how it rewrites a neuron's state matrix and
 * input gain for rho = b_T / b_S (a scalar neuron, as the readout, is the diagonal case), which
 * variant flags it reads, and its default variants. Adding a method is one implementation and its
 * constant in {@link AdaptationMethod}.
 */
interface MethodRule {

    /** A_T from the source's A. */
    Matrix2 stateMatrix(Matrix2 a, double rho, AdaptationOptions options);

    /** The gain G with B_in,T = G B_in (and B_s,T = G B_s under the {@code b-rule} variant). */
    Matrix2 inputGain(Matrix2 a, double rho, AdaptationOptions options);

    /** Whether adapted hidden layers keep their neuron model (LIF, adLIF), not the general form. */
    default boolean keepsNeuronForm() {
        return false;
    }

    /** The method's part of a variant label, e.g. {@code sf=propagated;} (empty when none). */
    String variantLabel(AdaptationOptions options);

    /** The method's default variants, from the shared ones (see {@link AdaptationOptions#of}). */
    default AdaptationOptions defaults(AdaptationOptions shared) {
        return shared;
    }

    /** A^rho, refusing a matrix with a non-positive real eigenvalue (no real power exists). */
    static Matrix2 realPower(Matrix2 a, double rho) {
        if (!a.hasComplexEigenvalues()) {
            double half = a.trace() / 2;
            double r = Math.sqrt(half * half - a.determinant());
            if (half - r <= 0) {
                throw new IllegalArgumentException(
                        "state matrix "
                                + a
                                + " has a non-positive real eigenvalue: A^rho is not real");
            }
        }
        return a.power(rho);
    }

    /** Parameters unchanged: the baseline. */
    final class None implements MethodRule {
        @Override
        public Matrix2 stateMatrix(Matrix2 a, double rho, AdaptationOptions options) {
            return a;
        }

        @Override
        public Matrix2 inputGain(Matrix2 a, double rho, AdaptationOptions options) {
            return Matrix2.IDENTITY;
        }

        @Override
        public String variantLabel(AdaptationOptions options) {
            return "";
        }

        @Override
        public AdaptationOptions defaults(AdaptationOptions shared) {
            return shared.withNormalization(AdaptationOptions.Normalization.RHO_RHO);
        }
    }

    /** A_T = A^rho, B_T = (A^rho - I)(A - I)^-1 B: exact for input held over the sub-steps. */
    class Integral implements MethodRule {
        @Override
        public Matrix2 stateMatrix(Matrix2 a, double rho, AdaptationOptions options) {
            return realPower(a, rho);
        }

        @Override
        public Matrix2 inputGain(Matrix2 a, double rho, AdaptationOptions options) {
            return a.powerSum(rho);
        }

        @Override
        public String variantLabel(AdaptationOptions options) {
            return "sf=" + options.spikeFeedback().id() + ";";
        }
    }

    /**
     * alpha^rho, beta^rho in the neuron's own form (and, with gains preserved, a scaled to keep
     * a/(1 - beta)): on a one-state neuron, as the readout, it is {@link Integral}.
     */
    final class TauScaling extends Integral {
        @Override
        public boolean keepsNeuronForm() {
            return true;
        }

        @Override
        public String variantLabel(AdaptationOptions options) {
            return options.preserveGains() ? "gains=preserved;" : "";
        }

        @Override
        public AdaptationOptions defaults(AdaptationOptions shared) {
            return shared.withPreserveGains(true);
        }
    }

    /** As {@link Integral} with B_T divided by rho: input spread evenly over the sub-steps. */
    final class Expectation extends Integral {
        @Override
        public Matrix2 inputGain(Matrix2 a, double rho, AdaptationOptions options) {
            return super.inputGain(a, rho, options).times(1 / rho);
        }

        @Override
        public AdaptationOptions defaults(AdaptationOptions shared) {
            return shared.withNormalization(AdaptationOptions.Normalization.RHO_RHO)
                    .withSpikeInputs(AdaptationOptions.SpikeInputs.MATCHED);
        }
    }

    /** A_T = I + rho (A - I), B_T = rho B (or B): first-order in (A - I). */
    final class Euler implements MethodRule {
        @Override
        public Matrix2 stateMatrix(Matrix2 a, double rho, AdaptationOptions options) {
            return Matrix2.IDENTITY.plus(a.minus(Matrix2.IDENTITY).times(rho));
        }

        @Override
        public Matrix2 inputGain(Matrix2 a, double rho, AdaptationOptions options) {
            return Matrix2.IDENTITY.times(
                    options.eulerInput() == AdaptationOptions.EulerInput.SCALED ? rho : 1);
        }

        @Override
        public String variantLabel(AdaptationOptions options) {
            return "sf=" + options.spikeFeedback().id() + ";in=" + options.eulerInput().id() + ";";
        }
    }
}
