package org.spikeshift.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.core.loop.TimeLoopTape;

/**
 * BatchNorm running statistics start as a cumulative average: with one batch per epoch (a small
 * data set) the first update already holds the data's statistics, not 5 % of them.
 */
class RunningStatisticsTest {

    private static float[] batchMean(SpikingLayer layer, NDArray x) {
        NDArray w = layer.projection().getParameters().get("weight").getArray();
        Shape s = x.getShape();
        return x.reshape(s.get(0) * s.get(1), s.get(2))
                .matMul(w.transpose())
                .mean(new int[] {0})
                .toFloatArray();
    }

    private static void trainingPass(SpikingLayer layer, NDManager manager, NDArray x) {
        ParameterStore ps = Engines.store(manager);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                TimeLoopTape tape = TimeLoopTape.open()) {
            NDArray out = layer.forward(ps, new NDList(x), true, tape.params()).head();
            tape.backward(out.sum());
        }
    }

    @ParameterizedTest
    @EnumSource(TimeLoop.class)
    void runningMeanIsTheCumulativeAverageOfTheFirstBatches(TimeLoop loop) {
        try (NDManager manager = Engines.seededManager(21)) {
            AdLifLayer layer = AdLifLayer.builder().setUnits(6).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 4));
            layer.setTimeLoop(loop);
            NDArray first = manager.randomUniform(0f, 3f, new Shape(2, 5, 4));
            NDArray second = manager.randomUniform(1f, 5f, new Shape(2, 5, 4));
            float[] m1 = batchMean(layer, first);
            float[] m2 = batchMean(layer, second);
            var running = layer.norm().getParameters().get("runningMean").getArray();

            trainingPass(layer, manager, first);
            assertArrayEquals(m1, running.toFloatArray(), 1e-5f, "after one update");
            trainingPass(layer, manager, second);
            float[] average = new float[m1.length];
            for (int i = 0; i < m1.length; i++) {
                average[i] = (m1[i] + m2[i]) / 2;
            }
            assertArrayEquals(average, running.toFloatArray(), 1e-5f, "after two updates");

            // past the cumulative start, the fixed momentum: 0.95 old + 0.05 new
            layer.runningStatistics().setUpdates(1000);
            float[] before = running.toFloatArray();
            trainingPass(layer, manager, first);
            float[] expected = new float[m1.length];
            for (int i = 0; i < m1.length; i++) {
                expected[i] = 0.95f * before[i] + 0.05f * m1[i];
            }
            assertArrayEquals(expected, running.toFloatArray(), 1e-5f, "fixed momentum");
        }
    }
}
