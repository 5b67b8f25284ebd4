package org.spikeshift.training.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LinearCkaTest {

    @Test
    void ckaIsOneForItselfAndInvariantToScalingAndOrthogonalTransforms() {
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(32, 4, 20));
            for (float v : LinearCka.perStep(x, x).toFloatArray()) {
                assertEquals(1, v, 1e-5);
            }
            NDArray scaled = x.mul(manager.full(new Shape(), 7.5f));
            // an orthogonal transform of the features: a rotation of each pair of columns by 0.7
            // rad
            float[] q = new float[20 * 20];
            for (int i = 0; i < 20; i += 2) {
                q[i * 20 + i] = (float) Math.cos(0.7);
                q[i * 20 + i + 1] = (float) -Math.sin(0.7);
                q[(i + 1) * 20 + i] = (float) Math.sin(0.7);
                q[(i + 1) * 20 + i + 1] = (float) Math.cos(0.7);
            }
            NDArray rotated = x.matMul(manager.create(q, new Shape(20, 20)));
            float[] s = LinearCka.perStep(x, scaled).toFloatArray();
            float[] r = LinearCka.perStep(x, rotated).toFloatArray();
            for (int t = 0; t < 4; t++) {
                assertEquals(1, s[t], 1e-5);
                assertEquals(1, r[t], 1e-4);
            }
            // independent noise of few features over many samples (with more features than samples
            // both Gram matrices approach a multiple of the identity, and CKA approaches 1)
            NDArray many = manager.randomNormal(new Shape(1024, 1, 4));
            NDArray other = manager.randomNormal(new Shape(1024, 1, 4));
            float far = LinearCka.perStep(many, other).getFloat();
            assertTrue(far < 0.05, "independent noise: " + far);
            // a representation of different width: CKA needs the same samples, not the same
            // features
            assertEquals(4, LinearCka.perStep(x, manager.randomNormal(new Shape(32, 4, 7))).size());
        }
    }
}
