package org.spikeshift.core.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * A random orthogonal square matrix: Gram-Schmidt on a Gaussian draw from the engine's seeded
 * generator (DJL ships no orthogonal initializer).
 */
public final class OrthogonalInitializer implements Initializer {

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        int n = Math.toIntExact(shape.get(0));
        if (shape.dimension() != 2 || shape.get(1) != n) {
            throw new IllegalArgumentException(
                    "orthogonal init needs a square matrix, got " + shape);
        }
        float[] g;
        try (NDArray draw = manager.randomNormal(new Shape(n, n))) {
            g = draw.toFloatArray();
        }
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = g[i * n + j];
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < n; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                q[i][j] /= norm;
            }
        }
        float[] flat = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                flat[i * n + j] = (float) q[i][j];
            }
        }
        return manager.create(flat, shape).toType(dataType, false);
    }
}
