package org.spikeshift.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.network.EventDrivenSimulator;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.transform.FrameMode;

/**
 * A split run through the {@link EventDrivenSimulator} from its raw events, measured against the
 * time-stepped network on the same window.
 */
public final class EventDrivenEvaluation {

    private EventDrivenEvaluation() {}

    /**
     * @param accuracy fraction of samples the event-driven run classifies correctly
     * @param spikeDifference SD = sum |s0 - s| / sum s0 over the last hidden layer's spike counts
     *     per sample and neuron, s0 time-stepped, s event-driven (NaN when s0 is all zero)
     * @param eventsPerSecond input events the simulator processed per second of wall time
     * @param events input events inside the window
     * @param samples samples evaluated
     */
    public record Outcome(
            double accuracy,
            double spikeDifference,
            double eventsPerSecond,
            long events,
            int samples) {}

    /**
     * @param net the network, run as it is
     * @param batches the split framed at the bin of the evaluation (its window and frame mode)
     * @param neuron the simulator's neuron model
     */
    public static Outcome evaluate(
            SpikingNetwork net,
            Batches batches,
            EventDrivenSimulator.Neuron neuron,
            int batchSize,
            NDManager manager) {
        FrameMode mode = batches.frames().mode();
        if (mode == FrameMode.MAX
                || batches.rebin() != null
                || batches.frames().transform() != null) {
            throw new IllegalArgumentException(
                    "event-driven inference feeds raw events: it needs sum or binary frames"
                            + " without re-binning or transforms, got frame mode "
                            + mode.name().toLowerCase(java.util.Locale.ROOT));
        }
        int steps = batches.steps();
        int[][] reference = lastLayerCounts(net, batches, batchSize, manager);
        EventDrivenSimulator simulator =
                new EventDrivenSimulator(net, neuron, batches.frames().binMs());
        long correct = 0;
        long events = 0;
        int n = batches.data().size();
        int[][] simulated = new int[n][];
        long start = System.nanoTime();
        int last = net.layers().size() - 1;
        for (int i = 0; i < n; i++) {
            EventSample sample = batches.data().samples().get(i);
            EventDrivenSimulator.Result r =
                    simulator.run(
                            sample.timesUs(), sample.channels(), steps, mode == FrameMode.BINARY);
            correct += r.predicted() == sample.label() ? 1 : 0;
            events += r.events();
            simulated[i] = r.spikeCounts()[last];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(
                n == 0 ? 0 : (double) correct / n,
                spikeDifference(reference, simulated),
                events / Math.max(seconds, 1e-9),
                events,
                n);
    }

    /** SD = sum |s0 - s| / sum s0 over every sample and neuron; NaN when s0 is all zero. */
    public static double spikeDifference(int[][] s0, int[][] s) {
        double difference = 0;
        double total = 0;
        for (int i = 0; i < s0.length; i++) {
            for (int j = 0; j < s0[i].length; j++) {
                difference += Math.abs(s0[i][j] - s[i][j]);
                total += s0[i][j];
            }
        }
        return total == 0 ? Double.NaN : difference / total;
    }

    /** The time-stepped network's spike counts of its last hidden layer, per sample and neuron. */
    private static int[][] lastLayerCounts(
            SpikingNetwork net, Batches batches, int batchSize, NDManager manager) {
        ParameterStore ps = new ParameterStore(manager, false);
        int[][] counts = new int[batches.data().size()][];
        for (int[] idx :
                batches.indexBatches(
                        Math.min(batchSize, net.largestBatch(batches.steps())), null)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray h = batches.input(scope, idx);
                for (SpikingLayer layer : net.layers()) {
                    h = layer.forward(ps, new NDList(h), false).head();
                }
                float[] c = h.sum(new int[] {1}).toFloatArray();
                int units = net.layers().get(net.layers().size() - 1).units();
                for (int b = 0; b < idx.length; b++) {
                    counts[idx[b]] = new int[units];
                    for (int j = 0; j < units; j++) {
                        counts[idx[b]][j] = Math.round(c[b * units + j]);
                    }
                }
            }
        }
        return counts;
    }
}
