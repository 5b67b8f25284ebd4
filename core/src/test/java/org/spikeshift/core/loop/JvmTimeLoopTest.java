package org.spikeshift.core.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.AdLifLayer;
import org.spikeshift.core.neuron.LifLayer;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.neuron.StateSpaceLayer;
import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.Vector2;
import org.spikeshift.core.surrogate.Surrogate;

/** The JVM time loop against the engine loop: same spikes to the bit, same gradients. */
class JvmTimeLoopTest {

    private static final int BATCH = 4;
    private static final int STEPS = 30;
    private static final int INPUTS = 16;
    private static final int UNITS = 12;

    private static SpikingLayer layer(String kind, Surrogate surrogate) {
        return switch (kind) {
            case "lif" ->
                    LifLayer.builder()
                            .setUnits(UNITS)
                            .optSurrogate(surrogate)
                            .optThreshold(0.2f)
                            .build();
            case "adlif" -> AdLifLayer.builder().setUnits(UNITS).optSurrogate(surrogate).build();
            default -> StateSpaceLayer.builder().setUnits(UNITS).optSurrogate(surrogate).build();
        };
    }

    /** A state space with every entry non-zero, B_in reaching w included. */
    private static void randomStateSpace(StateSpaceLayer layer, long seed) {
        Random r = new Random(seed);
        NeuronStateSpace[] neurons = new NeuronStateSpace[UNITS];
        for (int i = 0; i < UNITS; i++) {
            neurons[i] =
                    new NeuronStateSpace(
                            new Matrix2(
                                    0.7 + 0.2 * r.nextDouble(),
                                    -0.1 * r.nextDouble(),
                                    0.3 * r.nextDouble(),
                                    0.8 + 0.1 * r.nextDouble()),
                            new Vector2(0.2 + 0.3 * r.nextDouble(), 0.1 * r.nextDouble()),
                            new Vector2(-0.9 * r.nextDouble(), 0.5 * r.nextDouble()));
        }
        layer.setStateSpace(neurons);
    }

    /** Forward of two stacked layers and a fixed readout; returns the output and every gradient. */
    private static Map<String, float[]> run(
            List<SpikingLayer> layers,
            TimeLoop loop,
            NDArray x,
            NDArray readout,
            List<float[]> outputs) {
        layers.forEach(l -> l.setTimeLoop(loop));
        ParameterStore ps = Engines.store(x.getManager());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                NDManager batch = x.getManager().newSubManager()) {
            TimeLoopTape tape = loop == TimeLoop.JVM ? TimeLoopTape.open() : null;
            try {
                PairList<String, Object> params = tape == null ? null : tape.params();
                NDList first = layers.get(0).forward(ps, new NDList(x), true, params);
                NDList second = layers.get(1).forward(ps, new NDList(first.head()), true, params);
                outputs.add(first.head().toFloatArray());
                outputs.add(second.head().toFloatArray());
                NDArray loss =
                        second.head().mul(readout).sum().add(first.get(1)).add(second.get(1));
                if (tape != null) {
                    tape.backward(loss);
                } else {
                    collector.backward(loss);
                }
            } finally {
                if (tape != null) {
                    tape.close();
                }
            }
        }
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            takeGradients(layers.get(l).getParameters(), l + "/", grads);
        }
        return grads;
    }

    /**
     * Moves every trainable parameter's gradient into {@code out} (as {@code prefix + name}),
     * zeroing it.
     */
    private static void takeGradients(
            PairList<String, Parameter> parameters, String prefix, Map<String, float[]> out) {
        for (var p : parameters) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    out.put(prefix + p.getKey(), g.toFloatArray());
                    g.subi(g);
                }
            }
        }
    }

    /**
     * Each gradient within 2e-3 of its largest engine entry; optionally none of them all zero. Most
     * agree to 1e-5; the loose bound is for the fast-sigmoid adLIF case, whose alpha gradient moves
     * by 1e-3 when the batch mean moves by one float ulp (the JVM sums statistics in double, the
     * engine in float).
     */
    private static void assertGradientsAgree(
            Map<String, float[]> engine, Map<String, float[]> jvm, boolean nonZero) {
        for (String name : engine.keySet()) {
            float[] e = engine.get(name);
            float[] j = jvm.get(name);
            double scale = 1e-6;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            if (nonZero) {
                assertTrue(scale > 1e-5, name + " has no gradient on the engine");
            }
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], j[i], 2e-3 * scale, name + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "lif, boxcar",
        "adlif, boxcar",
        "adlif, fast-sigmoid",
        "adlif, arctan",
        "state-space, triangle"
    })
    void jvmAndEngineLoopsAgreeOnSpikesAndGradients(String kind, String surrogateId) {
        Surrogate surrogate = Surrogate.fromId(surrogateId);
        try (NDManager manager = Engines.seededManager(5)) {
            List<SpikingLayer> layers = List.of(layer(kind, surrogate), layer(kind, surrogate));
            layers.get(0).initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            layers.get(1).initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, UNITS));
            if (layers.get(0) instanceof StateSpaceLayer) {
                randomStateSpace((StateSpaceLayer) layers.get(0), 1);
                randomStateSpace((StateSpaceLayer) layers.get(1), 2);
            }
            NDArray x =
                    manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS))
                            .gt(0.7)
                            .toType(DataType.FLOAT32, false);
            NDArray readout = manager.randomNormal(new Shape(BATCH, STEPS, UNITS));
            List<float[]> engineOut = new ArrayList<>();
            List<float[]> jvmOut = new ArrayList<>();
            Map<String, float[]> engine = run(layers, TimeLoop.ENGINE, x, readout, engineOut);
            Map<String, float[]> jvm = run(layers, TimeLoop.JVM, x, readout, jvmOut);
            double spikes = 0;
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(engineOut.get(l), jvmOut.get(l), 0f, "layer " + l + " spikes");
                for (float s : engineOut.get(l)) {
                    spikes += s;
                }
            }
            assertTrue(spikes > 20, "the layers must spike: " + spikes);
            assertEquals(engine.keySet(), jvm.keySet());
            assertTrue(engine.size() >= 4, "trainable parameters " + engine.keySet());
            assertGradientsAgree(engine, jvm, true);
        }
    }

    @Test
    void foldedBatchNormUpdatesRunningStatisticsAndInfersAsTheEngine() {
        List<SpikingLayer> layers = new ArrayList<>();
        List<float[]> trainOut = new ArrayList<>();
        List<NDManager> managers = List.of(Engines.seededManager(9), Engines.seededManager(9));
        try {
            NDArray x =
                    managers.get(0)
                            .randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS))
                            .gt(0.7)
                            .toType(DataType.FLOAT32, false);
            for (TimeLoop loop : List.of(TimeLoop.ENGINE, TimeLoop.JVM)) {
                NDManager manager = managers.get(layers.size());
                SpikingLayer layer = layer("adlif", Surrogate.BOXCAR);
                Engine.getEngine("PyTorch")
                        .setRandomSeed(3); // the same initial parameters for both
                layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
                layer.setTimeLoop(loop);
                layers.add(layer);
                ParameterStore ps = Engines.store(manager);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                        TimeLoopTape tape = TimeLoopTape.open()) {
                    NDArray out = layer.forward(ps, new NDList(x), true, tape.params()).head();
                    trainOut.add(out.toFloatArray());
                    tape.backward(out.sum());
                }
            }
            assertArrayEquals(trainOut.get(0), trainOut.get(1), 0f);
            for (String stat : List.of("runningMean", "runningVar")) {
                float[] engine =
                        layers.get(0).norm().getParameters().get(stat).getArray().toFloatArray();
                float[] jvm =
                        layers.get(1).norm().getParameters().get(stat).getArray().toFloatArray();
                assertTrue(
                        Math.abs(engine[0] - (stat.equals("runningMean") ? 0f : 1f)) > 1e-4,
                        stat + " moved");
                assertArrayEquals(engine, jvm, 1e-5f, stat);
            }
            float[][] inferred = new float[2][];
            for (int l = 0; l < 2; l++) {
                inferred[l] =
                        layers.get(l)
                                .forward(Engines.store(managers.get(l)), new NDList(x), false)
                                .head()
                                .toFloatArray();
            }
            assertArrayEquals(
                    inferred[0], inferred[1], 0f, "inference with the running statistics");
        } finally {
            managers.forEach(NDManager::close);
        }
    }

    @Test
    void samplesProcessedTogetherGiveWhatEachGivesAlone() {
        int n = 6;
        int batch = 5;
        int steps = 40;
        int block = steps * n;
        Random r = new Random(11);
        float[] c = new float[Recurrence.ROWS * n];
        for (int k = 0; k < c.length; k++) {
            c[k] = (float) (0.4 * r.nextDouble() - 0.1);
        }
        float[] gamma = {1.2f, 0.8f, 1f, 1.1f, 0.9f, 1f};
        float[] zero = new float[n];
        JvmBatchNorm.Affine affine =
                JvmBatchNorm.Affine.of(gamma, zero, zero, gamma); // any fixed affine
        JvmTimeLoop loop =
                new JvmTimeLoop(
                        c,
                        n,
                        0.3f,
                        Surrogate.FAST_SIGMOID,
                        Surrogate.FAST_SIGMOID.defaultScale(),
                        true,
                        true,
                        0f,
                        0,
                        affine);
        java.nio.FloatBuffer x = java.nio.FloatBuffer.allocate(batch * block);
        java.nio.FloatBuffer gradOut = java.nio.FloatBuffer.allocate(batch * block);
        for (int k = 0; k < x.capacity(); k++) {
            x.put(k, (float) r.nextGaussian());
            gradOut.put(k, (float) r.nextGaussian());
        }
        java.nio.FloatBuffer out = java.nio.FloatBuffer.allocate(batch * block);
        java.nio.FloatBuffer u = java.nio.FloatBuffer.allocate(batch * block);
        java.nio.FloatBuffer w = java.nio.FloatBuffer.allocate(batch * block);
        java.nio.FloatBuffer gradX = java.nio.FloatBuffer.allocate(batch * block);
        JvmTimeLoop.Trace trace = loop.forward(x, batch, steps, out, u, w);
        assertTrue(trace.spikeCount() > 50, "spikes " + trace.spikeCount());
        JvmTimeLoop.Gradient together = loop.backward(trace, x, gradOut, 0.01f, gradX);
        double[] coefficientSum = new double[together.coefficients().length];
        double[] gradSum = new double[n];
        for (int b = 0; b < batch; b++) {
            java.nio.FloatBuffer xb = x.slice(b * block, block);
            java.nio.FloatBuffer outB = java.nio.FloatBuffer.allocate(block);
            java.nio.FloatBuffer gradXb = java.nio.FloatBuffer.allocate(block);
            JvmTimeLoop.Gradient alone =
                    loop.backward(
                            loop.forward(
                                    xb,
                                    1,
                                    steps,
                                    outB,
                                    java.nio.FloatBuffer.allocate(block),
                                    java.nio.FloatBuffer.allocate(block)),
                            xb,
                            gradOut.slice(b * block, block),
                            0.01f,
                            gradXb);
            for (int k = 0; k < block; k++) {
                assertEquals(
                        out.get(b * block + k), outB.get(k), 0f, "spike " + k + " of sample " + b);
                assertEquals(
                        gradX.get(b * block + k),
                        gradXb.get(k),
                        0f,
                        "input gradient " + k + " of sample " + b);
            }
            for (int j = 0; j < coefficientSum.length; j++) {
                coefficientSum[j] += alone.coefficients()[j];
            }
            for (int i = 0; i < n; i++) {
                gradSum[i] += alone.gradSum()[i];
            }
        }
        for (int j = 0; j < coefficientSum.length; j++) {
            assertEquals(
                    coefficientSum[j],
                    together.coefficients()[j],
                    1e-4 * (1 + Math.abs(coefficientSum[j])));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(gradSum[i], together.gradSum()[i], 1e-4 * (1 + Math.abs(gradSum[i])));
        }
    }

    @Test
    void spikesOnlyWhereTheMembraneExceedsTheThresholdStrictly() {
        float threshold = 0.75f;
        float[] u = {
            threshold,
            Math.nextUp(threshold),
            Math.nextDown(threshold),
            1e30f,
            -1e30f,
            Float.MIN_VALUE,
            0f
        };
        int n = u.length;
        float[] c = new float[Recurrence.ROWS * n];
        java.util.Arrays.fill(
                c, Recurrence.BIN0 * n, Recurrence.BIN0 * n + n, 1f); // u = I, no memory
        JvmTimeLoop loop =
                new JvmTimeLoop(
                        c,
                        n,
                        threshold,
                        Surrogate.BOXCAR,
                        Surrogate.BOXCAR.defaultScale(),
                        false,
                        false,
                        0f,
                        0,
                        null);
        java.nio.FloatBuffer spikes = java.nio.FloatBuffer.allocate(n);
        JvmTimeLoop.Trace trace =
                loop.forward(java.nio.FloatBuffer.wrap(u), 1, 1, spikes, null, null);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0, 0}, spikes.array(), 0f);
        assertEquals(2, trace.spikeCount(), 0);
    }

    @Test
    void dropoutKeepsTheExpectedShareOfElements() {
        int block = 100_000;
        for (float rate : new float[] {0.1f, 0.5f, 0.9f}) {
            JvmTimeLoop loop =
                    new JvmTimeLoop(
                            new float[Recurrence.ROWS],
                            1,
                            1f,
                            Surrogate.BOXCAR,
                            Surrogate.BOXCAR.defaultScale(),
                            false,
                            false,
                            rate,
                            7,
                            null);
            int kept = 0;
            int keptTwice = 0;
            for (int k = 0; k < block; k++) {
                boolean keep = loop.kept(0, k);
                kept += keep ? 1 : 0;
                keptTwice += keep && loop.kept(0, k + 1) ? 1 : 0;
            }
            double share = kept / (double) block;
            assertEquals(1 - rate, share, 0.01, "kept share at rate " + rate);
            // neighbouring elements independent: both kept about (1 - p)^2 of the time
            assertEquals(
                    (1 - rate) * (1 - rate),
                    keptTwice / (double) block,
                    0.01,
                    "pairs at rate " + rate);
        }
    }

    @Test
    void dropoutScalesKeptSpikesAndGradientsByTheSameMask() {
        int n = 6;
        int batch = 3;
        int steps = 50;
        float[] c = new float[Recurrence.ROWS * n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            c[Recurrence.A00 * n + i] = 0.8f;
            c[Recurrence.A01 * n + i] = -0.1f;
            c[Recurrence.A11 * n + i] = 0.9f;
            c[Recurrence.BS0 * n + i] = -0.8f;
            c[Recurrence.BS1 * n + i] = 0.3f;
            c[Recurrence.BIN0 * n + i] = 1f;
        }
        java.nio.FloatBuffer du = java.nio.FloatBuffer.allocate(batch * steps * n);
        java.nio.FloatBuffer gradOut = java.nio.FloatBuffer.allocate(du.capacity());
        for (int k = 0; k < du.capacity(); k++) {
            du.put(k, (float) (0.6 * r.nextDouble()));
            gradOut.put(k, (float) r.nextGaussian());
        }
        JvmTimeLoop plain =
                new JvmTimeLoop(
                        c,
                        n,
                        1f,
                        Surrogate.BOXCAR,
                        Surrogate.BOXCAR.defaultScale(),
                        true,
                        false,
                        0f,
                        0,
                        null);
        JvmTimeLoop dropped =
                new JvmTimeLoop(
                        c,
                        n,
                        1f,
                        Surrogate.BOXCAR,
                        Surrogate.BOXCAR.defaultScale(),
                        true,
                        false,
                        0.5f,
                        42,
                        null);
        java.nio.FloatBuffer spikes = java.nio.FloatBuffer.allocate(du.capacity());
        java.nio.FloatBuffer out = java.nio.FloatBuffer.allocate(du.capacity());
        JvmTimeLoop.Trace plainTrace =
                plain.forward(
                        du,
                        batch,
                        steps,
                        spikes,
                        java.nio.FloatBuffer.allocate(du.capacity()),
                        java.nio.FloatBuffer.allocate(du.capacity()));
        JvmTimeLoop.Trace droppedTrace =
                dropped.forward(
                        du,
                        batch,
                        steps,
                        out,
                        java.nio.FloatBuffer.allocate(du.capacity()),
                        java.nio.FloatBuffer.allocate(du.capacity()));
        assertEquals(
                plainTrace.spikeCount(), droppedTrace.spikeCount(), "dropout acts after the rate");
        java.nio.FloatBuffer maskedGrad = java.nio.FloatBuffer.allocate(du.capacity());
        int kept = 0;
        int block = steps * n;
        for (int k = 0; k < du.capacity(); k++) {
            boolean keep = dropped.kept(k / block, k % block);
            float mask = keep ? 2f : 0f;
            kept += keep ? 1 : 0;
            assertEquals(spikes.get(k) * mask, out.get(k), 0f);
            maskedGrad.put(k, gradOut.get(k) * mask);
        }
        assertEquals(0.5, kept / (double) du.capacity(), 0.06, "about half the elements are kept");
        java.nio.FloatBuffer gradDuPlain = java.nio.FloatBuffer.allocate(du.capacity());
        java.nio.FloatBuffer gradDuDropped = java.nio.FloatBuffer.allocate(du.capacity());
        float[] coefPlain =
                plain.backward(plainTrace, du, maskedGrad, 0.01f, gradDuPlain).coefficients();
        float[] coefDropped =
                dropped.backward(droppedTrace, du, gradOut, 0.01f, gradDuDropped).coefficients();
        assertArrayEquals(coefPlain, coefDropped, 0f);
        assertArrayEquals(gradDuPlain.array(), gradDuDropped.array(), 0f);
        assertTrue(plainTrace.spikeCount() > 10, "spikes " + plainTrace.spikeCount());
        // working arrays are reused across passes: a longer pass in between must not leak into this
        // one
        java.nio.FloatBuffer longer = java.nio.FloatBuffer.allocate(batch * 4 * steps * n);
        for (int k = 0; k < longer.capacity(); k++) {
            longer.put(k, 5f);
        }
        plain.forward(
                longer,
                batch,
                4 * steps,
                java.nio.FloatBuffer.allocate(longer.capacity()),
                java.nio.FloatBuffer.allocate(longer.capacity()),
                java.nio.FloatBuffer.allocate(longer.capacity()));
        java.nio.FloatBuffer again = java.nio.FloatBuffer.allocate(du.capacity());
        java.nio.FloatBuffer gradAgain = java.nio.FloatBuffer.allocate(du.capacity());
        JvmTimeLoop.Trace againTrace =
                plain.forward(
                        du,
                        batch,
                        steps,
                        again,
                        java.nio.FloatBuffer.allocate(du.capacity()),
                        java.nio.FloatBuffer.allocate(du.capacity()));
        assertArrayEquals(spikes.array(), again.array(), 0f);
        assertArrayEquals(
                coefPlain,
                plain.backward(againTrace, du, maskedGrad, 0.01f, gradAgain).coefficients(),
                0f);
        assertArrayEquals(gradDuPlain.array(), gradAgain.array(), 0f);
    }

    /** One training pass of a whole network (two adLIF layers and the readout); every gradient. */
    private static Map<String, float[]> networkPass(
            SpikingNetwork net, TimeLoop loop, NDArray x, NDArray oneHot, List<float[]> outputs) {
        net.setTimeLoop(loop);
        ParameterStore ps = Engines.store(x.getManager());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                TimeLoopTape tape = TimeLoopTape.open()) {
            NDList out = net.forward(ps, new NDList(x), true, tape.params());
            outputs.add(out.head().toFloatArray());
            NDArray loss = out.head().log().mul(oneHot).sum().neg().add(out.get(1)).add(out.get(2));
            tape.backward(loss);
        }
        Map<String, float[]> grads = new LinkedHashMap<>();
        takeGradients(net.getParameters(), "", grads);
        return grads;
    }

    @Test
    void aWholeNetworkTrainsTheSameOnTheJvmAndOnTheEngine() {
        try (NDManager manager = Engines.seededManager(8)) {
            NetworkSpec spec =
                    NetworkSpec.of(INPUTS, NeuronKind.ADLIF, new int[] {UNITS, UNITS}, 5, 1)
                            .withDropout(0f);
            SpikingNetwork net = SpikingNetwork.create(spec, manager);
            NDArray x =
                    manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS))
                            .gt(0.6)
                            .toType(DataType.FLOAT32, false);
            NDArray oneHot =
                    manager.create(
                            new float[] {
                                1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0
                            },
                            new Shape(BATCH, 5));
            List<float[]> engineOut = new ArrayList<>();
            List<float[]> jvmOut = new ArrayList<>();
            Map<String, float[]> engine = networkPass(net, TimeLoop.ENGINE, x, oneHot, engineOut);
            Map<String, float[]> jvm = networkPass(net, TimeLoop.JVM, x, oneHot, jvmOut);
            // the folded BatchNorms round their statistics differently: equal to float precision
            assertArrayEquals(engineOut.get(0), jvmOut.get(0), 1e-5f, "class scores");
            assertEquals(engine.keySet(), jvm.keySet());
            assertTrue(
                    engine.keySet().stream()
                            .anyMatch(k -> k.contains("readout") && k.contains("alpha")),
                    engine.keySet().toString());
            assertGradientsAgree(engine, jvm, false);
        }
    }

    @Test
    void inferenceAndTrajectoriesMatchTheEngineLoop() {
        try (NDManager manager = Engines.seededManager(6)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(UNITS).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            NDArray x = manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS));
            ParameterStore ps = Engines.store(manager);
            layer.setTimeLoop(TimeLoop.ENGINE);
            NDList engine = layer.trajectories(ps, x);
            layer.setTimeLoop(TimeLoop.JVM);
            NDList jvm = layer.trajectories(ps, x);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(
                        engine.get(k).toFloatArray(),
                        jvm.get(k).toFloatArray(),
                        0f,
                        "trajectory " + k);
            }
        }
    }

    @Test
    void aTrainingPassWithoutATapeRunsOnTheEngineWithTheSameGradients() {
        try (TimeLoopTape tape = TimeLoopTape.open()) {
            assertTrue(TimeLoop.JVM.backend(true, true, tape) instanceof JvmBackend);
            assertTrue(TimeLoop.JVM.backend(true, true, null) instanceof EngineBackend);
            assertTrue(TimeLoop.JVM.backend(true, false, null) instanceof JvmBackend);
            assertTrue(TimeLoop.JVM.backend(false, true, tape) instanceof EngineBackend);
            assertTrue(TimeLoop.ENGINE.backend(true, true, tape) instanceof EngineBackend);
            assertTrue(TimeLoopTape.in(tape.params()) == tape);
            assertTrue(TimeLoopTape.in(null) == null);
        }
        float[][] gradients = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager manager = Engines.seededManager(7)) {
                AdLifLayer layer = AdLifLayer.builder().setUnits(UNITS).build();
                layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
                NDArray x = manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS));
                ParameterStore ps = Engines.store(manager);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                        TimeLoopTape tape = TimeLoopTape.open()) {
                    NDArray loss =
                            layer.forward(ps, new NDList(x), true, run == 0 ? null : tape.params())
                                    .head()
                                    .sum();
                    if (run == 0) {
                        collector.backward(loss);
                    } else {
                        tape.backward(loss);
                    }
                }
                gradients[run] =
                        layer.projection()
                                .getParameters()
                                .get("weight")
                                .getArray()
                                .getGradient()
                                .toFloatArray();
            }
        }
        assertTrue(Arrays.stream(toDoubles(gradients[0])).anyMatch(g -> g != 0), "no gradient");
        assertArrayEquals(gradients[0], gradients[1], 1e-4f);
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Test
    void arraysTheLoopsCannotShareFailFastInsteadOfWritingIntoACopy() {
        try (NDManager manager = Engines.seededManager(9)) {
            NDArray doubles = manager.zeros(new Shape(2, 3), DataType.FLOAT64);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> DirectBuffers.view(doubles));
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
            NDArray floats = manager.zeros(new Shape(2, 3));
            DirectBuffers.view(floats).put(4, 7f);
            assertEquals(7f, floats.toFloatArray()[4]);
        }
    }
}
