package org.spikeshift.core.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.adapt.AdaptationOptions.Normalization;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.neuron.StateSpaceLayer;
import org.spikeshift.core.statespace.NeuronStateSpace;

class ModelAdapterTest {

    private static final int INPUTS = 16;

    private static SpikingNetwork network(NDManager manager, NeuronKind kind) {
        return SpikingNetwork.create(NetworkSpec.of(INPUTS, kind, new int[] {12}, 4, 2.0), manager);
    }

    /** A network with a >= 0 (the later ranges): no neuron is unstable without spikes. */
    private static SpikingNetwork stableNetwork(NDManager manager) {
        return SpikingNetwork.create(
                NetworkSpec.of(INPUTS, NeuronKind.ADLIF, new int[] {12}, 4, 2.0)
                        .withRanges(NeuronRanges.SPARCH_V2),
                manager);
    }

    /** Max difference relative to the trajectory's scale (a < 0 lets states grow large). */
    private static double relativeDiff(NDArray expected, NDArray actual) {
        return Engines.maxAbsDiff(expected, actual) / Math.max(1, expected.abs().max().getFloat());
    }

    private static NDArray output(SpikingNetwork net, NDArray x) {
        return net.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    /** Repeats every frame rho times along time, optionally dividing it by rho. */
    private static NDArray holdInput(NDArray x, int rho, boolean divide) {
        Shape s = x.getShape();
        NDArray held = x.expandDims(2).repeat(2, rho).reshape(s.get(0), s.get(1) * rho, s.get(2));
        return divide ? held.div(rho) : held;
    }

    /** Source states at the end of each group of rho steps. */
    private static NDArray everyRho(NDArray trajectory, int rho) {
        Shape s = trajectory.getShape();
        return trajectory
                .reshape(s.get(0), s.get(1) / rho, rho, s.get(2))
                .get(":, :, " + (rho - 1) + ", :");
    }

    @ParameterizedTest
    @EnumSource(AdaptationMethod.class)
    void rhoOneReproducesTheSourceThroughTheMethodsArithmetic(AdaptationMethod method) {
        try (NDManager manager = Engines.seededManager(3)) {
            SpikingNetwork source = stableNetwork(manager);
            NDArray x = manager.randomUniform(0f, 2f, new Shape(2, 30, INPUTS));
            AdaptedNetwork adapted =
                    ModelAdapter.adapt(source, 2.0, AdaptationOptions.of(method), manager);
            if (method != AdaptationMethod.NONE && method != AdaptationMethod.TAU_SCALING) {
                assertTrue(
                        adapted.network().layers().get(0) instanceof StateSpaceLayer,
                        "no shortcut");
            }
            assertTrue(Engines.maxAbsDiff(output(source, x), output(adapted.network(), x)) < 1e-4);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = NeuronKind.class,
            names = {"ADLIF", "RADLIF", "LIF"})
    void stateSpaceFormReproducesTheNeuronTrajectories(NeuronKind kind) {
        try (NDManager manager = Engines.seededManager(4)) {
            SpikingNetwork source = network(manager, kind);
            SpikingNetwork converted = ModelAdapter.toStateSpace(source, manager);
            assertTrue(converted.layers().get(0) instanceof StateSpaceLayer);
            NDArray x = manager.randomUniform(0f, 3f, new Shape(3, 60, INPUTS));
            ParameterStore ps = Engines.store(manager);
            NDList a = source.layers().get(0).trajectories(ps, x);
            NDList b = converted.layers().get(0).trajectories(ps, x);
            assertTrue(a.get(0).sum().getFloat() > 10, "needs spikes");
            assertEquals(0, Engines.maxAbsDiff(a.get(0), b.get(0)), 0, "spikes");
            assertTrue(relativeDiff(a.get(1), b.get(1)) < 1e-5, "u");
            if (kind != NeuronKind.LIF) {
                assertTrue(relativeDiff(a.get(2), b.get(2)) < 1e-5, "w");
            }
            assertTrue(Engines.maxAbsDiff(output(source, x), output(converted, x)) < 1e-4);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AdaptationMethod.class,
            names = {"INTEGRAL", "EXPECTATION"})
    void integerRhoEqualsSubStepsWithTheInputHeld(AdaptationMethod method) {
        int rho = 3;
        try (NDManager manager = Engines.seededManager(5)) {
            SpikingNetwork source = stableNetwork(manager);
            AdaptationOptions options =
                    AdaptationOptions.of(method).withNormalization(Normalization.UNCHANGED);
            // coarse target: each target step covers rho source steps
            SpikingNetwork target =
                    ModelAdapter.adapt(source, 2.0 * rho, options, manager).network();
            NDArray x = manager.randomUniform(0f, 0.05f, new Shape(2, 20, INPUTS));
            ParameterStore ps = Engines.store(manager);
            NDList coarse = target.layers().get(0).trajectories(ps, x);
            NDList fine =
                    source.layers()
                            .get(0)
                            .trajectories(
                                    ps, holdInput(x, rho, method == AdaptationMethod.EXPECTATION));
            assertEquals(0f, fine.get(0).sum().getFloat(), "the oracle needs spike-free input");
            assertTrue(coarse.get(1).abs().max().getFloat() > 1e-3, "states must move");
            assertTrue(Engines.maxAbsDiff(everyRho(fine.get(1), rho), coarse.get(1)) < 1e-5, "u");
            assertTrue(Engines.maxAbsDiff(everyRho(fine.get(2), rho), coarse.get(2)) < 1e-5, "w");
        }
    }

    @Test
    void fineToCoarseThenCoarseToFineRecoversTheSource() {
        try (NDManager manager = Engines.seededManager(6)) {
            SpikingNetwork source = network(manager, NeuronKind.ADLIF);
            for (AdaptationMethod method :
                    List.of(AdaptationMethod.INTEGRAL, AdaptationMethod.EXPECTATION)) {
                AdaptationOptions options =
                        AdaptationOptions.of(method)
                                .withSpikeFeedback(AdaptationOptions.SpikeFeedback.B_RULE);
                SpikingNetwork coarse = ModelAdapter.adapt(source, 5.0, options, manager).network();
                SpikingNetwork back = ModelAdapter.adapt(coarse, 2.0, options, manager).network();
                NeuronStateSpace[] a = source.layers().get(0).exportStateSpace();
                NeuronStateSpace[] b = back.layers().get(0).exportStateSpace();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i].a().m00(), b[i].a().m00(), 1e-5);
                    assertEquals(a[i].a().m01(), b[i].a().m01(), 1e-5);
                    assertEquals(a[i].a().m10(), b[i].a().m10(), 1e-5);
                    assertEquals(a[i].a().m11(), b[i].a().m11(), 1e-5);
                    assertEquals(a[i].bIn().x0(), b[i].bIn().x0(), 1e-5);
                    assertEquals(a[i].bS().x0(), b[i].bS().x0(), 1e-5);
                    assertEquals(a[i].bS().x1(), b[i].bS().x1(), 1e-5);
                }
                NDArray x = manager.randomUniform(0f, 2f, new Shape(2, 30, INPUTS));
                assertTrue(Engines.maxAbsDiff(output(source, x), output(back, x)) < 1e-3);
            }
        }
    }

    @Test
    void adaptedDeterminantIsAlphaBetaToTheRho() {
        try (NDManager manager = Engines.seededManager(7)) {
            SpikingNetwork source = network(manager, NeuronKind.ADLIF);
            double rho = 1.0 / 3.7; // non-integer, coarse-to-fine
            SpikingNetwork target =
                    ModelAdapter.adapt(
                                    source,
                                    2.0 * rho,
                                    AdaptationOptions.of(AdaptationMethod.INTEGRAL),
                                    manager)
                            .network();
            NeuronStateSpace[] s = source.layers().get(0).exportStateSpace();
            NeuronStateSpace[] t = target.layers().get(0).exportStateSpace();
            for (int i = 0; i < s.length; i++) {
                assertEquals(Math.pow(s[i].a().determinant(), rho), t[i].a().determinant(), 1e-6);
            }
        }
    }

    @Test
    void lifIntegralEqualsTauScalingUnderPropagatedSpikeFeedbackOnly() {
        try (NDManager manager = Engines.seededManager(8)) {
            SpikingNetwork source = network(manager, NeuronKind.LIF);
            NDArray x = manager.randomUniform(0f, 30f, new Shape(4, 50, INPUTS));
            AdaptationOptions integral = AdaptationOptions.of(AdaptationMethod.INTEGRAL);
            for (double target : new double[] {1.0, 0.7, 5.0}) {
                NDList tau =
                        source(
                                ModelAdapter.adapt(
                                        source,
                                        target,
                                        AdaptationOptions.of(AdaptationMethod.TAU_SCALING)
                                                .withPreserveGains(false),
                                        manager),
                                x);
                NDList propagated =
                        source(
                                ModelAdapter.adapt(
                                        source,
                                        target,
                                        integral.withSpikeFeedback(
                                                AdaptationOptions.SpikeFeedback.PROPAGATED),
                                        manager),
                                x);
                NDList unchanged =
                        source(
                                ModelAdapter.adapt(
                                        source,
                                        target,
                                        integral.withSpikeFeedback(
                                                AdaptationOptions.SpikeFeedback.UNCHANGED),
                                        manager),
                                x);
                assertTrue(
                        tau.get(0).sum().getFloat() > 5,
                        "needs spikes " + tau.get(0).sum().getFloat());
                assertTrue(relativeDiff(tau.get(1), propagated.get(1)) < 1e-5, "u, propagated");
                assertTrue(relativeDiff(tau.get(1), unchanged.get(1)) > 1e-3, "u, unchanged");
            }
        }
    }

    /** The first layer's trajectories (spikes, u, w) of an adapted network. */
    private static NDList source(AdaptedNetwork adapted, NDArray x) {
        return adapted.network().layers().get(0).trajectories(Engines.store(x.getManager()), x);
    }

    @Test
    void adaptedParametersAreNotClampedBackIntoTheTrainedRange() {
        try (NDManager manager = Engines.seededManager(9)) {
            SpikingNetwork source = network(manager, NeuronKind.ADLIF);
            // rho = 10: alpha^10 is far below the trained range's minimum e^-1/5
            SpikingNetwork tau =
                    ModelAdapter.adapt(
                                    source,
                                    20.0,
                                    AdaptationOptions.of(AdaptationMethod.TAU_SCALING),
                                    manager)
                            .network();
            NeuronStateSpace[] s = source.layers().get(0).exportStateSpace();
            NeuronStateSpace[] t = tau.layers().get(0).exportStateSpace();
            double alphaSource = 1 - s[0].bIn().x0();
            assertEquals(Math.pow(alphaSource, 10), 1 - t[0].bIn().x0(), 1e-5);
        }
    }

    @Test
    void eulerWarnsWhenTheAdaptedDynamicsBecomeUnstable() {
        try (NDManager manager = Engines.seededManager(10)) {
            SpikingNetwork source = stableNetwork(manager);
            AdaptationOptions euler = AdaptationOptions.of(AdaptationMethod.EULER);
            List<String> coarse = ModelAdapter.adapt(source, 20.0, euler, manager).warnings();
            assertFalse(coarse.isEmpty());
            assertTrue(
                    coarse.get(0).contains("(spectral radius >= 1; 0 already in the source)"),
                    coarse.get(0));
            assertTrue(ModelAdapter.adapt(source, 1.0, euler, manager).warnings().isEmpty());
        }
    }

    @Test
    void warningsCoverLifLayersAndSourcesThatAreAlreadyUnstable() {
        try (NDManager manager = Engines.seededManager(10)) {
            SpikingNetwork lif = network(manager, NeuronKind.LIF);
            List<String> w =
                    ModelAdapter.adapt(
                                    lif,
                                    60.0,
                                    AdaptationOptions.of(AdaptationMethod.EULER),
                                    manager)
                            .warnings();
            assertTrue(w.stream().anyMatch(m -> m.contains("layer 0")), w.toString());
            assertTrue(w.stream().anyMatch(m -> m.contains("readout")), w.toString());
            // a < 0 in the original ranges: some neurons grow without input before any adaptation
            SpikingNetwork unstable = network(manager, NeuronKind.ADLIF);
            List<String> none =
                    ModelAdapter.adapt(
                                    unstable,
                                    1.0,
                                    AdaptationOptions.of(AdaptationMethod.INTEGRAL),
                                    manager)
                            .warnings();
            assertFalse(none.isEmpty());
            assertFalse(none.get(0).contains(" 0 already in the source"), none.get(0));
        }
    }

    @Test
    void spikeFedStatisticsGiveSpikesTheSpikeRuleGain() {
        try (NDManager manager = Engines.seededManager(14)) {
            SpikingNetwork source =
                    SpikingNetwork.create(
                            NetworkSpec.of(INPUTS, NeuronKind.LIF, new int[] {12, 8}, 4, 2.0),
                            manager);
            float[] mean = new float[8];
            java.util.Arrays.fill(mean, 2f);
            source.layers().get(1).norm().getParameters().get("runningMean").getArray().set(mean);
            double rho = 0.2;
            AdaptationOptions matched =
                    AdaptationOptions.of(AdaptationMethod.INTEGRAL)
                            .withSpikeInputs(AdaptationOptions.SpikeInputs.MATCHED);
            SpikingNetwork t = ModelAdapter.adapt(source, 2.0 * rho, matched, manager).network();
            NeuronStateSpace[] s = source.layers().get(1).exportStateSpace();
            float[] meanT =
                    t.layers()
                            .get(1)
                            .norm()
                            .getParameters()
                            .get("runningMean")
                            .getArray()
                            .toFloatArray();
            for (int i = 0; i < 8; i++) {
                // LIF: held-input gain 1 - alpha^rho, spike gain alpha^(rho - 1) (1 - alpha)
                double alpha = s[i].a().m00();
                double factor =
                        (1 - Math.pow(alpha, rho)) / (Math.pow(alpha, rho - 1) * (1 - alpha));
                assertEquals(2 * factor, meanT[i], 1e-5);
                assertTrue(
                        factor > 0.5 * rho && factor < 1.5 * rho,
                        "close to rho for slow neurons: " + factor);
            }
            // the first layer, fed by binned data, keeps the input rule
            float[] first =
                    t.layers()
                            .get(0)
                            .norm()
                            .getParameters()
                            .get("runningVar")
                            .getArray()
                            .toFloatArray();
            assertEquals(rho * rho * (1 + 1e-5) - 1e-5, first[0], 1e-7);
            assertTrue(matched.variantLabel().endsWith(";spikes=matched"));
        }
    }

    @Test
    void radLifRecurrentSpikesAreAdaptedByTheSpikeRule() {
        try (NDManager manager = Engines.seededManager(13)) {
            SpikingNetwork source =
                    SpikingNetwork.create(
                            NetworkSpec.of(INPUTS, NeuronKind.RADLIF, new int[] {12}, 4, 2.0)
                                    .withRanges(NeuronRanges.SPARCH_V2),
                            manager);
            double rho = 0.25;
            NeuronStateSpace[] s = source.layers().get(0).exportStateSpace();
            for (var feedback : AdaptationOptions.SpikeFeedback.values()) {
                SpikingNetwork t =
                        ModelAdapter.adapt(
                                        source,
                                        2.0 * rho,
                                        AdaptationOptions.of(AdaptationMethod.INTEGRAL)
                                                .withSpikeFeedback(feedback),
                                        manager)
                                .network();
                float[] gain = t.layers().get(0).recurrentGainValues();
                for (int i = 0; i < s.length; i++) {
                    var aT = s[i].a().power(rho);
                    var expected =
                            switch (feedback) {
                                case PROPAGATED -> aT.times(s[i].a().inverse().times(s[i].bIn()));
                                case UNCHANGED -> s[i].bIn();
                                case B_RULE -> s[i].a().powerSum(rho).times(s[i].bIn());
                            };
                    assertEquals(expected.x0(), gain[i], 1e-5, feedback + " u, neuron " + i);
                    assertEquals(
                            expected.x1(), gain[s.length + i], 1e-5, feedback + " w, neuron " + i);
                }
            }
            // a spike's recurrent jump is kept: about 1/rho times the input rule's per-step gain
            float[] propagated =
                    ModelAdapter.adapt(
                                    source,
                                    2.0 * rho,
                                    AdaptationOptions.of(AdaptationMethod.INTEGRAL),
                                    manager)
                            .network()
                            .layers()
                            .get(0)
                            .recurrentGainValues();
            double inputRule = s[0].a().powerSum(rho).times(s[0].bIn()).x0();
            assertTrue(propagated[0] > 2.5 * inputRule, propagated[0] + " vs " + inputRule);
        }
    }

    @Test
    void theSourceIsNeverChanged() {
        try (NDManager manager = Engines.seededManager(11)) {
            SpikingNetwork source = network(manager, NeuronKind.RADLIF);
            NDArray x = manager.randomUniform(0f, 2f, new Shape(2, 20, INPUTS));
            NDArray before = output(source, x);
            for (AdaptationMethod m : AdaptationMethod.values()) {
                ModelAdapter.adapt(source, 0.5, AdaptationOptions.of(m), manager);
            }
            assertEquals(0, Engines.maxAbsDiff(before, output(source, x)), 0);
        }
    }

    @Test
    void normalisationStatisticsFollowRho() {
        try (NDManager manager = Engines.seededManager(12)) {
            SpikingNetwork source = network(manager, NeuronKind.ADLIF);
            var mean = source.layers().get(0).norm().getParameters().get("runningMean").getArray();
            mean.set(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            for (Normalization n : Normalization.values()) {
                SpikingNetwork t =
                        ModelAdapter.adapt(
                                        source,
                                        1.0,
                                        AdaptationOptions.of(AdaptationMethod.INTEGRAL)
                                                .withNormalization(n),
                                        manager)
                                .network();
                var params = t.layers().get(0).norm().getParameters();
                float m = params.get("runningMean").getArray().toFloatArray()[1];
                float v = params.get("runningVar").getArray().toFloatArray()[1];
                // the variance moves with BatchNorm's epsilon: var_T + eps = f (var + eps)
                double eps = 1e-5;
                switch (n) {
                    case UNCHANGED -> {
                        assertEquals(2f, m, 1e-6);
                        assertEquals(1f, v, 1e-6);
                    }
                    case RHO_RHO2 -> {
                        assertEquals(1f, m, 1e-6);
                        assertEquals(0.25 * (1 + eps) - eps, v, 1e-7);
                    }
                    case RHO_RHO -> {
                        assertEquals(1f, m, 1e-6);
                        assertEquals(0.5 * (1 + eps) - eps, v, 1e-7);
                    }
                }
            }
        }
    }
}
