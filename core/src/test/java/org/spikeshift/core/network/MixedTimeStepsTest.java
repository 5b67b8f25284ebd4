package org.spikeshift.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;

class MixedTimeStepsTest {

    @Test
    void shrinkingFiveFramesToThreeSumsThePublishedGroups() {
        assertArrayEquals(new int[] {0, 2, 3, 5}, TimeResampling.boundaries(5, 3));
        try (NDManager manager = Engines.seededManager(1)) {
            NDArray x = manager.create(new float[] {1, 2, 4, 8, 16}, new Shape(1, 5, 1));
            assertArrayEquals(
                    new float[] {1 + 2, 4, 8 + 16}, TimeResampling.resample(x, 3).toFloatArray());
        }
    }

    @Test
    void growingThreeFramesToFiveCopiesEachFrameIntoItsGroup() {
        try (NDManager manager = Engines.seededManager(1)) {
            NDArray x = manager.create(new float[] {1, 10, 2, 20, 3, 30}, new Shape(1, 3, 2));
            assertArrayEquals(
                    new float[] {1, 10, 1, 10, 2, 20, 3, 30, 3, 30},
                    TimeResampling.resample(x, 5).toFloatArray());
        }
    }

    @Test
    void everyPairOfStepCountsPartitionsTheLongerAxisAndRoundTrips() {
        try (NDManager manager = Engines.seededManager(2)) {
            for (int longer = 1; longer <= 40; longer++) {
                for (int shorter = 1; shorter <= longer; shorter++) {
                    int[] b = TimeResampling.boundaries(longer, shorter);
                    assertEquals(0, b[0]);
                    assertEquals(longer, b[shorter]);
                    for (int k = 0; k < shorter; k++) {
                        assertTrue(
                                b[k + 1] > b[k], longer + " -> " + shorter + ": empty group " + k);
                    }
                }
            }
            // growing then shrinking gives each frame times its group size; the totals of
            // shrinking are kept exactly
            NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 7, 3));
            int[] b = TimeResampling.boundaries(17, 7);
            float[] there =
                    TimeResampling.resample(TimeResampling.resample(x, 17), 7).toFloatArray();
            float[] orig = x.toFloatArray();
            for (int batch = 0; batch < 2; batch++) {
                for (int t = 0; t < 7; t++) {
                    for (int c = 0; c < 3; c++) {
                        int i = (batch * 7 + t) * 3 + c;
                        assertEquals(orig[i] * (b[t + 1] - b[t]), there[i], 1e-5);
                    }
                }
            }
            NDArray fine = manager.randomUniform(0f, 1f, new Shape(2, 23, 3));
            assertEquals(
                    fine.sum().getFloat(), TimeResampling.resample(fine, 4).sum().getFloat(), 1e-4);
        }
    }

    @Test
    void configurationDrawsAreSeededAndEveryStageStaysInItsSet() {
        MixedTimeSteps bins =
                new MixedTimeSteps(
                        List.of(1.0, 2.0, 5.0, 10.0),
                        0,
                        0,
                        List.of(2, 1),
                        3,
                        MixedTimeSteps.Conversion.EULER);
        List<double[]> a = bins.draw(new Random(7), 300, 3);
        List<double[]> again = bins.draw(new Random(7), 300, 3);
        assertEquals(3, a.size());
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (int c = 0; c < a.size(); c++) {
            assertArrayEquals(a.get(c), again.get(c));
            for (double bin : a.get(c)) {
                assertTrue(bins.binsMs().contains(bin));
            }
            assertEquals(a.get(c)[0], a.get(c)[1], "blocks of one stage share its bin");
        }
        for (int i = 0; i < 200; i++) {
            for (double[] config : bins.draw(new Random(i), 300, 3)) {
                seen.add(config[2]);
            }
        }
        assertEquals(4, seen.size(), "every bin of the set is drawn");
        MixedTimeSteps steps =
                new MixedTimeSteps(null, 3, 6, null, 2, MixedTimeSteps.Conversion.NONE);
        for (int i = 0; i < 100; i++) {
            for (double[] config : steps.draw(new Random(i), 300, 3)) {
                for (double bin : config) {
                    long t = Math.round(300 / bin);
                    assertTrue(t >= 3 && t <= 6, "steps " + t);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> bins.stageOfBlock(4));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MixedTimeSteps(null, 5, 2, null, 3, MixedTimeSteps.Conversion.NONE));
    }

    private static SpikingNetwork mixedNetwork(NeuronKind kind, NDManager manager) {
        NetworkSpec spec =
                NetworkSpec.of(6, kind, new int[] {8, 7}, 3, 10)
                        .withDropout(0)
                        .withRanges(NeuronRanges.SPARCH_V2, 10)
                        .withMixed(
                                new MixedTimeSteps(
                                        List.of(5.0, 10.0),
                                        0,
                                        0,
                                        null,
                                        1,
                                        MixedTimeSteps.Conversion.EULER));
        return SpikingNetwork.create(spec, manager);
    }

    /**
     * A block run at another bin in training is exactly the network adapted by Euler's rule, and
     * its statistics update restated at the network's bin is the one the adapted network makes.
     */
    @ParameterizedTest
    @EnumSource(
            value = NeuronKind.class,
            names = {"LIF", "ADLIF", "RADLIF"})
    void aBlockAtAnotherBinRunsExactlyTheEulerAdaptedNetwork(NeuronKind kind) {
        try (NDManager manager = Engines.seededManager(31)) {
            SpikingNetwork net = mixedNetwork(kind, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray warm = manager.randomUniform(0f, 3f, new Shape(4, 10, 6));
            net.setNormUpdates(0);
            net.forward(ps, new NDList(warm), true); // statistics that describe some data
            double bin = 4;
            SpikingNetwork adapted = ModelAdapter.atBin(net, bin, manager);
            assertTrue(adapted != net);
            net.setNormUpdates(5);
            adapted.setNormUpdates(5);
            NDArray x = manager.randomUniform(0f, 1.2f, new Shape(4, 25, 6));
            net.setResolutions(
                    BlockResolutions.of(new int[] {25, 25, 25}, new double[] {0.4, 0.4, 0.4}));
            NDArray mixed = net.forward(ps, new NDList(x), true).head();
            net.setResolutions(null);
            NDArray plain = adapted.forward(ps, new NDList(x), true).head();
            assertEquals(0, Engines.maxAbsDiff(mixed, plain), 1e-4);
            SpikingNetwork restated = ModelAdapter.atBin(net, bin, manager);
            for (int l = 0; l < 2; l++) {
                for (String stat : List.of("runningMean", "runningVar")) {
                    float[] expected =
                            adapted.layers()
                                    .get(l)
                                    .norm()
                                    .getParameters()
                                    .get(stat)
                                    .getArray()
                                    .toFloatArray();
                    float[] actual =
                            restated.layers()
                                    .get(l)
                                    .norm()
                                    .getParameters()
                                    .get(stat)
                                    .getArray()
                                    .toFloatArray();
                    assertArrayEquals(
                            expected,
                            actual,
                            2e-4f * (1 + max(expected)),
                            "layer " + l + " " + stat);
                }
            }
            assertThrows(
                    IllegalStateException.class,
                    () -> {
                        net.setResolutions(
                                BlockResolutions.of(
                                        new int[] {25, 25, 25}, new double[] {0.4, 0.4, 0.4}));
                        net.forward(ps, new NDList(x), false);
                    });
        }
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    @Test
    void gradientsThroughTheConversionAgreeBetweenTheJvmAndEngineLoops() {
        List<float[]> grads = new ArrayList<>();
        for (TimeLoop loop : TimeLoop.values()) {
            try (NDManager manager = Engines.seededManager(32)) {
                SpikingNetwork net = mixedNetwork(NeuronKind.ADLIF, manager);
                net.setTimeLoop(loop);
                NDArray x = manager.randomUniform(0f, 1.5f, new Shape(4, 20, 6));
                ParameterStore ps = new ParameterStore(manager, false);
                net.setResolutions(
                        BlockResolutions.of(new int[] {20, 10, 40}, new double[] {0.5, 1, 0.25}));
                try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                        TimeLoopTape tape = TimeLoopTape.open()) {
                    NDArray loss =
                            net.forward(ps, new NDList(x), true, tape.params())
                                    .head()
                                    .logSoftmax(-1)
                                    .get(":, 0")
                                    .sum()
                                    .neg();
                    tape.backward(loss);
                }
                float[] g = new float[0];
                for (var p : net.getParameters()) {
                    if (p.getKey().endsWith("alpha")
                            || p.getKey().endsWith("beta") && !p.getKey().contains("norm")) {
                        try (NDArray grad = p.getValue().getArray().getGradient()) {
                            float[] more = grad.toFloatArray();
                            float[] joined = java.util.Arrays.copyOf(g, g.length + more.length);
                            System.arraycopy(more, 0, joined, g.length, more.length);
                            g = joined;
                        }
                    }
                }
                grads.add(g);
            }
        }
        assertTrue(max(grads.get(0)) > 0, "gradients reach the neuron parameters");
        assertArrayEquals(grads.get(1), grads.get(0), 2e-3f * max(grads.get(1)));
    }
}
