package org.spikeshift.core.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SurrogateTest {

    @ParameterizedTest
    @EnumSource(Surrogate.class)
    void forwardIsHeavisideAndGradientIsTheSurrogate(Surrogate surrogate) {
        float[] xs = new float[41];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -1.5f + 3f * i / (xs.length - 1) + 0.013f; // avoid exact kinks
        }
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = manager.create(xs);
            x.setRequiresGradient(true);
            float[] spikes;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray s = surrogate.bind(manager, 1f).apply(x.add(1f));
                spikes = s.toFloatArray();
                System.gc(); // a freed Java operand would show up as a garbage gradient
                collector.backward(s.sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            float[] derivatives = new float[xs.length];
            surrogate.derivatives(xs, 0f, derivatives);
            for (int i = 0; i < xs.length; i++) {
                assertEquals(xs[i] > 0 ? 1f : 0f, spikes[i], 0f, "forward at " + xs[i]);
                assertEquals(derivatives[i], grad[i], 1e-5, "gradient at " + xs[i]);
            }
        }
    }
}
