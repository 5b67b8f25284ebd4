package org.spikeshift.core.neuron;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.spikeshift.core.surrogate.Surrogate;

/**
 * The general two-state neuron recurrence over all time steps in plain Java, forward and
 * backward through time, for layers without recurrent weights:
 *
 * <pre>
 * u[k] = a00 u[k-1] + a01 w[k-1] + bs0 s[k-1] + du[k]
 * w[k] = a10 u[k-1] + a11 w[k-1] + bs1 s[k-1] + dw[k]
 * s[k] = H(u[k] - theta)
 * out[k] = s[k] keep[k] / (1 - p)          (dropout with rate p; out = s without)
 * </pre>
 *
 * with per-neuron coefficients, drives {@code du = bin0 I} and {@code dw = bin1 I} of the
 * normalised input current I. One pass over contiguous memory replaces about twenty engine calls
 * per time step, and inputs, outputs and gradients are the engine arrays' own memory. The
 * arithmetic is done in the engine loop's order, so spikes are the same to the bit. The backward
 * pass applies the surrogate derivative where the engine loop's straight-through spike would,
 * spikes feeding back included. The dropout mask is a random stream seeded per pass and sample,
 * so backward regenerates it instead of storing it. Samples run in parallel; each writes
 * only its own slice and coefficient gradients are summed in sample order, so results do not
 * depend on the number of threads.
 */
final class JvmTimeLoop {

    /** Rows of the packed (8, N) coefficient array. */
    static final int A00 = 0, A01 = 1, A10 = 2, A11 = 3, BIN0 = 4, BIN1 = 5, BS0 = 6, BS1 = 7, ROWS = 8;

    private final float[] coefficients;
    private final int units;
    private final float threshold;
    private final Surrogate surrogate;
    private final boolean adaptive;
    private final boolean inputReachesW;
    private final float dropout;
    private final long dropoutSeed;

    /**
     * @param coefficients packed (8, N) rows a00, a01, a10, a11, bin0, bin1, bs0, bs1
     * @param units N
     * @param threshold theta
     * @param surrogate the surrogate derivative for the backward pass
     * @param adaptive whether w exists (false for LIF: its terms are skipped)
     * @param inputReachesW whether the input drives w (bin1 not structurally 0)
     * @param dropout dropout rate p on the output, 0 for none
     * @param dropoutSeed seed of this pass's dropout mask
     */
    JvmTimeLoop(float[] coefficients, int units, float threshold, Surrogate surrogate, boolean adaptive,
            boolean inputReachesW, float dropout, long dropoutSeed) {
        if (coefficients.length != ROWS * units) {
            throw new IllegalArgumentException("expected " + ROWS * units + " coefficients, got " + coefficients.length);
        }
        this.coefficients = coefficients;
        this.units = units;
        this.threshold = threshold;
        this.surrogate = surrogate;
        this.adaptive = adaptive;
        this.inputReachesW = adaptive && inputReachesW;
        this.dropout = dropout;
        this.dropoutSeed = dropoutSeed;
    }

    /**
     * What a forward pass leaves for backward and analysis.
     *
     * @param spikeCount the number of spikes (before dropout)
     * @param u membrane potentials (B, T, N), or null when not kept
     * @param w adaptation states (B, T, N), or null when not kept or not adaptive
     */
    record Trace(int batch, int steps, double spikeCount, FloatBuffer u, FloatBuffer w) {}

    /**
     * Runs the recurrence from zero states.
     *
     * @param current the input current I, (B, T, N)
     * @param out receives the outputs (B, T, N)
     * @param uOut receives u (B, T, N), or null when not needed (backward and trajectories need it)
     * @param wOut receives w (B, T, N), or null when not needed or not adaptive
     */
    Trace forward(FloatBuffer current, int batch, int steps, FloatBuffer out, FloatBuffer uOut, FloatBuffer wOut) {
        int n = units;
        int block = steps * n;
        float[] a00 = row(A00), a01 = row(A01), a10 = row(A10), a11 = row(A11), bs0 = row(BS0), bs1 = row(BS1);
        float[] bin0 = row(BIN0), bin1 = row(BIN1);
        double[] counts = new double[batch];
        float scale = 1 / (1 - dropout);
        IntStream.range(0, batch).parallel().forEach(b -> {
            int offset = b * block;
            Scratch scratch = Scratch.of(block);
            float[] drive = scratch.a;
            current.get(offset, drive, 0, block);
            float[] driveW = null;
            if (inputReachesW) {
                driveW = scratch.b;
                scaleByNeuron(drive, bin1, driveW, block);
            }
            scaleByNeuron(drive, bin0, drive, block);
            float[] o = scratch.c;
            float[] uAll = scratch.d;
            float[] wAll = scratch.e;
            float[] u = new float[n];
            float[] w = new float[n];
            float[] spike = new float[n];
            for (int t = 0; t < steps; t++) {
                int base = t * n;
                if (adaptive) {
                    stepAdaptive(u, w, spike, drive, driveW, base, a00, a01, a10, a11, bs0, bs1);
                    System.arraycopy(w, 0, wAll, base, n);
                } else {
                    stepLeaky(u, spike, drive, base, a00, bs0);
                }
                System.arraycopy(u, 0, uAll, base, n);
                fire(u, spike, o, base, threshold);
            }
            double count = 0;
            for (int k = 0; k < block; k++) {
                count += o[k];
            }
            counts[b] = count;
            if (dropout > 0) {
                boolean[] keep = scratch.keep;
                keepMask(b, block, keep);
                for (int k = 0; k < block; k++) {
                    o[k] = keep[k] ? o[k] * scale : 0f;
                }
            }
            out.put(offset, o, 0, block);
            if (uOut != null) {
                uOut.put(offset, uAll, 0, block);
            }
            if (wOut != null) {
                wOut.put(offset, wAll, 0, block);
            }
        });
        double total = 0;
        for (double count : counts) {
            total += count;
        }
        return new Trace(batch, steps, total, uOut, wOut);
    }

    /**
     * Backpropagation through time.
     *
     * @param trace a forward pass that kept u (and w, for an adaptive neuron)
     * @param current the forward pass's input current, (B, T, N)
     * @param gradOut dL/d out, (B, T, N)
     * @param gradPerSpike a gradient added to every spike's (the mean firing rate's share)
     * @param gradCurrent receives dL/d I, (B, T, N)
     * @return dL/d coefficients, packed (8, N)
     */
    float[] backward(Trace trace, FloatBuffer current, FloatBuffer gradOut, float gradPerSpike, FloatBuffer gradCurrent) {
        int n = units;
        int batch = trace.batch();
        int steps = trace.steps();
        int block = steps * n;
        float[] a00 = row(A00), a01 = row(A01), a10 = row(A10), a11 = row(A11), bs0 = row(BS0), bs1 = row(BS1);
        float[] bin0 = row(BIN0), bin1 = row(BIN1);
        float scale = 1 / (1 - dropout);
        float[][] perSample = new float[batch][ROWS * n];
        IntStream.range(0, batch).parallel().forEach(b -> {
            int offset = b * block;
            Scratch scratch = Scratch.of(block);
            float[] us = scratch.d;
            trace.u().get(offset, us, 0, block);
            float[] ws = null;
            if (adaptive) {
                ws = scratch.e;
                trace.w().get(offset, ws, 0, block);
            }
            // the gradient reaching each spike from outside the loop, and each step's surrogate slope
            float[] external = scratch.a;
            gradOut.get(offset, external, 0, block);
            float[] slope = scratch.b;
            if (dropout > 0) {
                boolean[] keep = scratch.keep;
                keepMask(b, block, keep);
                for (int k = 0; k < block; k++) {
                    external[k] = keep[k] ? external[k] * scale : 0f;
                }
            }
            for (int k = 0; k < block; k++) {
                external[k] += gradPerSpike;
                slope[k] = (float) surrogate.derivative(us[k] - threshold);
            }
            // gradients of u and w per step, overwriting the slopes and the external gradients
            float[] gradU = slope;
            float[] gradW = external;
            float[] gu = new float[n];
            float[] gw = new float[n];
            float[] g = perSample[b];
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * n;
                if (adaptive) {
                    backAdaptive(gu, gw, external, slope, base, a00, a01, a10, a11, bs0, bs1);
                    System.arraycopy(gw, 0, gradW, base, n);
                } else {
                    backLeaky(gu, external, slope, base, a00, bs0);
                }
                System.arraycopy(gu, 0, gradU, base, n);
            }
            // coefficient gradients: sum over steps of (gradient at k) x (state at k - 1)
            for (int t = 1; t < steps; t++) {
                int base = t * n;
                int prev = base - n;
                for (int i = 0; i < n; i++) {
                    float uPrev = us[prev + i];
                    float sPrev = uPrev > threshold ? 1f : 0f;
                    float guNow = gradU[base + i];
                    g[A00 * n + i] += guNow * uPrev;
                    g[BS0 * n + i] += guNow * sPrev;
                    if (adaptive) {
                        float wPrev = ws[prev + i];
                        float gwNow = gradW[base + i];
                        g[A01 * n + i] += guNow * wPrev;
                        g[A10 * n + i] += gwNow * uPrev;
                        g[A11 * n + i] += gwNow * wPrev;
                        g[BS1 * n + i] += gwNow * sPrev;
                    }
                }
            }
            // the drives: du = bin0 I, dw = bin1 I
            float[] input = scratch.c;
            current.get(offset, input, 0, block);
            for (int t = 0; t < steps; t++) {
                int base = t * n;
                for (int i = 0; i < n; i++) {
                    g[BIN0 * n + i] += gradU[base + i] * input[base + i];
                    float gradI = gradU[base + i] * bin0[i];
                    if (inputReachesW) {
                        g[BIN1 * n + i] += gradW[base + i] * input[base + i];
                        gradI += gradW[base + i] * bin1[i];
                    }
                    input[base + i] = gradI;
                }
            }
            gradCurrent.put(offset, input, 0, block);
        });
        float[] gradCoefficients = new float[ROWS * n];
        for (float[] g : perSample) {
            for (int j = 0; j < g.length; j++) {
                gradCoefficients[j] += g[j];
            }
        }
        return gradCoefficients;
    }

    /**
     * Per-thread working arrays of one sample, reused across samples and passes: allocating and
     * zeroing them per sample cost more than the recurrence at long windows. Every user writes
     * the part it reads.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

        float[] a = new float[0], b = a, c = a, d = a, e = a;
        boolean[] keep = new boolean[0];

        static Scratch of(int size) {
            Scratch s = PER_THREAD.get();
            if (s.a.length < size) {
                s.a = new float[size];
                s.b = new float[size];
                s.c = new float[size];
                s.d = new float[size];
                s.e = new float[size];
                s.keep = new boolean[size];
            }
            return s;
        }
    }

    private static void stepAdaptive(float[] u, float[] w, float[] spike, float[] drive, float[] driveW, int base,
            float[] a00, float[] a01, float[] a10, float[] a11, float[] bs0, float[] bs1) {
        for (int i = 0; i < u.length; i++) {
            float wNext = u[i] * a10[i] + w[i] * a11[i] + spike[i] * bs1[i];
            float uNext = u[i] * a00[i] + w[i] * a01[i] + spike[i] * bs0[i] + drive[base + i];
            u[i] = uNext;
            w[i] = wNext;
        }
        if (driveW != null) {
            for (int i = 0; i < w.length; i++) {
                w[i] += driveW[base + i];
            }
        }
    }

    private static void stepLeaky(float[] u, float[] spike, float[] drive, int base, float[] a00, float[] bs0) {
        for (int i = 0; i < u.length; i++) {
            u[i] = u[i] * a00[i] + spike[i] * bs0[i] + drive[base + i];
        }
    }

    private static void fire(float[] u, float[] spike, float[] out, int base, float threshold) {
        for (int i = 0; i < u.length; i++) {
            float s = u[i] > threshold ? 1f : 0f;
            spike[i] = s;
            out[base + i] = s;
        }
    }

    private static void backAdaptive(float[] gu, float[] gw, float[] external, float[] slope, int base,
            float[] a00, float[] a01, float[] a10, float[] a11, float[] bs0, float[] bs1) {
        for (int i = 0; i < gu.length; i++) {
            float gs = external[base + i] + bs0[i] * gu[i] + bs1[i] * gw[i];
            float gwNow = a01[i] * gu[i] + a11[i] * gw[i];
            gu[i] = slope[base + i] * gs + a00[i] * gu[i] + a10[i] * gw[i];
            gw[i] = gwNow;
        }
    }

    private static void backLeaky(float[] gu, float[] external, float[] slope, int base, float[] a00, float[] bs0) {
        for (int i = 0; i < gu.length; i++) {
            gu[i] = slope[base + i] * (external[base + i] + bs0[i] * gu[i]) + a00[i] * gu[i];
        }
    }

    /** {@code out[t * N + i] = input[t * N + i] * gain[i]} over one sample's block. */
    private static void scaleByNeuron(float[] input, float[] gain, float[] out, int block) {
        int n = gain.length;
        for (int base = 0; base < block; base += n) {
            for (int i = 0; i < n; i++) {
                out[base + i] = input[base + i] * gain[i];
            }
        }
    }

    private float[] row(int r) {
        float[] out = new float[units];
        System.arraycopy(coefficients, r * units, out, 0, units);
        return out;
    }

    /**
     * Whether dropout keeps each element of sample {@code b}'s block, in element order: a
     * xorshift stream seeded by a SplitMix64 hash of the pass seed and the sample, two elements
     * per 64-bit draw, so backward regenerates exactly what forward used.
     */
    void keepMask(int b, int block, boolean[] keep) {
        long z = dropoutSeed + (b + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        long state = (z ^ (z >>> 31)) | 1L;
        long dropBelow = (long) (dropout * 4294967296.0);
        for (int k = 0; k < block; k += 2) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            keep[k] = (state >>> 32) >= dropBelow;
            if (k + 1 < block) {
                keep[k + 1] = (state & 0xFFFFFFFFL) >= dropBelow;
            }
        }
    }
}
