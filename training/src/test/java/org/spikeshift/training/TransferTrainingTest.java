package org.spikeshift.training;

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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.network.StaticTransfer;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.datasets.image.StaticImages;
import org.spikeshift.training.loss.SnnLoss;

class TransferTrainingTest {

    @Test
    void theReplacementScheduleRisesAsTheCubeOfProgress() {
        assertEquals(0, TransferTraining.replacementProbability(0, 100));
        assertEquals(0.125, TransferTraining.replacementProbability(50, 100), 1e-12);
        assertEquals(1, TransferTraining.replacementProbability(100, 100));
        assertEquals(1, TransferTraining.replacementProbability(150, 100));
    }

    private static StaticImages images() {
        float[][] pixels = new float[6][16];
        int[] labels = {0, 0, 1, 1, 2, 2};
        for (int i = 0; i < pixels.length; i++) {
            pixels[i][i] = 1; // one bright pixel per image
        }
        return new StaticImages(List.of("a", "b", "c"), pixels, labels, 4, 4);
    }

    @Test
    void staticInputsAreTheirClassImagesInBothPolaritiesUntilReplaced() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            StaticImages images = images();
            TransferTraining transfer =
                    new TransferTraining(
                            images,
                            images.byClass(List.of("c", "a", "b")),
                            2,
                            1f,
                            0.5f,
                            false,
                            TransferTraining.EventLoss.GATED);
            NDArray events = manager.full(new Shape(2, 3, 32), 5f);
            float[] x =
                    transfer.staticInput(manager, events, new int[] {0, 1}, 0, new Random(1))
                            .toFloatArray();
            // sample 0 is class "c": images 4 or 5, bright pixel 4 or 5, in both polarities, every
            // step
            int bright = x[4] == 1 ? 4 : 5;
            for (int t = 0; t < 3; t++) {
                assertEquals(1, x[t * 32 + bright]);
                assertEquals(1, x[t * 32 + 16 + bright]);
                assertEquals(1, sum(x, t * 32, 32) / 2, 1e-6);
            }
            float[] replaced =
                    transfer.staticInput(manager, events, new int[] {0, 1}, 1, new Random(1))
                            .toFloatArray();
            for (float v : replaced) {
                assertEquals(5, v);
            }
        }
    }

    private static float sum(float[] v, int from, int n) {
        float s = 0;
        for (int i = from; i < from + n; i++) {
            s += v[i];
        }
        return s;
    }

    /** Without alignment the gates weigh nothing under the averaged event loss. */
    @ParameterizedTest
    @CsvSource({"AVERAGED, 0.5", "GATED, 0.5", "AVERAGED, 0", "GATED, 0"})
    void gradientsReachTheAlignmentGatesAndTheStaticHead(
            TransferTraining.EventLoss eventLoss, float alignment) {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(6);
        try (NDManager manager = engine.newBaseManager()) {
            StaticImages sparse = images();
            float[][] bright = new float[6][16];
            Random pixels = new Random(9);
            for (float[] image :
                    bright) { // images that differ, so that BatchNorm leaves them a signal
                for (int i = 0; i < image.length; i++) {
                    image[i] = 6 * pixels.nextFloat();
                }
            }
            StaticImages images = new StaticImages(sparse.classes(), bright, sparse.labels(), 4, 4);
            int steps = 20;
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(32, NeuronKind.ADLIF, new int[] {24, 16}, 3, 10)
                                    .withDropout(0)
                                    .withTransfer(new StaticTransfer(steps)),
                            manager);
            TransferTraining transfer =
                    new TransferTraining(
                            images,
                            images.byClass(List.of("a", "b", "c")),
                            2,
                            1f,
                            alignment,
                            false,
                            eventLoss);
            NDArray events = manager.randomUniform(0f, 6f, new Shape(6, steps, 32));
            int[] labels = {0, 1, 2, 0, 1, 2};
            NDArray oneHot =
                    manager.eye(3).get(manager.create(labels).toType(DataType.INT64, false));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] runningBefore =
                    net.layers()
                            .get(0)
                            .norm()
                            .getParameters()
                            .get("runningMean")
                            .getArray()
                            .toFloatArray();
            try (GradientCollector collector = engine.newGradientCollector();
                    TimeLoopTape tape = TimeLoopTape.open()) {
                NDList out =
                        transfer.loss(
                                net,
                                ps,
                                tape,
                                events,
                                oneHot,
                                labels,
                                SnnLoss.LOG_SOFTMAX,
                                3,
                                10,
                                new Random(2));
                assertTrue(Float.isFinite(out.head().getFloat()));
                tape.backward(out.head());
            }
            try (NDArray g = net.alignmentGates().getArray().getGradient()) {
                float norm = 0;
                for (float v : g.toFloatArray()) {
                    norm += Math.abs(v);
                }
                boolean gated = alignment > 0 || eventLoss == TransferTraining.EventLoss.GATED;
                assertEquals(gated, norm > 0, "gradients reach eta_t where it weighs a loss");
            }
            try (NDArray g =
                    net.staticReadout()
                            .linear()
                            .getParameters()
                            .get("weight")
                            .getArray()
                            .getGradient()) {
                assertTrue(g.abs().sum().getFloat() > 0, "the static head learns");
            }
            float[] runningAfter =
                    net.layers()
                            .get(0)
                            .norm()
                            .getParameters()
                            .get("runningMean")
                            .getArray()
                            .toFloatArray();
            assertTrue(
                    runningAfter[0] != runningBefore[0],
                    "the event pass updates the running statistics");
        }
    }
}
