package org.spikeshift.core.network;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import org.spikeshift.core.loop.JvmBatchNorm;
import org.spikeshift.core.neuron.LeakyReadout;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.statespace.StateSpaceStep;

/**
 * Streaming inference of one sample, fed one time step at a time, in plain Java: no engine call per
 * step. Every layer runs its exact state-space form with BatchNorm folded into a per-neuron scale
 * and shift; input and hidden spikes are sparse, so a step costs only the weight columns of the
 * channels that are active. Gives the same outputs as the network's batch inference.
 *
 * <p>Not thread-safe: one runner per stream. {@link #reset()} starts a new sample.
 */
public final class StreamingRunner {

    private final Layer[] layers;
    private final int classes;
    private final int inputSize;
    private final float[] readWeightT; // (H, C): column h of W_o, contiguous
    private final ReadoutStep readStep;
    private final float[] readU;
    private final float[] readIn;
    private final double[] outputSum;
    private final int[] scratchActive;

    /** Per-layer parameters and state, arrays of length N unless stated. */
    private static final class Layer {
        int units;
        float[] weightT; // (C_in, N)
        float[] scale;
        float[] shift;
        StateSpaceStep step;
        float[] recurrentT; // (N, N) row j = V[:, j], or null
        float[] recGain0; // B_rec rows, or null
        float[] recGain1;
        float[] recurrentIn; // V s[k-1]
        float threshold;
        float[] u;
        float[] w;
        float[] wNext;
        float[] current;
        float[] spiking; // 0/1 per neuron: s[k-1]
        int[] spikes; // indices of neurons that spiked at the last step
        int spikeCount;
        int[] nextSpikes;
    }

    public StreamingRunner(SpikingNetwork net) {
        List<SpikingLayer> hidden = net.layers();
        layers = new Layer[hidden.size()];
        inputSize = net.spec().inputSize();
        int in = inputSize;
        for (int i = 0; i < layers.length; i++) {
            if (hidden.get(i).conv() != null) {
                throw new IllegalArgumentException(
                        "streaming inference runs dense layers; hidden layer "
                                + i
                                + " is convolutional");
            }
            layers[i] = layer(hidden.get(i), in);
            in = layers[i].units;
        }
        LeakyReadout readout = net.readout();
        classes = net.spec().classes();
        readWeightT = transpose(weight(readout.linear()), classes, in);
        readStep = new ReadoutStep(readout);
        readU = new float[classes];
        readIn = new float[classes];
        outputSum = new double[classes];
        scratchActive = new int[Math.max(in, inputSize)];
    }

    private static Layer layer(SpikingLayer source, int inputs) {
        Layer l = new Layer();
        int n = source.units();
        l.units = n;
        l.weightT = transpose(weight(source.projection()), n, inputs);
        float[][] folded = JvmBatchNorm.folded(source.norm());
        l.scale = folded[0];
        l.shift = folded[1];
        l.step = source.step();
        float[] v = source.recurrentWithoutDiagonal();
        l.recurrentT = v == null ? null : transpose(v, n, n);
        float[] gain = source.recurrentGainValues();
        l.recGain0 = gain == null ? null : Arrays.copyOfRange(gain, 0, n);
        l.recGain1 = gain == null ? null : Arrays.copyOfRange(gain, n, 2 * n);
        l.recurrentIn = new float[n];
        l.threshold = source.threshold();
        l.u = new float[n];
        l.w = new float[n];
        l.wNext = new float[n];
        l.current = new float[n];
        l.spiking = new float[n];
        l.spikes = new int[n];
        l.nextSpikes = new int[n];
        return l;
    }

    static float[] weight(Block linear) {
        return linear.getParameters().get("weight").getArray().toFloatArray();
    }

    /** (rows, cols) row-major to (cols, rows) row-major. */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Clears every state and the accumulated output: a new sample. */
    public void reset() {
        for (Layer l : layers) {
            Arrays.fill(l.u, 0);
            Arrays.fill(l.w, 0);
            Arrays.fill(l.wNext, 0);
            Arrays.fill(l.spiking, 0);
            l.spikeCount = 0;
        }
        Arrays.fill(readU, 0);
        Arrays.fill(outputSum, 0);
    }

    /**
     * Advances one time step.
     *
     * @param frame input values for this step, length {@link #inputSize()}
     */
    public void step(float[] frame) {
        int active = 0;
        for (int c = 0; c < frame.length; c++) {
            if (frame[c] != 0) {
                scratchActive[active++] = c;
            }
        }
        float[] values = frame;
        int[] indices = scratchActive;
        int count = active;
        boolean binary = false;
        for (Layer l : layers) {
            propagate(l, indices, count, values, binary);
            advance(l);
            indices = l.spikes;
            count = l.spikeCount;
            values = null;
            binary = true;
        }
        Arrays.fill(readIn, 0);
        for (int k = 0; k < count; k++) {
            int base = indices[k] * classes;
            for (int o = 0; o < classes; o++) {
                readIn[o] += readWeightT[base + o];
            }
        }
        readStep.advance(readIn, readU, outputSum);
    }

    /** current = BN(W x) from the active inputs only. */
    private static void propagate(
            Layer l, int[] indices, int count, float[] values, boolean binary) {
        int n = l.units;
        float[] acc = l.current;
        Arrays.fill(acc, 0);
        for (int k = 0; k < count; k++) {
            int c = indices[k];
            float v = binary ? 1f : values[c];
            int base = c * n;
            for (int i = 0; i < n; i++) {
                acc[i] += v * l.weightT[base + i];
            }
        }
        for (int i = 0; i < n; i++) {
            acc[i] = l.scale[i] * acc[i] + l.shift[i];
        }
        if (l.recurrentT != null) {
            float[] rec = l.recurrentIn;
            Arrays.fill(rec, 0);
            for (int k = 0; k < l.spikeCount; k++) {
                int base = l.spikes[k] * n;
                for (int i = 0; i < n; i++) {
                    rec[i] += l.recurrentT[base + i];
                }
            }
        }
    }

    /** v = A v + B_in I + B_s s[k-1] + B_rec V s[k-1]; spikes where u > theta. */
    private static void advance(Layer l) {
        int n = l.units;
        l.step.advance(l.u, l.w, l.spiking, l.current, l.wNext, 0, n);
        if (l.step.adaptive()) {
            float[] swap = l.w;
            l.w = l.wNext;
            l.wNext = swap;
        }
        if (l.recGain0 != null) {
            for (int i = 0; i < n; i++) {
                l.u[i] += l.recGain0[i] * l.recurrentIn[i];
                l.w[i] += l.recGain1[i] * l.recurrentIn[i];
            }
        }
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (l.u[i] - l.threshold > 0) {
                l.nextSpikes[next++] = i;
            }
        }
        for (int k = 0; k < l.spikeCount; k++) {
            l.spiking[l.spikes[k]] = 0;
        }
        for (int k = 0; k < next; k++) {
            l.spiking[l.nextSpikes[k]] = 1;
        }
        int[] swap = l.spikes;
        l.spikes = l.nextSpikes;
        l.nextSpikes = swap;
        l.spikeCount = next;
    }

    /** sum over the steps so far of softmax(u_o): the network's output for this sample. */
    public float[] output() {
        float[] out = new float[classes];
        for (int o = 0; o < classes; o++) {
            out[o] = (float) outputSum[o];
        }
        return out;
    }

    /** Runs a whole sample of (T x C) frames from a reset state and returns the output. */
    public float[] run(float[] frames, int steps) {
        reset();
        float[] frame = new float[inputSize];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(frames, t * inputSize, frame, 0, inputSize);
            step(frame);
        }
        return output();
    }
}
