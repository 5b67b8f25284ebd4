package org.spikeshift.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.neuron.NeuronKind;

class StreamingRunnerTest {

    @ParameterizedTest
    @EnumSource(
            value = NeuronKind.class,
            names = {"LIF", "ADLIF", "RADLIF", "STATE_SPACE"})
    void streamingGivesTheBatchOutputs(NeuronKind kind) {
        try (NDManager manager = Engines.seededManager(31)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(
                                            50,
                                            kind == NeuronKind.STATE_SPACE
                                                    ? NeuronKind.RADLIF
                                                    : kind,
                                            new int[] {24, 16},
                                            5,
                                            2)
                                    // a >= 0: with a < 0 some neurons are unstable and their huge
                                    // states make
                                    // float rounding (order of operations) flip threshold crossings
                                    .withRanges(org.spikeshift.core.neuron.NeuronRanges.SPARCH_V2),
                            manager);
            if (kind == NeuronKind.STATE_SPACE) {
                net =
                        ModelAdapter.adapt(
                                        net,
                                        1,
                                        AdaptationOptions.of(AdaptationMethod.INTEGRAL),
                                        manager)
                                .network();
            }
            // non-trivial normalisation statistics, as after training
            var norm = net.layers().get(0).norm().getParameters();
            norm.get("runningMean")
                    .getArray()
                    .set(manager.randomUniform(0f, 0.3f, new Shape(24)).toFloatArray());
            norm.get("runningVar")
                    .getArray()
                    .set(manager.randomUniform(0.5f, 2f, new Shape(24)).toFloatArray());
            int steps = 80;
            NDArray x =
                    manager.randomUniform(0f, 1f, new Shape(3, steps, 50))
                            .gt(0.7f)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .mul(6f);
            float[] batch =
                    net.forward(Engines.store(manager), new NDList(x), false).head().toFloatArray();
            float[] frames = x.toFloatArray();
            StreamingRunner runner = new StreamingRunner(net);
            for (int b = 0; b < 3; b++) {
                float[] one = new float[steps * 50];
                System.arraycopy(frames, b * steps * 50, one, 0, one.length);
                float[] out = runner.run(one, steps);
                for (int o = 0; o < 5; o++) {
                    assertEquals(batch[b * 5 + o], out[o], 1e-3, "sample " + b + " class " + o);
                }
            }
            assertTrue(
                    net.forward(Engines.store(manager), new NDList(x), false).get(1).getFloat()
                            > 0.01,
                    "needs spikes");
        }
    }
}
