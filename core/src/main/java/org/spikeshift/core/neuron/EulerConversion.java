package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spikeshift.core.loop.Recurrence;

/**
 * Euler's rule with its default variants (input gain scaled, spike feedback propagated), applied in
 * the graph so that gradients reach the trained parameters: mixed time-step training in physical
 * time runs every block at its own bin through it. It is the rule {@code adapt --method euler}
 * applies after training (a test holds the two equal):
 *
 * <pre>
 * A_b = I + rho (A - I),  B_in,b = rho B_in,  B_s,b = A_b A^-1 B_s,
 * alpha_o,b = 1 + rho (alpha_o - 1)
 * </pre>
 */
final class EulerConversion {

    private EulerConversion() {}

    /**
     * State-space rows (8, N) (see {@link SpikingLayer#stateSpace}) at bin ratio rho.
     *
     * @param rows the rows at the network's bin, traced
     * @param rho the block's bin over the network's
     */
    static NDArray rows(NDArray rows, double rho) {
        NDManager manager = rows.getManager();
        NDArray r =
                manager.full(
                        new Shape(),
                        (float) rho); // an array operand: see djl-notes, autograd trap 1
        NDList c = rows.split(Recurrence.ROWS, 0);
        NDArray a00 = c.get(Recurrence.A00);
        NDArray a01 = c.get(Recurrence.A01);
        NDArray a10 = c.get(Recurrence.A10);
        NDArray a11 = c.get(Recurrence.A11);
        NDArray t00 = a00.sub(1f).mul(r).add(1f);
        NDArray t01 = a01.mul(r);
        NDArray t10 = a10.mul(r);
        NDArray t11 = a11.sub(1f).mul(r).add(1f);
        NDList spike =
                propagate(
                        c,
                        new NDList(c.get(Recurrence.BS0), c.get(Recurrence.BS1)),
                        t00,
                        t01,
                        t10,
                        t11);
        return NDArrays.concat(
                new NDList(
                        t00,
                        t01,
                        t10,
                        t11,
                        c.get(Recurrence.BIN0).mul(r),
                        c.get(Recurrence.BIN1).mul(r),
                        spike.get(0),
                        spike.get(1)),
                0);
    }

    /**
     * A gain applied to spikes (u then w rows, each (1, N)) at bin ratio rho: the jump A^-1 g,
     * evolved by one step of the converted A.
     */
    static NDList spikeGain(NDArray rows, NDList gain, double rho) {
        NDArray converted = rows(rows, rho);
        NDList c = rows.split(Recurrence.ROWS, 0);
        NDList t = converted.split(Recurrence.ROWS, 0);
        return propagate(
                c,
                gain,
                t.get(Recurrence.A00),
                t.get(Recurrence.A01),
                t.get(Recurrence.A10),
                t.get(Recurrence.A11));
    }

    /** A_b A^-1 g for the source rows {@code c} and the converted matrix t. */
    private static NDList propagate(
            NDList c, NDList g, NDArray t00, NDArray t01, NDArray t10, NDArray t11) {
        NDArray a00 = c.get(Recurrence.A00);
        NDArray a01 = c.get(Recurrence.A01);
        NDArray a10 = c.get(Recurrence.A10);
        NDArray a11 = c.get(Recurrence.A11);
        NDArray det = a00.mul(a11).sub(a01.mul(a10));
        NDArray j0 = a11.mul(g.get(0)).sub(a01.mul(g.get(1))).div(det);
        NDArray j1 = a00.mul(g.get(1)).sub(a10.mul(g.get(0))).div(det);
        return new NDList(t00.mul(j0).add(t01.mul(j1)), t10.mul(j0).add(t11.mul(j1)));
    }

    /** A readout decay alpha_o at bin ratio rho (its input gain 1 - alpha_o follows). */
    static NDArray decay(NDArray alpha, double rho) {
        return alpha.sub(1f).mul(alpha.getManager().full(new Shape(), (float) rho)).add(1f);
    }

    /**
     * Checks the ratios of a block run at another bin: {@code rho} its bin over the network's,
     * {@code inputRho} its input's.
     */
    static void requireRatios(double rho, double inputRho) {
        if (!(rho > 0)
                || Double.isInfinite(rho)
                || !(inputRho > 0)
                || Double.isInfinite(inputRho)) {
            throw new IllegalArgumentException(
                    "bin ratios must be finite positive numbers, got " + rho + " and " + inputRho);
        }
    }
}
