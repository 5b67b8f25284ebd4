package org.spikeshift.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.training.loss.SnnLoss;
import org.spikeshift.training.optim.OptimizerKind;
import org.spikeshift.training.optim.SnnOptimizer;

class GradientStepTest {

    @Test
    void gradientsOfSeveralPassesAddUpUntilTheOptimizerStep() {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(2);
        try (NDManager manager = engine.newBaseManager()) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(6, NeuronKind.ADLIF, new int[] {8}, 3, 1).withDropout(0),
                            manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0f, 3f, new Shape(4, 12, 6));
            NDArray oneHot = manager.eye(3).get("0:3").concat(manager.eye(3).get("0:1"), 0);
            Function<TimeLoopTape, NDArray> pass =
                    tape ->
                            SnnLoss.LOG_SOFTMAX.compute(
                                    net.forward(ps, new NDList(x), false, tape.params()).head(),
                                    oneHot,
                                    12);
            Parameter w = net.layers().get(0).projection().getParameters().get("weight");
            SnnOptimizer optimizer =
                    new SnnOptimizer(OptimizerKind.SGD, 0, net.trainableParameters(), manager);
            GradientStep.accumulate(List.of(pass));
            float[] once = w.getArray().getGradient().toFloatArray();
            optimizer.step(0f); // lr 0: only zeroes the gradients
            GradientStep.accumulate(List.of(pass, pass));
            float[] twice = w.getArray().getGradient().toFloatArray();
            double norm = 0;
            for (int i = 0; i < once.length; i++) {
                assertEquals(2 * once[i], twice[i], 1e-5);
                norm += once[i] * once[i];
            }
            assertEquals(true, norm > 0);
            optimizer.close();
        }
    }

    @Test
    void lossesMatchTheirDefinitions() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray y = manager.create(new float[] {3f, 1f, 0f, 0.5f, 2.5f, 1f}, new Shape(2, 3));
            NDArray oneHot = manager.create(new float[] {1, 0, 0, 0, 0, 1}, new Shape(2, 3));
            double ls0 = 3 - Math.log(Math.exp(3) + Math.exp(1) + Math.exp(0));
            double ls1 = 1 - Math.log(Math.exp(0.5) + Math.exp(2.5) + Math.exp(1));
            assertEquals(
                    -(ls0 + ls1) / 2, SnnLoss.LOG_SOFTMAX.compute(y, oneHot, 4).getFloat(), 1e-5);
            double lm = -(Math.log(3.0 / 4) + Math.log(1.0 / 4)) / 2;
            assertEquals(lm, SnnLoss.LOG_MEAN.compute(y, oneHot, 4).getFloat(), 1e-5);
        }
    }
}
