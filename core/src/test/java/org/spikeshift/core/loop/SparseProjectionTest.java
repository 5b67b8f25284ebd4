package org.spikeshift.core.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.AdLifLayer;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.SpikingLayer;

/** The sparse input product against a plain dense product, and inside whole networks. */
class SparseProjectionTest {

    private static final int BATCH = 4;
    private static final int STEPS = 30;
    private static final int INPUTS = 40;
    private static final int UNITS = 12;

    @Test
    void productAndWeightGradientEqualTheDenseSums() {
        Random random = new Random(3);
        int rows = 50;
        float[] x = new float[rows * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() < 0.05f ? 1 + random.nextInt(3) : 0;
        }
        float[] w = new float[UNITS * INPUTS];
        float[] g = new float[rows * UNITS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        SparseProjection product = SparseProjection.of(FloatBuffer.wrap(x), rows, INPUTS, 0.1f);
        assertNotNull(product);
        FloatBuffer out = FloatBuffer.allocate(rows * UNITS);
        product.forward(w, UNITS, out);
        float[] gradW = product.weightGradient(FloatBuffer.wrap(g), UNITS);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < UNITS; j++) {
                double sum = 0;
                for (int c = 0; c < INPUTS; c++) {
                    sum += x[r * INPUTS + c] * w[j * INPUTS + c];
                }
                assertEquals(sum, out.get(r * UNITS + j), 1e-5, "P[" + r + "," + j + "]");
            }
        }
        for (int j = 0; j < UNITS; j++) {
            for (int c = 0; c < INPUTS; c++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += g[r * UNITS + j] * x[r * INPUTS + c];
                }
                assertEquals(sum, gradW[j * INPUTS + c], 1e-4, "dW[" + j + "," + c + "]");
            }
        }
        assertEquals(
                product.density(),
                java.util.stream.IntStream.range(0, x.length).filter(i -> x[i] != 0).count()
                        / (double) x.length,
                1e-12);
    }

    @Test
    void denserInputsThanTheLimitKeepTheDenseProduct() {
        float[] x = new float[100];
        for (int i = 0; i < 11; i++) {
            x[i * 9] = 1;
        }
        assertNull(SparseProjection.of(FloatBuffer.wrap(x), 10, 10, 0.1f));
        x[99] = 0;
        x[9 * 9] = 0;
        assertNotNull(SparseProjection.of(FloatBuffer.wrap(x), 10, 10, 0.1f));
    }

    /** One training pass; the class scores and every gradient. */
    private static Map<String, float[]> pass(SpikingNetwork net, TimeLoop loop, NDArray x) {
        return pass(net, loop, x, null);
    }

    /** One training pass, the active inputs handed over or not; scores and every gradient. */
    private static Map<String, float[]> pass(
            SpikingNetwork net, TimeLoop loop, NDArray x, ActiveInputs active) {
        net.setTimeLoop(loop);
        ParameterStore ps = Engines.store(x.getManager());
        Map<String, float[]> out = new LinkedHashMap<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                TimeLoopTape tape = TimeLoopTape.open()) {
            NDList result = net.forward(ps, new NDList(x), true, LoopParams.of(tape, active));
            out.put("scores", result.head().toFloatArray());
            NDArray loss = result.head().log().get(":, 0").sum().neg().add(result.get(1));
            tape.backward(loss);
        }
        for (var p : net.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                try (NDArray g = parameter.getArray().getGradient()) {
                    out.put(p.getKey(), g.toFloatArray());
                    g.subi(g);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adlif", "radlif"})
    void aNetworkOnSparseInputTrainsAndInfersAsWithTheDenseProduct(String kind) {
        try (NDManager manager = Engines.seededManager(9)) {
            NetworkSpec spec =
                    NetworkSpec.of(INPUTS, NeuronKind.fromId(kind), new int[] {UNITS, UNITS}, 3, 1)
                            .withDropout(0f);
            SpikingNetwork net = SpikingNetwork.create(spec, manager);
            NDArray x =
                    manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS))
                            .gt(0.93)
                            .toType(DataType.FLOAT32, false);
            assertNotNull(
                    SparseProjection.of(
                            DirectBuffers.view(x),
                            BATCH * STEPS,
                            INPUTS,
                            SparseProjection.MAX_DENSITY),
                    "the input must take the sparse product");
            Map<String, float[]> dense = pass(net, TimeLoop.ENGINE, x);
            Map<String, float[]> sparse = pass(net, TimeLoop.JVM, x);
            assertEquals(dense.keySet(), sparse.keySet());
            assertArrayEquals(dense.get("scores"), sparse.get("scores"), 1e-5f, "class scores");
            String weight =
                    dense.keySet().stream()
                            .filter(k -> k.contains("linear") && k.endsWith("weight"))
                            .findFirst()
                            .orElseThrow();
            for (String name : dense.keySet()) {
                float[] d = dense.get(name);
                float[] s = sparse.get(name);
                double scale = 1e-6;
                for (float v : d) {
                    scale = Math.max(scale, Math.abs(v));
                }
                if (name.equals(weight)) {
                    assertTrue(scale > 1e-5, "the first layer's weights get a gradient");
                }
                for (int i = 0; i < d.length; i++) {
                    assertEquals(d[i], s[i], 2e-3 * scale, name + "[" + i + "]");
                }
            }
            net.setTimeLoop(TimeLoop.JVM);
            float[] inferred =
                    net.forward(Engines.store(manager), new NDList(x), false).head().toFloatArray();
            net.setTimeLoop(TimeLoop.ENGINE);
            assertArrayEquals(
                    net.forward(Engines.store(manager), new NDList(x), false).head().toFloatArray(),
                    inferred,
                    1e-5f,
                    "inference");
        }
    }

    /** One training pass of a layer fed by a traced input; the gradients of x and parameters. */
    private static Map<String, float[]> layerPass(SpikingLayer layer, TimeLoop loop, NDArray x) {
        layer.setTimeLoop(loop);
        ParameterStore ps = Engines.store(x.getManager());
        Map<String, float[]> out = new LinkedHashMap<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                TimeLoopTape tape = TimeLoopTape.open()) {
            NDList result = layer.forward(ps, new NDList(x), true, tape.params());
            out.put("spikes", result.head().toFloatArray());
            NDArray weights = x.getManager().arange((float) UNITS).add(1f).div(UNITS);
            tape.backward(result.head().mul(weights).sum().add(result.get(1)));
        }
        try (NDArray g = x.getGradient()) {
            out.put("x", g.toFloatArray());
            g.subi(g);
        }
        for (var p : layer.getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    out.put(p.getKey(), g.toFloatArray());
                    g.subi(g);
                }
            }
        }
        return out;
    }

    @Test
    void aLayerFedByAJvmLoopGetsItsInputGradientThroughTheSparseProduct() {
        try (NDManager manager = Engines.seededManager(11)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(UNITS).optThreshold(0.3f).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            NDArray x =
                    manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS))
                            .gt(0.95)
                            .toType(DataType.FLOAT32, false);
            x.setRequiresGradient(true);
            assertNotNull(
                    SparseProjection.of(
                            DirectBuffers.view(x),
                            BATCH * STEPS,
                            INPUTS,
                            SparseProjection.MAX_DENSITY));
            Map<String, float[]> dense = layerPass(layer, TimeLoop.ENGINE, x);
            Map<String, float[]> sparse = layerPass(layer, TimeLoop.JVM, x);
            assertEquals(dense.keySet(), sparse.keySet());
            assertArrayEquals(dense.get("spikes"), sparse.get("spikes"), 0f);
            for (String name : dense.keySet()) {
                float[] d = dense.get(name);
                float[] s = sparse.get(name);
                double scale = 1e-6;
                for (float v : d) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertTrue(scale > 1e-5 || name.equals("spikes"), name + " has a gradient");
                for (int i = 0; i < d.length; i++) {
                    assertEquals(d[i], s[i], 2e-3 * scale, name + "[" + i + "]");
                }
            }
        }
    }

    /** The active inputs of dense frames, as a data loader would hand them over. */
    private static ActiveInputs activeInputs(float[] x, int rows, int inputs) {
        int[] rowStarts = new int[rows + 1];
        java.util.List<Integer> columns = new java.util.ArrayList<>();
        java.util.List<Float> values = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < inputs; c++) {
                if (x[r * inputs + c] != 0) {
                    columns.add(c);
                    values.add(x[r * inputs + c]);
                }
            }
            rowStarts[r + 1] = columns.size();
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new ActiveInputs(
                rows, inputs, rowStarts, columns.stream().mapToInt(Integer::intValue).toArray(), v);
    }

    @Test
    void activeInputsFromTheDataLoaderGiveWhatTheScanGives() {
        try (NDManager manager = Engines.seededManager(12)) {
            NetworkSpec spec =
                    NetworkSpec.of(INPUTS, NeuronKind.ADLIF, new int[] {UNITS, UNITS}, 3, 1)
                            .withDropout(0f);
            SpikingNetwork net = SpikingNetwork.create(spec, manager);
            NDArray x =
                    manager.randomUniform(0, 1, new Shape(BATCH, STEPS, INPUTS))
                            .gt(0.95)
                            .toType(DataType.FLOAT32, false);
            ActiveInputs active = activeInputs(x.toFloatArray(), BATCH * STEPS, INPUTS);
            Map<String, float[]> scanned = pass(net, TimeLoop.JVM, x, null);
            Map<String, float[]> handed = pass(net, TimeLoop.JVM, x, active);
            assertEquals(scanned.keySet(), handed.keySet());
            for (String name : scanned.keySet()) {
                assertArrayEquals(scanned.get(name), handed.get(name), 0f, name);
            }
            // the index is what the first layer reads: half its entries silenced change the scores
            float[] halved = active.values().clone();
            for (int i = 0; i < halved.length; i += 2) {
                halved[i] = 0;
            }
            ActiveInputs lying =
                    new ActiveInputs(
                            active.rows(),
                            active.inputs(),
                            active.rowStarts(),
                            active.columns(),
                            halved);
            assertFalse(
                    java.util.Arrays.equals(
                            scanned.get("scores"),
                            pass(net, TimeLoop.JVM, x, lying).get("scores")));
            // an index of other frames is not used: a mismatched shape falls back to the scan
            ActiveInputs other = activeInputs(new float[2 * INPUTS], 2, INPUTS);
            assertArrayEquals(
                    scanned.get("scores"), pass(net, TimeLoop.JVM, x, other).get("scores"), 0f);
        }
    }
}
