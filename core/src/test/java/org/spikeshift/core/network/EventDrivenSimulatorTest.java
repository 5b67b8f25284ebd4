package org.spikeshift.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.loop.DirectBuffers;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.SpikingLayer;

class EventDrivenSimulatorTest {

    private static final int CHANNELS = 12;
    private static final int STEPS = 30;
    private static final double BIN_MS = 2;

    /** Events of one sample: {times, channels}; on bin edges or anywhere inside the bins. */
    private static int[][] events(Random random, int count, boolean onEdges) {
        int[] times = new int[count];
        int[] channels = new int[count];
        for (int i = 0; i < count; i++) {
            int step = random.nextInt(STEPS + 2); // some past the window, dropped by both
            times[i] =
                    (int) (step * BIN_MS * 1000)
                            + (onEdges ? 0 : random.nextInt((int) (BIN_MS * 1000)));
            channels[i] = random.nextInt(CHANNELS);
        }
        return new int[][] {times, channels};
    }

    /** Statistics away from (0, 1), so that the folded shift drives the neurons between events. */
    private static void describeSomeData(SpikingNetwork net, NDManager manager) {
        net.setNormUpdates(0);
        net.forward(
                new ParameterStore(manager, false),
                new NDList(manager.randomUniform(0f, 1.5f, new Shape(8, STEPS, CHANNELS))),
                true);
    }

    @ParameterizedTest
    @EnumSource(
            value = NeuronKind.class,
            names = {"LIF", "ADLIF", "RADLIF", "STATE_SPACE"})
    void theExactNeuronReproducesTheTimeSteppedNetwork(NeuronKind kind) {
        try (NDManager manager = Engines.seededManager(41)) {
            NeuronKind trained = kind == NeuronKind.STATE_SPACE ? NeuronKind.ADLIF : kind;
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(CHANNELS, trained, new int[] {16, 10}, 4, BIN_MS)
                                    .withDropout(0),
                            manager);
            describeSomeData(net, manager);
            if (kind == NeuronKind.STATE_SPACE) { // an adapted network, in the general form
                net =
                        ModelAdapter.adapt(
                                        net,
                                        BIN_MS / 2,
                                        AdaptationOptions.of(AdaptationMethod.INTEGRAL),
                                        manager)
                                .network();
            }
            double bin = net.spec().binMs();
            int steps = (int) Math.round(STEPS * BIN_MS / bin);
            EventDrivenSimulator simulator =
                    new EventDrivenSimulator(net, EventDrivenSimulator.Neuron.EXACT, bin);
            ParameterStore ps = new ParameterStore(manager, false);
            Random random = new Random(3);
            int spikes = 0;
            for (boolean onEdges : new boolean[] {true, false}) {
                for (int trial = 0; trial < 4; trial++) {
                    int[][] sample = events(random, 150, onEdges);
                    NDArray x = frames(manager, sample, bin, steps);
                    EventDrivenSimulator.Result r =
                            simulator.run(sample[0], sample[1], steps, false);
                    float[] scores = net.forward(ps, new NDList(x), false).head().toFloatArray();
                    for (int c = 0; c < scores.length; c++) {
                        assertEquals(scores[c], r.scores()[c], 1e-3, "class " + c);
                    }
                    NDArray h = x;
                    for (int l = 0; l < net.layers().size(); l++) {
                        SpikingLayer layer = net.layers().get(l);
                        h = layer.forward(ps, new NDList(h), false).head();
                        float[] counts = h.sum(new int[] {1}).toFloatArray();
                        for (int j = 0; j < counts.length; j++) {
                            assertEquals(
                                    Math.round(counts[j]),
                                    r.spikeCounts()[l][j],
                                    "layer " + l + " neuron " + j);
                            spikes += r.spikeCounts()[l][j];
                        }
                    }
                }
            }
            assertTrue(spikes > 0, "the test must exercise spikes");
        }
    }

    /** The sample summed into frames at {@code binMs}, as binning does. */
    private static NDArray frames(NDManager manager, int[][] sample, double binMs, int steps) {
        float[] x = new float[steps * CHANNELS];
        for (int i = 0; i < sample[0].length; i++) {
            int step = (int) Math.floor(sample[0][i] / (binMs * 1000));
            if (step < steps) {
                x[step * CHANNELS + sample[1][i]] += 1;
            }
        }
        return manager.create(x, new Shape(1, steps, CHANNELS));
    }

    @Test
    void integrateAndFireEmitsFloorOfVOverThetaAndResetsBySubtraction() {
        try (NDManager manager = Engines.seededManager(42)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(2, NeuronKind.LIF, new int[] {1}, 2, 1).withDropout(0),
                            manager);
            SpikingLayer layer = net.layers().get(0);
            // W = (6, 25); BatchNorm the identity (running mean 0, var 1 - eps: scale 1, shift 0)
            DirectBuffers.write(
                    layer.projection().getParameters().get("weight").getArray(),
                    new float[] {6f, 25f});
            DirectBuffers.write(
                    layer.norm().getParameters().get("runningVar").getArray(),
                    new float[] {1 - SpikingLayer.BATCH_NORM_EPSILON});
            float gain = (float) layer.exportStateSpace()[0].bIn().x0(); // B_in,u = 1 - alpha
            EventDrivenSimulator simulator =
                    new EventDrivenSimulator(net, EventDrivenSimulator.Neuron.IF, 1);
            // potentials 6g, 12g, then + 25g, g = B_in,u
            EventDrivenSimulator.Result r =
                    simulator.run(new int[] {0, 1000, 2000}, new int[] {0, 0, 1}, 10, false);
            double v = 0;
            int expected = 0;
            for (float w : new float[] {6f, 6f, 25f}) {
                v += gain * w;
                if (v > 1) {
                    int c = (int) Math.floor(v);
                    expected += c;
                    v -= c;
                }
            }
            assertEquals(expected, r.spikeCounts()[0][0]);
            assertTrue(expected >= 1);
        }
    }

    @Test
    void recurrentIntegrateAndFireEndsAndConvolutionalLayersAreRefused() {
        try (NDManager manager = Engines.seededManager(43)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(CHANNELS, NeuronKind.RADLIF, new int[] {12}, 2, BIN_MS),
                            manager);
            describeSomeData(net, manager);
            EventDrivenSimulator.Result r =
                    new EventDrivenSimulator(net, EventDrivenSimulator.Neuron.IF, BIN_MS)
                            .run(
                                    events(new Random(5), 300, false)[0],
                                    events(new Random(5), 300, false)[1],
                                    STEPS,
                                    false);
            assertEquals(2, r.scores().length);
            SpikingNetwork conv =
                    SpikingNetwork.create(
                            NetworkSpec.of(2 * 4 * 4, NeuronKind.LIF, new int[] {4}, 2, 1)
                                    .withConvFront(
                                            new ConvStack(
                                                            java.util.List.of(2),
                                                            3,
                                                            1,
                                                            org.spikeshift.core.neuron.ConvShape
                                                                    .Pooling.AVG)
                                                    .layers(NeuronKind.LIF, new int[] {2, 4, 4})),
                            manager);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    new EventDrivenSimulator(
                                            conv, EventDrivenSimulator.Neuron.EXACT, 1));
            assertTrue(e.getMessage().contains("convolutional"));
        }
    }
}
