package org.spikeshift.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnnOptimizerTest {

    private static final double[] START = {0.5, -1.5, 2.0};
    private static final double[][] GRADIENTS = {
        {0.3, -0.2, 1.0}, {-0.1, 0.4, 0.5}, {0.2, 0.2, -2.0}
    };

    /** The textbook updates in double precision. */
    private static double[] reference(OptimizerKind kind, double lr, double decay) {
        double[] w = START.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= GRADIENTS.length; t++) {
            for (int k = 0; k < w.length; k++) {
                double g = GRADIENTS[t - 1][k] + (kind == OptimizerKind.ADAMW ? 0 : decay * w[k]);
                if (kind == OptimizerKind.SGD) {
                    m[k] = 0.9 * m[k] + g;
                    w[k] -= lr * m[k];
                } else {
                    m[k] = 0.9 * m[k] + 0.1 * g;
                    v[k] = 0.999 * v[k] + 0.001 * g * g;
                    double mHat = m[k] / (1 - Math.pow(0.9, t));
                    double vHat = v[k] / (1 - Math.pow(0.999, t));
                    w[k] -=
                            lr * mHat / (Math.sqrt(vHat) + 1e-8)
                                    + (kind == OptimizerKind.ADAMW ? lr * decay * w[k] : 0);
                }
            }
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void updatesFollowTheTextbookAndZeroTheGradients(OptimizerKind kind) {
        float lr = 0.05f;
        float decay = 0.1f;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            float[] start = new float[START.length];
            for (int k = 0; k < start.length; k++) {
                start[k] = (float) START[k];
            }
            p.setArray(manager.create(start));
            p.getArray().setRequiresGradient(true);
            try (SnnOptimizer optimizer = new SnnOptimizer(kind, decay, List.of(p), manager)) {
                for (double[] gradient : GRADIENTS) {
                    float[] g = new float[gradient.length];
                    for (int k = 0; k < g.length; k++) {
                        g[k] = (float) gradient[k];
                    }
                    try (GradientCollector collector =
                            Engine.getInstance().newGradientCollector()) {
                        collector.backward(p.getArray().mul(manager.create(g)).sum()); // dL/dw = g
                    }
                    optimizer.step(lr);
                    try (NDArray grad = p.getArray().getGradient()) {
                        assertArrayEquals(
                                new float[3], grad.toFloatArray(), 0f, "gradients zeroed");
                    }
                }
            }
            double[] expected = reference(kind, lr, decay);
            float[] actual = p.getArray().toFloatArray();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 1e-5, kind + " weight " + k);
            }
        }
    }
}
