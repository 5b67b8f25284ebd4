package org.spikeshift.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.spikeshift.core.network.BlockResolutions;
import org.spikeshift.core.network.MixedTimeSteps;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.network.TimeResampling;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.training.loss.SnnLoss;
import org.spikeshift.training.optim.OptimizerKind;
import org.spikeshift.training.optim.SnnOptimizer;

class MixedTrainingTest {

    @Test
    void gradientsOfSeveralConfigurationsAreTheSumOfSeparatePasses() {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(5);
        try (NDManager manager = engine.newBaseManager()) {
            NetworkSpec spec =
                    NetworkSpec.of(6, NeuronKind.ADLIF, new int[] {8, 8}, 3, 10)
                            .withDropout(0)
                            .withRanges(NeuronRanges.SPARCH_V2, 10)
                            .withMixed(
                                    new MixedTimeSteps(
                                            List.of(5.0, 10.0, 20.0),
                                            0,
                                            0,
                                            null,
                                            2,
                                            MixedTimeSteps.Conversion.EULER));
            SpikingNetwork net = SpikingNetwork.create(spec, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray fine = manager.randomUniform(0f, 1f, new Shape(4, 24, 6));
            NDArray coarse = TimeResampling.resample(fine, 12);
            NDArray oneHot = manager.eye(3).get("0:3").concat(manager.eye(3).get("0:1"), 0);
            BlockResolutions first =
                    BlockResolutions.of(new int[] {24, 12, 6}, new double[] {0.5, 1, 2});
            BlockResolutions second =
                    BlockResolutions.of(new int[] {12, 24, 24}, new double[] {1, 0.5, 0.5});
            Function<TimeLoopTape, NDArray> a = pass(net, ps, fine, first, oneHot);
            Function<TimeLoopTape, NDArray> b = pass(net, ps, coarse, second, oneHot);
            Parameter alpha = net.layers().get(1).getParameters().get("alpha");
            Parameter weight = net.layers().get(0).projection().getParameters().get("weight");
            SnnOptimizer optimizer =
                    new SnnOptimizer(OptimizerKind.SGD, 0, net.trainableParameters(), manager);
            float[][] separate = new float[2][];
            float[][] separateAlpha = new float[2][];
            List<Function<TimeLoopTape, NDArray>> passes = List.of(a, b);
            for (int i = 0; i < 2; i++) {
                net.setNormUpdates(0);
                GradientStep.accumulate(List.of(passes.get(i)));
                separate[i] = weight.getArray().getGradient().toFloatArray();
                separateAlpha[i] = alpha.getArray().getGradient().toFloatArray();
                optimizer.step(0f); // lr 0: only zeroes the gradients
            }
            net.setNormUpdates(0);
            GradientStep.accumulate(passes);
            float[] together = weight.getArray().getGradient().toFloatArray();
            float[] togetherAlpha = alpha.getArray().getGradient().toFloatArray();
            double norm = 0;
            for (int i = 0; i < together.length; i++) {
                assertEquals(separate[0][i] + separate[1][i], together[i], 1e-5);
                norm += Math.abs(separate[0][i] - separate[1][i]);
            }
            for (int i = 0; i < togetherAlpha.length; i++) {
                assertEquals(separateAlpha[0][i] + separateAlpha[1][i], togetherAlpha[i], 1e-5);
            }
            assertTrue(norm > 0, "the two configurations give different gradients");
            optimizer.close();
        }
    }

    private static Function<TimeLoopTape, NDArray> pass(
            SpikingNetwork net, ParameterStore ps, NDArray x, BlockResolutions r, NDArray oneHot) {
        return tape -> {
            net.setResolutions(r);
            NDArray loss =
                    SnnLoss.LOG_SOFTMAX.compute(
                            net.forward(ps, new NDList(x), true, tape.params()).head(),
                            oneHot,
                            r.steps()[r.steps().length - 1]);
            net.setResolutions(null);
            return loss;
        };
    }

    @Test
    void spikeDifferenceIsZeroForIdenticalRunsAndRelativeOtherwise() {
        int[][] s0 = {{3, 0, 1}, {2, 2, 0}};
        assertEquals(
                0, EventDrivenEvaluation.spikeDifference(s0, new int[][] {{3, 0, 1}, {2, 2, 0}}));
        assertEquals(
                (1 + 1 + 2) / 8.0,
                EventDrivenEvaluation.spikeDifference(s0, new int[][] {{2, 1, 1}, {2, 0, 0}}),
                1e-12);
        assertTrue(
                Double.isNaN(
                        EventDrivenEvaluation.spikeDifference(
                                new int[][] {{0}}, new int[][] {{1}})));
    }
}
