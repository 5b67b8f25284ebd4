package org.spikeshift.core.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The parameter-free communication module between stages that run at different step counts (mixed
 * time-step training): with F = min(T_in, T_out) and M = max, the longer axis is cut into F groups
 * at b_k = floor(k M / F - 1e-5 + 0.5). Shrinking sums the frames of each group, growing copies
 * each frame into its group; both are one product with a 0/1 assignment matrix, so the gradient is
 * the transposed assignment.
 */
public final class TimeResampling {

    private TimeResampling() {}

    /** The F + 1 group boundaries b_0 = 0 ... b_F = M of the longer axis. */
    public static int[] boundaries(int longer, int shorter) {
        if (shorter <= 0 || longer < shorter) {
            throw new IllegalArgumentException(
                    "need 0 < shorter <= longer, got " + shorter + " and " + longer);
        }
        int[] b = new int[shorter + 1];
        for (int k = 0; k <= shorter; k++) {
            b[k] = (int) Math.floor((double) k * longer / shorter - 1e-5 + 0.5);
        }
        return b;
    }

    /** The (T_out, T_in) assignment, row-major: entry (o, i) is 1 when frame i goes to frame o. */
    public static float[] assignment(int stepsIn, int stepsOut) {
        float[] g = new float[stepsOut * stepsIn];
        boolean shrink = stepsOut <= stepsIn;
        int[] b = shrink ? boundaries(stepsIn, stepsOut) : boundaries(stepsOut, stepsIn);
        for (int k = 0; k + 1 < b.length; k++) {
            for (int j = b[k]; j < b[k + 1]; j++) {
                int o = shrink ? k : j;
                int i = shrink ? j : k;
                g[o * stepsIn + i] = 1f;
            }
        }
        return g;
    }

    /**
     * {@code x} (B, T_in, C) at {@code stepsOut} steps, (B, T_out, C); {@code x} itself when the
     * counts agree.
     */
    public static NDArray resample(NDArray x, int stepsOut) {
        int stepsIn = Math.toIntExact(x.getShape().get(1));
        if (stepsIn == stepsOut) {
            return x;
        }
        NDArray g =
                x.getManager().create(assignment(stepsIn, stepsOut), new Shape(stepsOut, stepsIn));
        return g.matMul(x);
    }
}
