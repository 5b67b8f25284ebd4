package org.spikeshift.core.adapt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.Vector2;

/**
 * Coarse-to-fine against a simulation oracle: a continuous-time two-state neuron, integrated finely
 * with Runge-Kutta, defines the coarse source model (its exact step with the input held) and the
 * truth at the fine bin. The adapted model must track the truth for a smoothly varying input. Rules
 * that are wrong in the power (A^(1/rho)) or first-order (Euler) fail.
 */
class ContinuousOracleTest {

    private static final double TAU_U = 20;
    private static final double TAU_W = 150;
    private static final double COUPLING = 0.5;
    private static final double RK_STEP = 0.01;

    private static double[] derivative(double[] v, double input) {
        return new double[] {(-v[0] - v[1] + input) / TAU_U, (COUPLING * v[0] - v[1]) / TAU_W};
    }

    /** Runge-Kutta 4 over [t0, t0 + span] ms with input {@code drive(t)}. */
    private static double[] integrate(
            double[] v, java.util.function.DoubleUnaryOperator drive, double t0, double span) {
        int n = (int) Math.round(span / RK_STEP);
        double[] x = v.clone();
        for (int i = 0; i < n; i++) {
            double t = t0 + i * RK_STEP;
            double h = RK_STEP;
            double[] k1 = derivative(x, drive.applyAsDouble(t));
            double[] k2 = derivative(add(x, k1, h / 2), drive.applyAsDouble(t + h / 2));
            double[] k3 = derivative(add(x, k2, h / 2), drive.applyAsDouble(t + h / 2));
            double[] k4 = derivative(add(x, k3, h), drive.applyAsDouble(t + h));
            for (int j = 0; j < 2; j++) {
                x[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
            }
        }
        return x;
    }

    private static double[] add(double[] x, double[] k, double h) {
        return new double[] {x[0] + h * k[0], x[1] + h * k[1]};
    }

    /** The exact step of the continuous neuron over {@code bin} ms with the input held. */
    private static NeuronStateSpace exactStep(double bin) {
        double[] c0 = integrate(new double[] {1, 0}, t -> 0, 0, bin);
        double[] c1 = integrate(new double[] {0, 1}, t -> 0, 0, bin);
        double[] b = integrate(new double[] {0, 0}, t -> 1, 0, bin);
        return new NeuronStateSpace(
                new Matrix2(c0[0], c1[0], c0[1], c1[1]),
                new Vector2(b[0], b[1]),
                new Vector2(-1, 0));
    }

    /** Max deviation from the truth relative to the largest state, over 300 fine bins. */
    private static double relativeError(NeuronStateSpace fine, double bin) {
        java.util.function.DoubleUnaryOperator drive = t -> 1 + Math.sin(2 * Math.PI * t / 80);
        double[] truth = {0, 0};
        Vector2 v = new Vector2(0, 0);
        double error = 0;
        double scale = 0;
        for (int k = 0; k < 300; k++) {
            double t0 = k * bin;
            truth = integrate(truth, drive, t0, bin);
            double mean =
                    (drive.applyAsDouble(t0)
                                    + 4 * drive.applyAsDouble(t0 + bin / 2)
                                    + drive.applyAsDouble(t0 + bin))
                            / 6; // the bin's input, as binning sums it
            Vector2 in = fine.bIn();
            Vector2 next = fine.a().times(v);
            v = new Vector2(next.x0() + in.x0() * mean, next.x1() + in.x1() * mean);
            error =
                    Math.max(
                            error,
                            Math.max(Math.abs(truth[0] - v.x0()), Math.abs(truth[1] - v.x1())));
            scale = Math.max(scale, Math.max(Math.abs(truth[0]), Math.abs(truth[1])));
        }
        return error / scale;
    }

    @Test
    void integralAdaptationTracksTheFinelyIntegratedNeuron() {
        NeuronStateSpace coarse = exactStep(10);
        double rho = 0.1;
        double integral =
                relativeError(
                        StateSpaceRules.adapt(
                                coarse, rho, AdaptationOptions.of(AdaptationMethod.INTEGRAL)),
                        1);
        double euler =
                relativeError(
                        StateSpaceRules.adapt(
                                coarse, rho, AdaptationOptions.of(AdaptationMethod.EULER)),
                        1);
        Matrix2 wrongPower = coarse.a().power(1 / rho);
        double inverted =
                relativeError(
                        new NeuronStateSpace(
                                wrongPower,
                                wrongPower
                                        .minus(Matrix2.IDENTITY)
                                        .times(coarse.a().minus(Matrix2.IDENTITY).inverse())
                                        .times(coarse.bIn()),
                                coarse.bS()),
                        1);
        assertTrue(integral < 1e-3, "integral " + integral);
        assertTrue(euler > 0.05, "euler " + euler);
        assertTrue(inverted > 0.5, "A^(1/rho) " + inverted);
    }
}
