package org.spikeshift.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/** Test helpers: a seeded engine and array conversions. */
public final class Engines {

    private Engines() {}

    public static NDManager seededManager(int seed) {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(seed);
        return engine.newBaseManager();
    }

    public static ParameterStore store(NDManager manager) {
        return new ParameterStore(manager, false);
    }

    public static double[][][] to3d(NDArray array) {
        long[] s = array.getShape().getShape();
        float[] flat = array.toFloatArray();
        double[][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int k = 0; k < s[2]; k++) {
                    out[i][j][k] = flat[(int) ((i * s[1] + j) * s[2] + k)];
                }
            }
        }
        return out;
    }

    public static double maxAbsDiff(NDArray x, NDArray y) {
        float[] a = x.toFloatArray();
        float[] b = y.toFloatArray();
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
