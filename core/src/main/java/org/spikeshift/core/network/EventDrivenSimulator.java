package org.spikeshift.core.network;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.spikeshift.core.loop.JvmBatchNorm;
import org.spikeshift.core.neuron.LeakyReadout;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.statespace.StateSpaceStep;
import org.spikeshift.core.util.EnumIds;

/**
 * Inference without a global clock: a sample's raw events drive the network in timestamp order,
 * layer by layer, and a neuron is updated only when an event reaches it (plus once at the end of
 * the window). BatchNorm is folded into the weights as in {@link StreamingRunner}.
 *
 * <ul>
 *   <li>{@link Neuron#EXACT}: the network's own dynamics. Each event acts at the step of its
 *       timestamp; a neuron catches up the steps it was not touched on (its leak, adaptation, reset
 *       and the folded BatchNorm shift, which drives it every step) when the next event reaches it.
 *       It reproduces the time-stepped network for any event times, the reference against which the
 *       deployable neuron is measured.
 *   <li>{@link Neuron#IF}: the deployment variant of mixed time-step training: integrate-and-fire
 *       without leak, shift zeroed, reset by subtraction, floor(v / theta) spikes per update; each
 *       event adds its folded weight times the neuron's input gain B_in,u (so one event moves the
 *       potential as one time step would). The readout sums its inputs the same way.
 * </ul>
 *
 * A layer with recurrent weights (RadLIF) needs every neighbour's spikes of the previous step: the
 * exact neuron steps it through every step of the window (its neighbours' spikes are its events);
 * the integrate-and-fire neuron delivers a spike's recurrent weights at once, until no neuron
 * fires. Convolutional layers are refused. Not thread-safe; one simulator per thread.
 */
public final class EventDrivenSimulator {

    /** The neuron model the simulator runs. */
    public enum Neuron {
        EXACT,
        IF;

        public String id() {
            return EnumIds.id(this);
        }
    }

    /**
     * One sample's outcome.
     *
     * @param scores the readout's class scores (exact: sum over steps of softmax(u_o), as the
     *     network; if: the integrated input)
     * @param spikeCounts per hidden layer, each neuron's spike count over the window
     * @param events input events inside the window
     */
    public record Result(double[] scores, int[][] spikeCounts, long events) {
        public int predicted() {
            int best = 0;
            for (int c = 1; c < scores.length; c++) {
                if (scores[c] > scores[best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    private final Neuron neuron;
    private final double binUs;
    private final Layer[] layers;
    private final int classes;
    private final float[] readWeightT; // (H, C)
    private final ReadoutStep readStep;

    /** Per-layer parameters, arrays of length N unless stated. */
    private static final class Layer {
        int units;
        int inputs;
        float[] weightT; // (C_in, N): the weights of input j at j * N
        float[] scale;
        float[] shift;
        StateSpaceStep step;
        float threshold;
        float[] recurrentT; // (N, N): row j holds V[:, j] without the diagonal, or null
        float[] recurrentGain0;
        float[] recurrentGain1;
    }

    /**
     * @param net a trained or adapted network, run as it is
     * @param neuron the neuron model
     * @param binMs the step of the exact neuron's grid (the bin the network is evaluated at)
     */
    public EventDrivenSimulator(SpikingNetwork net, Neuron neuron, double binMs) {
        if (!(binMs > 0) || Double.isInfinite(binMs)) {
            throw new IllegalArgumentException(
                    "bin size must be a finite positive number, got " + binMs);
        }
        this.neuron = neuron;
        this.binUs = binMs * 1000;
        List<SpikingLayer> hidden = net.layers();
        layers = new Layer[hidden.size()];
        int in = net.spec().inputSize();
        for (int i = 0; i < layers.length; i++) {
            if (hidden.get(i).conv() != null) {
                throw new IllegalArgumentException(
                        "event-driven inference runs dense layers; hidden layer "
                                + i
                                + " is convolutional");
            }
            layers[i] = layer(hidden.get(i), in);
            in = layers[i].units;
        }
        LeakyReadout readout = net.readout();
        classes = net.spec().classes();
        readWeightT =
                StreamingRunner.transpose(StreamingRunner.weight(readout.linear()), classes, in);
        readStep = new ReadoutStep(readout);
    }

    private static Layer layer(SpikingLayer source, int inputs) {
        Layer l = new Layer();
        int n = source.units();
        l.units = n;
        l.inputs = inputs;
        l.weightT =
                StreamingRunner.transpose(StreamingRunner.weight(source.projection()), n, inputs);
        float[][] folded = JvmBatchNorm.folded(source.norm());
        l.scale = folded[0];
        l.shift = folded[1];
        l.step = source.step();
        l.threshold = source.threshold();
        float[] v = source.recurrentWithoutDiagonal();
        if (v != null) {
            l.recurrentT = StreamingRunner.transpose(v, n, n);
            float[] gain = source.recurrentGainValues();
            l.recurrentGain0 = Arrays.copyOfRange(gain, 0, n);
            l.recurrentGain1 = Arrays.copyOfRange(gain, n, 2 * n);
        }
        return l;
    }

    /**
     * Runs one sample.
     *
     * @param timesUs event times in microseconds (any order; sorted here, stably)
     * @param channels each event's input channel
     * @param steps the window in steps of the bin; later events are dropped, as in binning
     * @param binary whether several events of one channel in one step count once (binary frames)
     */
    public Result run(int[] timesUs, int[] channels, int steps, boolean binary) {
        Events input = inputEvents(timesUs, channels, steps, binary);
        int[][] counts = new int[layers.length][];
        Events h = input;
        for (int i = 0; i < layers.length; i++) {
            counts[i] = new int[layers[i].units];
            Layer l = layers[i];
            if (neuron == Neuron.IF) {
                h = ifLayer(l, h, counts[i]);
            } else {
                h =
                        l.recurrentT == null
                                ? exactLayer(l, h, steps, counts[i])
                                : exactRecurrentLayer(l, h, steps, counts[i]);
            }
        }
        double[] scores = neuron == Neuron.EXACT ? exactReadout(h, steps) : ifReadout(h);
        return new Result(scores, counts, input.size);
    }

    /** The events inside the window in time order: (step or time, channel, 1). */
    private Events inputEvents(int[] timesUs, int[] channels, int steps, boolean binary) {
        Integer[] order = new Integer[timesUs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(timesUs[a], timesUs[b]));
        int inputs = layers[0].inputs;
        Events out = new Events(timesUs.length);
        java.util.Set<Long> seen = binary ? new java.util.HashSet<>() : null;
        for (int i : order) {
            int step = (int) Math.floor(timesUs[i] / binUs);
            if (step < 0 || step >= steps) {
                continue;
            }
            if (channels[i] < 0 || channels[i] >= inputs) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "event channel %d outside [0, %d) of the network's input",
                                channels[i],
                                inputs));
            }
            if (seen != null && !seen.add((long) step * inputs + channels[i])) {
                continue;
            }
            out.add(neuron == Neuron.EXACT ? step : timesUs[i], channels[i], 1f);
        }
        return out;
    }

    /** The network's own neuron, updated lazily: events grouped by step. */
    private Events exactLayer(Layer l, Events in, int steps, int[] counts) {
        int n = l.units;
        Neurons v = new Neurons(n);
        int[] last = new int[n];
        Arrays.fill(last, -1);
        float[] drive = new float[n];
        Events out = new Events(16);
        int e = 0;
        while (e < in.size) {
            int step = in.time[e];
            Arrays.fill(drive, 0f);
            for (; e < in.size && in.time[e] == step; e++) {
                int base = in.source[e] * n;
                float value = in.value[e];
                for (int j = 0; j < n; j++) {
                    drive[j] += l.weightT[base + j] * value;
                }
            }
            for (int j = 0; j < n; j++) { // dense weights: the event reaches every neuron
                catchUp(l, j, step - 1, v, last, counts, out);
                update(l, j, step, l.scale[j] * drive[j] + l.shift[j], v, counts, out);
                last[j] = step;
            }
        }
        for (int j = 0; j < n; j++) {
            catchUp(l, j, steps - 1, v, last, counts, out);
        }
        return out.sortedByTime(steps);
    }

    /**
     * A recurrent layer, every step in turn: its neighbours' spikes of the last step drive each
     * neuron.
     */
    private static Events exactRecurrentLayer(Layer l, Events in, int steps, int[] counts) {
        int n = l.units;
        Neurons v = new Neurons(n);
        float[] drive = new float[n];
        float[] recurrent = new float[n];
        Events out = new Events(16);
        int e = 0;
        for (int k = 0; k < steps; k++) {
            Arrays.fill(drive, 0f);
            for (; e < in.size && in.time[e] == k; e++) {
                int base = in.source[e] * n;
                for (int j = 0; j < n; j++) {
                    drive[j] += l.weightT[base + j] * in.value[e];
                }
            }
            Arrays.fill(recurrent, 0f);
            for (int j = 0; j < n; j++) {
                if (v.s[j] != 0) {
                    for (int i = 0; i < n; i++) {
                        recurrent[i] += l.recurrentT[j * n + i];
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                v.current[j] = l.scale[j] * drive[j] + l.shift[j];
            }
            v.advance(l.step, 0, n);
            for (int j = 0; j < n; j++) {
                v.u[j] += l.recurrentGain0[j] * recurrent[j];
                v.w[j] += l.recurrentGain1[j] * recurrent[j];
            }
            for (int j = 0; j < n; j++) {
                v.s[j] = v.u[j] > l.threshold ? 1f : 0f;
                if (v.s[j] != 0) {
                    counts[j]++;
                    out.add(k, j, 1f);
                }
            }
        }
        return out;
    }

    /** A layer's neuron states, with the step's working rows. */
    private static final class Neurons {
        float[] u;
        float[] w;
        float[] wNext;
        final float[] s;
        final float[] current;

        Neurons(int n) {
            u = new float[n];
            w = new float[n];
            wNext = new float[n];
            s = new float[n];
            current = new float[n];
        }

        /** Neurons [from, to) one step on. */
        void advance(StateSpaceStep step, int from, int to) {
            step.advance(u, w, s, current, wNext, from, to);
            if (step.adaptive()) {
                System.arraycopy(wNext, from, w, from, to - from);
            }
        }
    }

    /** The steps after neuron j's last update up to {@code until}, driven by the shift alone. */
    private static void catchUp(
            Layer l, int j, int until, Neurons v, int[] last, int[] counts, Events out) {
        for (int k = last[j] + 1; k <= until; k++) {
            update(l, j, k, l.shift[j], v, counts, out);
        }
        last[j] = Math.max(last[j], until);
    }

    /** v[k] = A v[k-1] + B_in I + B_s s[k-1]; a spike when u > theta. */
    private static void update(
            Layer l, int j, int step, float current, Neurons v, int[] counts, Events out) {
        v.current[j] = current;
        v.advance(l.step, j, j + 1);
        v.s[j] = v.u[j] > l.threshold ? 1f : 0f;
        if (v.s[j] != 0) {
            counts[j]++;
            out.add(step, j, 1f);
        }
    }

    /**
     * Integrate-and-fire: each event adds its weight; floor(v / theta) spikes, reset by
     * subtraction. A recurrent layer's spikes add their recurrent weights at the same time, in
     * rounds until no neuron fires (at most one round per neuron, so excitatory loops end).
     */
    private static Events ifLayer(Layer l, Events in, int[] counts) {
        int n = l.units;
        float[] v = new float[n];
        int[] fired = new int[n];
        int[] firedCount = new int[n];
        Events out = new Events(16);
        for (int e = 0; e < in.size; e++) {
            int base = in.source[e] * n;
            float value = in.value[e];
            int firing = 0;
            for (int j = 0; j < n; j++) {
                v[j] += l.step.inputGain(j) * l.scale[j] * l.weightT[base + j] * value;
                firing = fire(l, v, j, in.time[e], counts, out, fired, firedCount, firing);
            }
            for (int round = 0; l.recurrentT != null && firing > 0 && round < n; round++) {
                int[] sources = Arrays.copyOf(fired, firing);
                int[] spikes = Arrays.copyOf(firedCount, firing);
                for (int f = 0; f < sources.length; f++) {
                    int row = sources[f] * n;
                    for (int j = 0; j < n; j++) {
                        v[j] += l.recurrentGain0[j] * l.recurrentT[row + j] * spikes[f];
                    }
                }
                firing = 0;
                for (int j = 0; j < n; j++) {
                    firing = fire(l, v, j, in.time[e], counts, out, fired, firedCount, firing);
                }
            }
        }
        return out;
    }

    /**
     * Neuron j's spikes, if any, recorded at {@code time}; returns the updated count of firing
     * neurons.
     */
    private static int fire(
            Layer l,
            float[] v,
            int j,
            int time,
            int[] counts,
            Events out,
            int[] fired,
            int[] firedCount,
            int firing) {
        if (v[j] <= l.threshold) {
            return firing;
        }
        int c = (int) Math.floor(v[j] / l.threshold);
        v[j] -= c * l.threshold;
        counts[j] += c;
        out.add(time, j, c);
        fired[firing] = j;
        firedCount[firing] = c;
        return firing + 1;
    }

    /** u_o[k] = alpha_o u_o[k-1] + (1 - alpha_o) BN(W_o h[k]), summed softmax over every step. */
    private double[] exactReadout(Events h, int steps) {
        double[] scores = new double[classes];
        float[] u = new float[classes];
        float[] drive = new float[classes];
        int e = 0;
        for (int k = 0; k < steps; k++) {
            Arrays.fill(drive, 0f);
            for (; e < h.size && h.time[e] == k; e++) {
                int base = h.source[e] * classes;
                for (int c = 0; c < classes; c++) {
                    drive[c] += readWeightT[base + c] * h.value[e];
                }
            }
            readStep.advance(drive, u, scores);
        }
        return scores;
    }

    /** The readout without leak: each spike adds its weight times the input gain. */
    private double[] ifReadout(Events h) {
        double[] scores = new double[classes];
        for (int e = 0; e < h.size; e++) {
            int base = h.source[e] * classes;
            for (int c = 0; c < classes; c++) {
                scores[c] +=
                        readStep.inputGain(c)
                                * readStep.scale(c)
                                * readWeightT[base + c]
                                * h.value[e];
            }
        }
        return scores;
    }

    /** A growable list of (time, source, value) events. */
    private static final class Events {
        int[] time;
        int[] source;
        float[] value;
        int size;

        Events(int capacity) {
            time = new int[Math.max(capacity, 1)];
            source = new int[time.length];
            value = new float[time.length];
        }

        void add(int t, int s, float v) {
            if (size == time.length) {
                time = Arrays.copyOf(time, size * 2);
                source = Arrays.copyOf(source, size * 2);
                value = Arrays.copyOf(value, size * 2);
            }
            time[size] = t;
            source[size] = s;
            value[size] = v;
            size++;
        }

        /** The same events ordered by step (a stable counting sort over {@code steps} steps). */
        Events sortedByTime(int steps) {
            int[] start = new int[steps + 1];
            for (int e = 0; e < size; e++) {
                start[time[e] + 1]++;
            }
            for (int k = 0; k < steps; k++) {
                start[k + 1] += start[k];
            }
            Events out = new Events(size);
            out.size = size;
            for (int e = 0; e < size; e++) {
                int at = start[time[e]]++;
                out.time[at] = time[e];
                out.source[at] = source[e];
                out.value[at] = value[e];
            }
            return out;
        }
    }
}
