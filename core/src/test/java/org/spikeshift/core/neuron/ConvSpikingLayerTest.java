package org.spikeshift.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.core.Engines;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.ConvStack;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;

class ConvSpikingLayerTest {

    private static final int FILTERS = 3;
    private static final ConvShape SHAPE = new ConvShape(2, 4, 5, 3, 1, ConvShape.Pooling.AVG);

    /**
     * The layer against a scalar reference: the convolution summed by hand per pixel, BatchNorm at
     * its running statistics, then each pixel's adLIF neuron with its filter's parameters.
     */
    @Test
    void equalsAPerPixelScalarReference() {
        try (NDManager manager = Engines.seededManager(51)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(FILTERS).optConv(SHAPE).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SHAPE.inputSize()));
            int batch = 2;
            int steps = 20;
            NDArray x = manager.randomUniform(0f, 6f, new Shape(batch, steps, SHAPE.inputSize()));
            NDList out = layer.trajectories(new ParameterStore(manager, false), x);
            float[] spikes = out.get(0).toFloatArray();

            float[] w =
                    layer.projection()
                            .getParameters()
                            .get("weight")
                            .getArray()
                            .toFloatArray(); // (F, C, k, k)
            float[] gamma = layer.norm().getParameters().get("gamma").getArray().toFloatArray();
            float[] beta = layer.norm().getParameters().get("beta").getArray().toFloatArray();
            float[] in = x.toFloatArray();
            int h = SHAPE.height();
            int wd = SHAPE.width();
            int k = SHAPE.kernel();
            int pixels = h * wd;
            int neurons = FILTERS * pixels;
            double[][][] current = new double[batch][steps][neurons];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    for (int f = 0; f < FILTERS; f++) {
                        for (int y = 0; y < h; y++) {
                            for (int xx = 0; xx < wd; xx++) {
                                double sum = 0;
                                for (int c = 0; c < SHAPE.inChannels(); c++) {
                                    for (int dy = 0; dy < k; dy++) {
                                        for (int dx = 0; dx < k; dx++) {
                                            int yy = y + dy - k / 2;
                                            int xi = xx + dx - k / 2;
                                            if (yy < 0 || yy >= h || xi < 0 || xi >= wd) {
                                                continue;
                                            }
                                            int weight =
                                                    ((f * SHAPE.inChannels() + c) * k + dy) * k
                                                            + dx;
                                            int pixel =
                                                    (b * steps + t) * SHAPE.inputSize()
                                                            + (c * h + yy) * wd
                                                            + xi;
                                            sum += w[weight] * in[pixel];
                                        }
                                    }
                                }
                                // running statistics mean 0, variance 1
                                current[b][t][f * pixels + y * wd + xx] =
                                        gamma[f]
                                                        * sum
                                                        / Math.sqrt(
                                                                1 + SpikingLayer.BATCH_NORM_EPSILON)
                                                + beta[f];
                            }
                        }
                    }
                }
            }
            double[] alpha =
                    perPixel(
                            layer.forwardValues(
                                    layer.alpha(), NeuronRanges.SPARCH.bounds().alpha()),
                            pixels);
            double[] betaN =
                    perPixel(
                            layer.forwardValues(layer.beta(), NeuronRanges.SPARCH.bounds().beta()),
                            pixels);
            double[] a =
                    perPixel(
                            layer.forwardValues(layer.a(), NeuronRanges.SPARCH.bounds().a()),
                            pixels);
            double[] b =
                    perPixel(
                            layer.forwardValues(layer.b(), NeuronRanges.SPARCH.bounds().b()),
                            pixels);
            double[][][] expected =
                    ScalarReference.simulate(current, alpha, betaN, a, b, null, true, null);
            int count = 0;
            for (int bi = 0; bi < batch; bi++) {
                for (int t = 0; t < steps; t++) {
                    for (int n = 0; n < neurons; n++) {
                        assertEquals(
                                expected[bi][t][n],
                                spikes[(bi * steps + t) * neurons + n],
                                0,
                                "spike " + n);
                        count += (int) expected[bi][t][n];
                    }
                }
            }
            assertTrue(count > 0, "the test must exercise spikes");
        }
    }

    private static double[] perPixel(float[] perFilter, int pixels) {
        double[] out = new double[perFilter.length * pixels];
        for (int i = 0; i < out.length; i++) {
            out[i] = perFilter[i / pixels];
        }
        return out;
    }

    @Test
    void gradientsOnTheJvmLoopAgreeWithTheEngineLoop() {
        List<float[]> results = new ArrayList<>();
        ConvShape pooled = new ConvShape(2, 6, 6, 3, 2, ConvShape.Pooling.MAX);
        for (TimeLoop loop : TimeLoop.values()) {
            try (NDManager manager = Engines.seededManager(52)) {
                AdLifLayer layer = AdLifLayer.builder().setUnits(FILTERS).optConv(pooled).build();
                layer.initialize(manager, DataType.FLOAT32, new Shape(1, 1, pooled.inputSize()));
                layer.setTimeLoop(loop);
                NDArray x = manager.randomUniform(0f, 6f, new Shape(3, 16, pooled.inputSize()));
                NDArray readout =
                        manager.randomUniform(-1f, 1f, new Shape(1, 1, pooled.outputSize(FILTERS)));
                ParameterStore ps = new ParameterStore(manager, false);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                        TimeLoopTape tape = TimeLoopTape.open()) {
                    NDList out = layer.forward(ps, new NDList(x), true, tape.params());
                    assertEquals(
                            new Shape(3, 16, pooled.outputSize(FILTERS)), out.head().getShape());
                    tape.backward(out.head().mul(readout).sum().add(out.get(1)));
                }
                for (String name : List.of("alpha", "beta", "a", "b")) {
                    try (NDArray g = layer.getParameters().get(name).getArray().getGradient()) {
                        results.add(g.toFloatArray());
                    }
                }
                try (NDArray g =
                        layer.projection().getParameters().get("weight").getArray().getGradient()) {
                    results.add(g.toFloatArray());
                }
            }
        }
        int half = results.size() / 2;
        for (int i = 0; i < half; i++) {
            float[] jvm = results.get(i);
            float[] engine = results.get(half + i);
            float scale = 0;
            for (float v : engine) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, "gradient " + i + " reaches its parameter");
            assertArrayEquals(engine, jvm, 2e-3f * scale, "gradient " + i);
        }
    }

    @Test
    void convolutionalNetworksSaveLoadAndAdaptPerFilter(@TempDir Path dir) throws IOException {
        try (NDManager manager = Engines.seededManager(53)) {
            NetworkSpec spec =
                    NetworkSpec.of(2 * 8 * 8, NeuronKind.ADLIF, new int[] {10}, 3, 4)
                            .withDropout(0)
                            .withConvFront(
                                    new ConvStack(List.of(4, 6), 3, 2, ConvShape.Pooling.AVG)
                                            .layers(NeuronKind.ADLIF, new int[] {2, 8, 8}));
            SpikingNetwork net = SpikingNetwork.create(spec, manager);
            NDArray x = manager.randomUniform(0f, 2f, new Shape(2, 12, 2 * 8 * 8));
            ParameterStore ps = new ParameterStore(manager, false);
            net.setNormUpdates(0);
            net.forward(ps, new NDList(x), true); // statistics that describe some data
            float[] before = net.forward(ps, new NDList(x), false).head().toFloatArray();
            Path file = dir.resolve("conv.spikeshift");
            net.save(file);
            SpikingNetwork loaded = SpikingNetwork.load(file, manager);
            assertArrayEquals(
                    before, loaded.forward(ps, new NDList(x), false).head().toFloatArray(), 0f);
            assertEquals(
                    4, loaded.layers().get(0).exportStateSpace().length, "one neuron per filter");
            // the general form at rho = 1 is exact, per filter
            SpikingNetwork same =
                    ModelAdapter.adapt(
                                    net, 4, AdaptationOptions.of(AdaptationMethod.EULER), manager)
                            .network();
            assertArrayEquals(
                    before, same.forward(ps, new NDList(x), false).head().toFloatArray(), 1e-4f);
            SpikingNetwork fine =
                    ModelAdapter.adapt(
                                    net, 2, AdaptationOptions.of(AdaptationMethod.EULER), manager)
                            .network();
            NDArray fineX = manager.randomUniform(0f, 1f, new Shape(2, 24, 2 * 8 * 8));
            assertEquals(
                    new Shape(2, 3), fine.forward(ps, new NDList(fineX), false).head().getShape());
            assertTrue(fine.layers().get(1).conv() != null);
        }
    }
}
