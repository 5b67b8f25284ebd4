package org.spikeshift.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.spikeshift.core.Engines;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.PublishedNeurons;

class NeuronBlocksTest {

    private static final int BATCH = 3;
    private static final int STEPS = 40;
    private static final int INPUTS = 12;
    private static final int UNITS = 10;

    /** I = BN(W x) in inference mode with fresh statistics: W x / sqrt(1 + eps). */
    private static double[][][] currentOf(SpikingLayer layer, NDArray x) {
        float[] w = layer.projection().getParameters().get("weight").getArray().toFloatArray();
        double[][][] in = Engines.to3d(x);
        double scale = 1 / Math.sqrt(1 + 1e-5);
        double[][][] out = new double[BATCH][STEPS][UNITS];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                for (int n = 0; n < UNITS; n++) {
                    double sum = 0;
                    for (int c = 0; c < INPUTS; c++) {
                        sum += w[n * INPUTS + c] * in[b][t][c];
                    }
                    out[b][t][n] = sum * scale;
                }
            }
        }
        return out;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void assertSameSpikes(double[][][] expected, NDArray actual) {
        double[][][] got = Engines.to3d(actual);
        int spikes = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                assertArrayEquals(expected[b][t], got[b][t], 0, "b=" + b + " t=" + t);
                for (double s : expected[b][t]) {
                    spikes += (int) s;
                }
            }
        }
        assertTrue(spikes > 20, "the comparison needs spikes, got " + spikes);
    }

    private static NDArray input(NDManager manager) {
        return manager.randomUniform(0f, 1f, new Shape(BATCH, STEPS, INPUTS)).mul(3f);
    }

    @Test
    void lifMatchesScalarEquations() {
        try (NDManager manager = Engines.seededManager(11)) {
            LifLayer layer = LifLayer.builder().setUnits(UNITS).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            NDArray x = input(manager);
            NDList out = layer.forward(Engines.store(manager), new NDList(x), false);
            double[] alpha = doubles(layer.alpha().getArray().toFloatArray());
            double[][][] expected =
                    ScalarReference.simulate(
                            currentOf(layer, x), alpha, null, null, null, null, false, null);
            assertSameSpikes(expected, out.get(0));
        }
    }

    @Test
    void adLifMatchesScalarEquations() {
        try (NDManager manager = Engines.seededManager(12)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(UNITS).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            NDArray x = input(manager);
            NDList out = layer.forward(Engines.store(manager), new NDList(x), false);
            double[][][] expected =
                    ScalarReference.simulate(
                            currentOf(layer, x),
                            doubles(layer.alpha().getArray().toFloatArray()),
                            doubles(layer.beta().getArray().toFloatArray()),
                            doubles(layer.a().getArray().toFloatArray()),
                            doubles(layer.b().getArray().toFloatArray()),
                            null,
                            true,
                            null);
            assertSameSpikes(expected, out.get(0));
        }
    }

    @Test
    void radLifMatchesScalarEquationsWithZeroDiagonal() {
        try (NDManager manager = Engines.seededManager(13)) {
            RadLifLayer layer = RadLifLayer.builder().setUnits(UNITS).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            // a large diagonal must have no effect
            float[] v = layer.recurrent().getArray().toFloatArray();
            double[][] vm = new double[UNITS][UNITS];
            for (int i = 0; i < UNITS; i++) {
                v[i * UNITS + i] = 5f;
                for (int j = 0; j < UNITS; j++) {
                    vm[i][j] = v[i * UNITS + j];
                }
            }
            layer.recurrent().getArray().set(v);
            NDArray x = input(manager);
            NDList out = layer.forward(Engines.store(manager), new NDList(x), false);
            double[][][] expected =
                    ScalarReference.simulate(
                            currentOf(layer, x),
                            doubles(layer.alpha().getArray().toFloatArray()),
                            doubles(layer.beta().getArray().toFloatArray()),
                            doubles(layer.a().getArray().toFloatArray()),
                            doubles(layer.b().getArray().toFloatArray()),
                            vm,
                            true,
                            null);
            assertSameSpikes(expected, out.get(0));
        }
    }

    @Test
    void parametersAreClampedToTheirRangesInTheForwardPass() {
        try (NDManager manager = Engines.seededManager(14)) {
            LifLayer layer = LifLayer.builder().setUnits(UNITS).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            NDArray x = input(manager).mul(4f);
            float[] alpha = new float[UNITS];
            java.util.Arrays.fill(alpha, 0.1f); // below the range: the forward must use min
            layer.alpha().getArray().set(alpha);
            NDList out = layer.forward(Engines.store(manager), new NDList(x), false);
            double[] clamped = new double[UNITS];
            java.util.Arrays.fill(clamped, NeuronRanges.SPARCH.bounds().alpha().min());
            double[][][] expected =
                    ScalarReference.simulate(
                            currentOf(layer, x), clamped, null, null, null, null, false, null);
            assertSameSpikes(expected, out.get(0));
        }
    }

    @Test
    void rangeInitialisationStaysInsideTheRanges() {
        try (NDManager manager = Engines.seededManager(15)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(500).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 4));
            RangeBounds r = NeuronRanges.SPARCH.bounds();
            for (float v : layer.beta().getArray().toFloatArray()) {
                assertTrue(v >= r.beta().min() && v <= r.beta().max(), "beta " + v);
            }
            for (float v : layer.b().getArray().toFloatArray()) {
                assertTrue(v >= 0 && v <= 2, "b " + v);
            }
        }
    }

    @Test
    void everyTrainableParameterGetsAFiniteGradient() {
        try (NDManager manager = Engines.seededManager(16)) {
            RadLifLayer layer = RadLifLayer.builder().setUnits(UNITS).optDropout(0.1f).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            ParameterStore ps = Engines.store(manager);
            try (var collector = ai.djl.engine.Engine.getInstance().newGradientCollector();
                    NDManager batch = manager.newSubManager()) {
                NDArray x = input(batch);
                NDArray out = layer.forward(ps, new NDList(x), true).get(0);
                collector.backward(out.mul(batch.full(new Shape(), 0.5f)).sum());
            }
            System.gc();
            for (var p : layer.getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    float[] v = g.toFloatArray();
                    double norm = 0;
                    for (float f : v) {
                        assertTrue(
                                Float.isFinite(f) && Math.abs(f) < 1e6,
                                p.getKey() + " gradient " + f);
                        norm += f * f;
                    }
                    assertTrue(norm > 0, p.getKey() + " has a zero gradient");
                }
            }
        }
    }

    @Test
    void outputShapesFollowTheInput() {
        try (NDManager manager = Engines.seededManager(17)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(UNITS).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            NDList out = layer.forward(Engines.store(manager), new NDList(input(manager)), false);
            assertEquals(new Shape(BATCH, STEPS, UNITS), out.get(0).getShape());
            assertEquals(new Shape(), out.get(1).getShape());
        }
    }

    @Test
    void layersExportThePublishedStateSpaces() {
        try (NDManager manager = Engines.seededManager(4)) {
            AdLifLayer adLif = AdLifLayer.builder().setUnits(UNITS).build();
            LifLayer lif = LifLayer.builder().setUnits(UNITS).build();
            for (SpikingLayer layer : new SpikingLayer[] {adLif, lif}) {
                layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, STEPS, INPUTS));
            }
            float[] alpha = adLif.alpha().getArray().toFloatArray();
            float[] beta = adLif.beta().getArray().toFloatArray();
            float[] a = adLif.a().getArray().toFloatArray();
            float[] b = adLif.b().getArray().toFloatArray();
            float[] lifAlpha = lif.alpha().getArray().toFloatArray();
            NeuronStateSpace[] adLifForms = adLif.exportStateSpace();
            NeuronStateSpace[] lifForms = lif.exportStateSpace();
            for (int i = 0; i < UNITS; i++) {
                assertSameForm(
                        PublishedNeurons.adLif(alpha[i], beta[i], a[i], b[i]), adLifForms[i]);
                assertSameForm(PublishedNeurons.lif(lifAlpha[i]), lifForms[i]);
            }
        }
    }

    private static void assertSameForm(NeuronStateSpace expected, NeuronStateSpace actual) {
        double[] e = {
            expected.a().m00(), expected.a().m01(), expected.a().m10(), expected.a().m11(),
            expected.bIn().x0(), expected.bIn().x1(), expected.bS().x0(), expected.bS().x1()
        };
        double[] g = {
            actual.a().m00(), actual.a().m01(), actual.a().m10(), actual.a().m11(),
            actual.bIn().x0(), actual.bIn().x1(), actual.bS().x0(), actual.bS().x1()
        };
        assertArrayEquals(e, g, 1e-6);
    }
}
