package org.spikeshift.core.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SurrogateTest {

    /** The surrogate derivatives as published, written here independently of the class. */
    private static double closedForm(Surrogate s, double x, double scale) {
        return switch (s) {
            case BOXCAR -> Math.abs(x) <= scale ? 1 : 0;
            case FAST_SIGMOID -> 1 / Math.pow(1 + scale * Math.abs(x), 2);
            case TRIANGLE -> Math.max(0, 1 - Math.abs(x) / scale);
            case ARCTAN -> (scale / 2) / (1 + Math.pow(Math.PI * scale * x / 2, 2));
        };
    }

    static Stream<Arguments> surrogatesAndScales() {
        return Stream.of(Surrogate.values())
                .flatMap(
                        s ->
                                Stream.of(
                                        Arguments.of(s, s.defaultScale()),
                                        Arguments.of(s, s.defaultScale() * 0.4f),
                                        Arguments.of(s, s.defaultScale() * 2.5f)));
    }

    @ParameterizedTest
    @MethodSource("surrogatesAndScales")
    void forwardIsHeavisideAndBothGradientsAreTheClosedForm(Surrogate surrogate, float scale) {
        float[] xs = new float[61];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -3f + 6f * i / (xs.length - 1) + 0.013f; // avoid exact kinks
        }
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = manager.create(xs);
            x.setRequiresGradient(true);
            float[] spikes;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray s = surrogate.bind(manager, 1f, scale).apply(x.add(1f));
                spikes = s.toFloatArray();
                System.gc(); // a freed Java operand would show up as a garbage gradient
                collector.backward(s.sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            float[] derivatives = new float[xs.length];
            surrogate.derivatives(xs, 0f, scale, derivatives);
            for (int i = 0; i < xs.length; i++) {
                double expected = closedForm(surrogate, xs[i], scale);
                assertEquals(xs[i] > 0 ? 1f : 0f, spikes[i], 0f, "forward at " + xs[i]);
                assertEquals(expected, grad[i], 1e-5, "engine gradient at " + xs[i]);
                assertEquals(expected, derivatives[i], 1e-5, "JVM derivative at " + xs[i]);
            }
        }
    }

    @Test
    void aScaleMustBePositiveAndZeroMeansTheDefault() {
        assertEquals(10f, Surrogate.FAST_SIGMOID.scaleOrDefault(0));
        assertEquals(3f, Surrogate.FAST_SIGMOID.scaleOrDefault(3));
        assertThrows(IllegalArgumentException.class, () -> Surrogate.BOXCAR.scaleOrDefault(-1));
        assertThrows(
                IllegalArgumentException.class, () -> Surrogate.BOXCAR.scaleOrDefault(Float.NaN));
    }
}
