package org.spikeshift.core.statespace;

import java.util.Arrays;

/**
 * A layer's per-neuron state spaces as flat arrays, the layout the state-space layer stores: {@code
 * a} holds rows a00, a01, a10, a11 (4 x N), {@code bIn} and {@code bS} rows 0 and 1 (2 x N).
 *
 * @param units neurons N
 * @param a the state matrices, (4, N) row-major
 * @param bIn the input gains, (2, N) row-major
 * @param bS the spike feedback, (2, N) row-major
 */
public record StateSpaceArrays(int units, float[] a, float[] bIn, float[] bS) {

    public static StateSpaceArrays of(NeuronStateSpace[] neurons) {
        int n = neurons.length;
        float[] a = new float[4 * n];
        float[] bIn = new float[2 * n];
        float[] bS = new float[2 * n];
        for (int i = 0; i < n; i++) {
            Matrix2 m = neurons[i].a();
            a[i] = (float) m.m00();
            a[n + i] = (float) m.m01();
            a[2 * n + i] = (float) m.m10();
            a[3 * n + i] = (float) m.m11();
            bIn[i] = (float) neurons[i].bIn().x0();
            bIn[n + i] = (float) neurons[i].bIn().x1();
            bS[i] = (float) neurons[i].bS().x0();
            bS[n + i] = (float) neurons[i].bS().x1();
        }
        return new StateSpaceArrays(n, a, bIn, bS);
    }

    /**
     * From the packed rows (8, N): a00, a01, a10, a11, then B_in rows 0 and 1, then B_s rows 0 and
     * 1.
     */
    public static StateSpaceArrays ofRows(float[] rows, int n) {
        if (rows.length != 8 * n) {
            throw new IllegalArgumentException("expected 8 x " + n + " values, got " + rows.length);
        }
        return new StateSpaceArrays(
                n,
                Arrays.copyOfRange(rows, 0, 4 * n),
                Arrays.copyOfRange(rows, 4 * n, 6 * n),
                Arrays.copyOfRange(rows, 6 * n, 8 * n));
    }

    /** The per-neuron state spaces these arrays hold. */
    public NeuronStateSpace[] neurons() {
        int n = units;
        NeuronStateSpace[] out = new NeuronStateSpace[n];
        for (int i = 0; i < n; i++) {
            out[i] =
                    new NeuronStateSpace(
                            new Matrix2(a[i], a[n + i], a[2 * n + i], a[3 * n + i]),
                            new Vector2(bIn[i], bIn[n + i]),
                            new Vector2(bS[i], bS[n + i]));
        }
        return out;
    }
}
