package org.spikeshift.core.statespace;

/**
 * One step of a layer's neurons in the general state space, {@code v[k] = A v[k-1] + B_in I[k] +
 * B_s s[k-1]} per neuron with {@code v = (u, w)}: the one forward step of the JVM time loops, the
 * streaming runner and the event-driven simulator. Recurrent input, which enters through its own
 * gains, is added by the caller after the step.
 *
 * <p>Every loop stores to one array only and runs over plain arrays: the form the JIT vectorises.
 */
public final class StateSpaceStep {

    private final float[] a00, a01, a10, a11, bin0, bin1, bs0, bs1;
    private final boolean adaptive;
    private final boolean inputReachesW;

    /**
     * @param rows the packed (8, N) rows a00, a01, a10, a11, bin0, bin1, bs0, bs1
     * @param units N
     * @param adaptive whether w exists (false for LIF: its terms are skipped, w stays 0)
     * @param inputReachesW whether the input drives w (bin1 not structurally 0)
     */
    public StateSpaceStep(float[] rows, int units, boolean adaptive, boolean inputReachesW) {
        if (rows.length != 8 * units) {
            throw new IllegalArgumentException(
                    "expected 8 x " + units + " coefficients, got " + rows.length);
        }
        a00 = row(rows, 0, units);
        a01 = row(rows, 1, units);
        a10 = row(rows, 2, units);
        a11 = row(rows, 3, units);
        bin0 = row(rows, 4, units);
        bin1 = row(rows, 5, units);
        bs0 = row(rows, 6, units);
        bs1 = row(rows, 7, units);
        this.adaptive = adaptive;
        this.inputReachesW = adaptive && inputReachesW;
    }

    /**
     * The step of exported state spaces: w's terms are kept where any coefficient reaches or moves
     * w, the input's into w where B_in reaches it.
     */
    public static StateSpaceStep of(StateSpaceArrays ss) {
        int n = ss.units();
        boolean adaptive = false;
        boolean inputReachesW = false;
        for (int i = 0; i < n; i++) {
            adaptive |=
                    ss.a()[n + i] != 0
                            || ss.a()[2 * n + i] != 0
                            || ss.a()[3 * n + i] != 0
                            || ss.bIn()[n + i] != 0
                            || ss.bS()[n + i] != 0;
            inputReachesW |= ss.bIn()[n + i] != 0;
        }
        float[] rows = new float[8 * n];
        System.arraycopy(ss.a(), 0, rows, 0, 4 * n);
        System.arraycopy(ss.bIn(), 0, rows, 4 * n, 2 * n);
        System.arraycopy(ss.bS(), 0, rows, 6 * n, 2 * n);
        return new StateSpaceStep(rows, n, adaptive, inputReachesW);
    }

    /** Whether w exists. */
    public boolean adaptive() {
        return adaptive;
    }

    /** B_in's u row at neuron j: how far one unit of input moves u. */
    public float inputGain(int j) {
        return bin0[j];
    }

    /**
     * Advances neurons {@code [from, to)}: u in place, and w's new value into {@code wNext} (left
     * untouched without w), both from the previous u, w and spikes s.
     *
     * @param in the input current I[k]
     */
    public void advance(
            float[] u, float[] w, float[] s, float[] in, float[] wNext, int from, int to) {
        if (!adaptive) {
            for (int i = from; i < to; i++) {
                u[i] = u[i] * a00[i] + s[i] * bs0[i] + in[i] * bin0[i];
            }
            return;
        }
        for (int i = from; i < to; i++) {
            wNext[i] = u[i] * a10[i] + w[i] * a11[i] + s[i] * bs1[i];
        }
        if (inputReachesW) {
            for (int i = from; i < to; i++) {
                wNext[i] += in[i] * bin1[i];
            }
        }
        for (int i = from; i < to; i++) {
            u[i] = u[i] * a00[i] + w[i] * a01[i] + s[i] * bs0[i] + in[i] * bin0[i];
        }
    }

    private static float[] row(float[] rows, int r, int units) {
        float[] out = new float[units];
        System.arraycopy(rows, r * units, out, 0, units);
        return out;
    }
}
