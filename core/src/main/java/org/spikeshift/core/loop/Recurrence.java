package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import org.spikeshift.core.surrogate.Surrogate;

/**
 * One pass's neuron recurrence in its general two-state form, per neuron:
 *
 * <pre>
 * u[k] = a00 u[k-1] + a01 w[k-1] + bs0 s[k-1] + bin0 I[k] + (s[k-1] V_u)
 * w[k] = a10 u[k-1] + a11 w[k-1] + bs1 s[k-1] + bin1 I[k] + (s[k-1] V_w)
 * s[k] = H(u[k] - theta)
 * </pre>
 *
 * @param coefficients the packed (8, N) rows a00, a01, a10, a11, bin0, bin1, bs0, bs1 (indices
 *     {@link #A00} to {@link #BS1}), traced when they are trained
 * @param recurrentU V_u (N, N) with its gain, or null without recurrent weights
 * @param recurrentW V_w (N, N), or null where the recurrence does not reach w
 * @param threshold theta
 * @param surrogate the spike's surrogate derivative
 * @param surrogateScale its width or slope
 * @param adaptive whether w exists (false for LIF)
 * @param inputReachesW whether the input drives w (bin1 not structurally 0)
 * @param trainable whether the coefficients take gradients
 */
public record Recurrence(
        NDArray coefficients,
        NDArray recurrentU,
        NDArray recurrentW,
        float threshold,
        Surrogate surrogate,
        float surrogateScale,
        boolean adaptive,
        boolean inputReachesW,
        boolean trainable) {

    /** Rows of the packed coefficient array. */
    public static final int A00 = 0,
            A01 = 1,
            A10 = 2,
            A11 = 3,
            BIN0 = 4,
            BIN1 = 5,
            BS0 = 6,
            BS1 = 7,
            ROWS = 8;

    /** N. */
    public int neurons() {
        return Math.toIntExact(coefficients.getShape().get(1));
    }
}
