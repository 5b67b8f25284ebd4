package org.spikeshift.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.transform.EventTransform;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.datasets.transform.FrameSpec;

class RecalibrationTest {

    @Test
    void statisticsBecomeThoseOfTheDataAtTheEvaluationBin() {
        Random random = new Random(5);
        List<EventSample> samples = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int[] times = random.ints(40, 0, 50_000).sorted().toArray();
            samples.add(new EventSample(times, random.ints(40, 0, 6).toArray(), i % 2));
        }
        EventDataset data = new EventDataset("x", 6, List.of("a", "b"), samples);
        Batches batches =
                new Batches(
                        data, FrameSpec.of(5, 50_000, 6, FrameMode.SUM, EventTransform.compose()));
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(9);
        try (NDManager manager = engine.newBaseManager()) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(6, NeuronKind.ADLIF, new int[] {4}, 2, 5), manager);
            var stats = net.layers().get(0).norm().getParameters();
            stats.get("runningMean")
                    .getArray()
                    .set(new float[] {9, 9, 9, 9}); // wrong, as after a bin change
            assertEquals(1, Recalibration.recalibrate(net, batches, 1, 16, 3, manager));
            // one batch of every sample: the mean of W x over samples and steps
            NDArray x = batches.input(manager, java.util.stream.IntStream.range(0, 16).toArray());
            NDArray w = net.layers().get(0).projection().getParameters().get("weight").getArray();
            float[] expected =
                    x.reshape(16L * batches.steps(), 6)
                            .matMul(w.transpose())
                            .mean(new int[] {0})
                            .toFloatArray();
            assertArrayEquals(expected, stats.get("runningMean").getArray().toFloatArray(), 1e-5f);
            assertEquals(new Shape(4, 6), w.getShape());
        }
    }
}
