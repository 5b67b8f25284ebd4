package org.spikeshift.core.loop;

import static org.spikeshift.core.loop.Recurrence.A00;
import static org.spikeshift.core.loop.Recurrence.A01;
import static org.spikeshift.core.loop.Recurrence.A10;
import static org.spikeshift.core.loop.Recurrence.A11;
import static org.spikeshift.core.loop.Recurrence.BIN0;
import static org.spikeshift.core.loop.Recurrence.BIN1;
import static org.spikeshift.core.loop.Recurrence.BS0;
import static org.spikeshift.core.loop.Recurrence.BS1;
import static org.spikeshift.core.loop.Recurrence.ROWS;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.spikeshift.core.statespace.StateSpaceStep;
import org.spikeshift.core.surrogate.Surrogate;

/**
 * The general two-state neuron recurrence over all time steps in plain Java, forward and backward
 * through time, for layers without recurrent weights:
 *
 * <pre>
 * u[k] = a00 u[k-1] + a01 w[k-1] + bs0 s[k-1] + du[k]
 * w[k] = a10 u[k-1] + a11 w[k-1] + bs1 s[k-1] + dw[k]
 * s[k] = H(u[k] - theta)
 * out[k] = s[k] keep[k] / (1 - p)          (dropout with rate p; out = s without)
 * </pre>
 *
 * with per-neuron coefficients, drives {@code du = bin0 I} and {@code dw = bin1 I} of the
 * normalised input current I, which the loop computes from the projection P when a layer's
 * BatchNorm is folded in ({@link JvmBatchNorm}). One pass over contiguous memory replaces about
 * twenty engine calls per time step, and inputs, outputs and gradients are the engine arrays' own
 * memory. Given the same I, the arithmetic is done in the engine loop's order, so spikes are the
 * same to the bit. The backward pass applies the surrogate derivative where the engine loop's
 * straight-through spike would, spikes feeding back included. The dropout mask is a hash of each
 * element's index and a seed per pass and sample, so backward recomputes it instead of storing it.
 * Samples run in parallel; each writes only its own slice and gradient sums are added in sample
 * order, so results do not depend on the number of threads.
 *
 * <p>Each sample's block is held as one array per time step, and every loop over the neurons is a
 * simple, branch-free loop over arrays indexed from 0: the shape the JIT vectorises.
 */
final class JvmTimeLoop {

    private final StateSpaceStep step;

    /** The coefficients for backward, the transposed step. */
    private final float[] a00, a01, a10, a11, bin0, bin1, bs0, bs1;

    private final int units;
    private final float threshold;
    private final Surrogate surrogate;
    private final float surrogateScale;
    private final boolean adaptive;
    private final boolean inputReachesW;
    private final float dropout;
    private final long dropoutSeed;
    private final JvmBatchNorm.Affine normalisation;

    /**
     * 0, 1, ..., N-1: the JIT vectorises a loop that reads its index from an array, not one that
     * uses it.
     */
    private final int[] lanes;

    /**
     * @param coefficients packed (8, N) rows a00, a01, a10, a11, bin0, bin1, bs0, bs1
     * @param units N
     * @param threshold theta
     * @param surrogate the surrogate derivative for the backward pass
     * @param surrogateScale its width or slope
     * @param adaptive whether w exists (false for LIF: its terms are skipped)
     * @param inputReachesW whether the input drives w (bin1 not structurally 0)
     * @param dropout dropout rate p on the output, 0 for none
     * @param dropoutSeed seed of this pass's dropout mask
     * @param normalisation the folded BatchNorm {@code I = scale P + shift} applied to the loop's
     *     input P, or null when the input is I itself
     */
    JvmTimeLoop(
            float[] coefficients,
            int units,
            float threshold,
            Surrogate surrogate,
            float surrogateScale,
            boolean adaptive,
            boolean inputReachesW,
            float dropout,
            long dropoutSeed,
            JvmBatchNorm.Affine normalisation) {
        if (coefficients.length != ROWS * units) {
            throw new IllegalArgumentException(
                    "expected " + ROWS * units + " coefficients, got " + coefficients.length);
        }
        step = new StateSpaceStep(coefficients, units, adaptive, inputReachesW);
        a00 = row(coefficients, A00, units);
        a01 = row(coefficients, A01, units);
        a10 = row(coefficients, A10, units);
        a11 = row(coefficients, A11, units);
        bin0 = row(coefficients, BIN0, units);
        bin1 = row(coefficients, BIN1, units);
        bs0 = row(coefficients, BS0, units);
        bs1 = row(coefficients, BS1, units);
        this.units = units;
        this.threshold = threshold;
        this.surrogate = surrogate;
        this.surrogateScale = surrogateScale;
        this.adaptive = adaptive;
        this.inputReachesW = adaptive && inputReachesW;
        this.dropout = dropout;
        this.dropoutSeed = dropoutSeed;
        this.normalisation = normalisation;
        lanes = IntStream.range(0, units).toArray();
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
     * @param current the input: I, or P when a normalisation is folded in, (B, T, N)
     * @param out receives the outputs (B, T, N)
     * @param uOut receives u (B, T, N), or null when not needed (backward and trajectories need it)
     * @param wOut receives w (B, T, N), or null when not needed or not adaptive
     */
    Trace forward(
            FloatBuffer current,
            int batch,
            int steps,
            FloatBuffer out,
            FloatBuffer uOut,
            FloatBuffer wOut) {
        int n = units;
        int block = steps * n;
        double[] counts = new double[batch];
        IntStream.range(0, batch)
                .parallel()
                .forEach(
                        b -> {
                            int offset = b * block;
                            Scratch scratch = Scratch.of(steps, n);
                            float[][] in = Scratch.read(scratch.a, current, offset);
                            if (normalisation != null) {
                                for (float[] row : in) {
                                    normalisation.apply(row, row);
                                }
                            }
                            float[][] spikes = scratch.b;
                            float[][] us = scratch.u;
                            float[][] ws = scratch.w;
                            float[] u = new float[n],
                                    s = new float[n],
                                    spikesPerNeuron = new float[n];
                            float[] w = new float[n];
                            for (int t = 0; t < steps; t++) {
                                step.advance(u, w, s, in[t], ws[t], 0, n);
                                if (adaptive) {
                                    w = ws[t];
                                }
                                fire(u, s);
                                add(s, spikesPerNeuron);
                                System.arraycopy(u, 0, us[t], 0, n);
                                System.arraycopy(s, 0, spikes[t], 0, n);
                            }
                            double count = 0;
                            for (float c : spikesPerNeuron) {
                                count += c;
                            }
                            counts[b] = count;
                            if (dropout > 0) {
                                applyMask(spikes, b, scratch.mask);
                            }
                            Scratch.write(spikes, out, offset);
                            if (uOut != null) {
                                Scratch.write(us, uOut, offset);
                            }
                            if (wOut != null) {
                                Scratch.write(ws, wOut, offset);
                            }
                        });
        double total = 0;
        for (double count : counts) {
            total += count;
        }
        return new Trace(batch, steps, total, uOut, wOut);
    }

    /**
     * What backward returns besides the input gradient.
     *
     * @param coefficients dL/d coefficients, packed (8, N)
     * @param gradSum with a folded normalisation, the sum of dL/dI over batch and time (N); else
     *     null
     * @param gradDotCentered with a folded normalisation, the sum of dL/dI (P - mean) (N); else
     *     null
     */
    record Gradient(float[] coefficients, float[] gradSum, float[] gradDotCentered) {}

    /**
     * Backpropagation through time, one pass backwards over the steps per sample: the state
     * gradients, the input gradient and the coefficient gradients together.
     *
     * @param trace a forward pass that kept u (and w, for an adaptive neuron)
     * @param current the forward pass's input, (B, T, N)
     * @param gradOut dL/d out, (B, T, N)
     * @param gradPerSpike a gradient added to every spike's (the mean firing rate's share)
     * @param gradCurrent receives dL/dI, (B, T, N) (of I, also when the input is P)
     */
    Gradient backward(
            Trace trace,
            FloatBuffer current,
            FloatBuffer gradOut,
            float gradPerSpike,
            FloatBuffer gradCurrent) {
        int n = units;
        int batch = trace.batch();
        int steps = trace.steps();
        int block = steps * n;
        Gradients[] perSample = new Gradients[batch];
        IntStream.range(0, batch)
                .parallel()
                .forEach(
                        b -> {
                            int offset = b * block;
                            Scratch scratch = Scratch.of(steps, n);
                            float[][] u = Scratch.read(scratch.u, trace.u(), offset);
                            float[][] w =
                                    adaptive ? Scratch.read(scratch.w, trace.w(), offset) : null;
                            float[][] external =
                                    Scratch.read(
                                            scratch.a, gradOut, offset); // overwritten with dL/dI
                            if (dropout > 0) {
                                applyMask(external, b, scratch.mask);
                            }
                            float[][] inputs = Scratch.read(scratch.b, current, offset);
                            Gradients g = new Gradients(n, normalisation != null);
                            for (int t = steps - 1; t >= 0; t--) {
                                surrogate.derivatives(u[t], threshold, surrogateScale, g.slope);
                                if (adaptive) {
                                    backAdaptive(g, external[t], gradPerSpike);
                                } else {
                                    backLeaky(g, external[t], gradPerSpike);
                                }
                                float[] input = inputs[t];
                                if (normalisation != null) {
                                    normalisation.apply(inputs[t], g.input);
                                    input = g.input;
                                }
                                backInput(g, input, external[t]);
                                if (normalisation != null) {
                                    accumulateNormalisation(g, inputs[t], external[t]);
                                }
                                if (t > 0) {
                                    accumulateCoefficients(g, u[t - 1], adaptive ? w[t - 1] : null);
                                }
                            }
                            Scratch.write(external, gradCurrent, offset);
                            perSample[b] = g;
                        });
        float[] gradCoefficients = new float[ROWS * n];
        for (Gradients g : perSample) {
            for (int r = 0; r < ROWS; r++) {
                for (int i = 0; i < n; i++) {
                    gradCoefficients[r * n + i] += g.coefficients[r][i];
                }
            }
        }
        if (normalisation == null) {
            return new Gradient(gradCoefficients, null, null);
        }
        double[] gradSum = new double[n];
        double[] gradDotCentered = new double[n];
        for (Gradients g : perSample) {
            for (int i = 0; i < n; i++) {
                gradSum[i] += g.gradSum[i];
                gradDotCentered[i] += g.gradDotCentered[i];
            }
        }
        return new Gradient(gradCoefficients, toFloats(gradSum), toFloats(gradDotCentered));
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * Per-thread working arrays of one sample, (T, N) each as one array per step, reused across
     * samples and passes: allocating them per sample cost more than the recurrence at long windows.
     * Every user writes the part it reads.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> PER_THREAD =
                ThreadLocal.withInitial(Scratch::new);

        /** Two general (T, N) blocks and the blocks of u and w. */
        float[][] a = new float[0][0], b = a, u = a, w = a;

        int[] mask = new int[0];

        static Scratch of(int steps, int n) {
            Scratch s = PER_THREAD.get();
            if (s.a.length != steps || steps > 0 && s.a[0].length != n) {
                s.a = new float[steps][n];
                s.b = new float[steps][n];
                s.u = new float[steps][n];
                s.w = new float[steps][n];
                s.mask = new int[n];
            }
            return s;
        }

        /** Fills {@code rows} with the (T, N) block at {@code offset} and returns them. */
        static float[][] read(float[][] rows, FloatBuffer source, int offset) {
            for (int t = 0; t < rows.length; t++) {
                source.get(offset + t * rows[t].length, rows[t]);
            }
            return rows;
        }

        /** Writes {@code rows} to the (T, N) block at {@code offset}. */
        static void write(float[][] rows, FloatBuffer target, int offset) {
            for (int t = 0; t < rows.length; t++) {
                target.put(offset + t * rows[t].length, rows[t]);
            }
        }
    }

    /**
     * One sample's backward state: dL/du and dL/dw of the step after, the coefficient gradient sums
     * (one row per coefficient, indexed as the packed rows), and working rows (the surrogate
     * slopes, and a spare row that the step after may overwrite).
     */
    private static final class Gradients {
        final float[] u, slope;
        final float[][] coefficients;
        float[] w, spare;

        /**
         * With a folded normalisation: I of the step, and the sums of dL/dI and dL/dI (P - mean).
         */
        final float[] input, gradSum, gradDotCentered;

        Gradients(int n, boolean normalised) {
            input = normalised ? new float[n] : null;
            gradSum = normalised ? new float[n] : null;
            gradDotCentered = normalised ? new float[n] : null;
            u = new float[n];
            w = new float[n];
            slope = new float[n];
            spare = new float[n];
            coefficients = new float[ROWS][n];
        }
    }

    /**
     * {@code s = H(u - theta)}: 1 where u > theta, 0 elsewhere (NaN stays NaN, as on the engine).
     * Any positive float difference, scaled by 2^200, exceeds 1; clamping makes the step without a
     * branch.
     */
    private void fire(float[] u, float[] s) {
        for (int i = 0; i < u.length; i++) {
            s[i] = Math.min(1f, Math.max(0f, (u[i] - threshold) * 0x1p100f * 0x1p100f));
        }
    }

    private static void add(float[] values, float[] sum) {
        for (int i = 0; i < values.length; i++) {
            sum[i] += values[i];
        }
    }

    private void backLeaky(Gradients g, float[] external, float gradPerSpike) {
        float[] gu = g.u;
        float[] slope = g.slope;
        for (int i = 0; i < gu.length; i++) {
            gu[i] = slope[i] * (external[i] + gradPerSpike + bs0[i] * gu[i]) + a00[i] * gu[i];
        }
    }

    /** From dL/du, dL/dw of step k+1 to those of step k (through the spike and the states). */
    private void backAdaptive(Gradients g, float[] external, float gradPerSpike) {
        float[] gu = g.u;
        float[] gw = g.w;
        float[] gwPrevious = g.spare;
        float[] slope = g.slope;
        for (int i = 0; i < gu.length; i++) {
            gwPrevious[i] = a01[i] * gu[i] + a11[i] * gw[i];
        }
        for (int i = 0; i < gu.length; i++) {
            float gradSpike = external[i] + gradPerSpike + bs0[i] * gu[i] + bs1[i] * gw[i];
            gu[i] = slope[i] * gradSpike + a00[i] * gu[i] + a10[i] * gw[i];
        }
        g.spare = gw;
        g.w = gwPrevious;
    }

    /** The drives' share: dL/d bin, and dL/dI of step k into {@code gradInput}. */
    private void backInput(Gradients g, float[] input, float[] gradInput) {
        float[] gu = g.u;
        multiplyAdd(gu, input, g.coefficients[BIN0]);
        if (inputReachesW) {
            float[] gw = g.w;
            multiplyAdd(gw, input, g.coefficients[BIN1]);
            for (int i = 0; i < gradInput.length; i++) {
                gradInput[i] = gu[i] * bin0[i] + gw[i] * bin1[i];
            }
        } else {
            for (int i = 0; i < gradInput.length; i++) {
                gradInput[i] = gu[i] * bin0[i];
            }
        }
    }

    /** Step k's share of the normalisation's sums, from its projection P and dL/dI. */
    private void accumulateNormalisation(Gradients g, float[] p, float[] gradInput) {
        float[] centered = g.input; // I is used; reuse its row for P - mean
        float[] mean = normalisation.mean();
        for (int i = 0; i < centered.length; i++) {
            centered[i] = p[i] - mean[i];
        }
        add(gradInput, g.gradSum);
        multiplyAdd(gradInput, centered, g.gradDotCentered);
    }

    /** Step k's share of the coefficient gradients: its state gradients times the states of k-1. */
    private void accumulateCoefficients(Gradients g, float[] uPrev, float[] wPrev) {
        float[] sPrev = g.spare;
        fire(uPrev, sPrev);
        multiplyAdd(g.u, uPrev, g.coefficients[A00]);
        multiplyAdd(g.u, sPrev, g.coefficients[BS0]);
        if (wPrev != null) {
            multiplyAdd(g.u, wPrev, g.coefficients[A01]);
            multiplyAdd(g.w, uPrev, g.coefficients[A10]);
            multiplyAdd(g.w, wPrev, g.coefficients[A11]);
            multiplyAdd(g.w, sPrev, g.coefficients[BS1]);
        }
    }

    /** {@code sum += a * b}, element by element. */
    private static void multiplyAdd(float[] a, float[] b, float[] sum) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += a[i] * b[i];
        }
    }

    /**
     * Scales kept elements of sample {@code b}'s rows by 1 / (1 - p) and zeroes dropped ones; the
     * mask comes from {@link #keepBits} one row at a time, so it is never stored.
     */
    private void applyMask(float[][] rows, int b, int[] mask) {
        float scale = 1 / (1 - dropout);
        int seed = sampleSeed(b);
        for (int t = 0; t < rows.length; t++) {
            float[] row = rows[t];
            keepBits(seed, t * row.length, mask);
            for (int i = 0; i < row.length; i++) {
                row[i] = Float.intBitsToFloat(Float.floatToRawIntBits(row[i] * scale) & mask[i]);
            }
        }
    }

    /** Whether dropout keeps element {@code index} of sample {@code b}'s (T, N) block. */
    boolean kept(int b, int index) {
        int[] bit = new int[1];
        keepBits(sampleSeed(b), index, bit);
        return bit[0] != 0;
    }

    /**
     * The dropout mask of elements {@code first, first + 1, ...} of a sample's block: all ones
     * where kept, zero where dropped. Each element's 16 random bits are a hash (MurmurHash3's
     * finaliser) of its index and the sample's seed, kept when at least p * 2^16: no sequential
     * random stream, so the loop vectorises and backward recomputes exactly what forward used.
     */
    private void keepBits(int seed, int first, int[] mask) {
        int dropBelow = (int) Math.round(dropout * 65536.0);
        int[] lane = lanes;
        for (int i = 0; i < mask.length; i++) {
            int x = (lane[i] + first) * 0x9E3779B9 ^ seed;
            x ^= x >>> 16;
            x *= 0x85EBCA6B;
            x ^= x >>> 13;
            x *= 0xC2B2AE35;
            x ^= x >>> 16;
            mask[i] = ~(((x >>> 16) - dropBelow) >> 31);
        }
    }

    /** Sample {@code b}'s 32-bit mask seed: a SplitMix64 hash of the pass seed and the sample. */
    private int sampleSeed(int b) {
        long z = dropoutSeed + (b + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) >>> 32);
    }

    private static float[] row(float[] coefficients, int r, int units) {
        float[] out = new float[units];
        System.arraycopy(coefficients, r * units, out, 0, units);
        return out;
    }
}
