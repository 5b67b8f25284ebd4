package org.spikeshift.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikeshift.core.loop.DirectBuffers;

/**
 * Adam, AdamW and SGD with momentum over a fixed list of parameters, with state that is saved and
 * restored exactly so that a resumed run continues bit for bit. Gradients are read, applied and
 * zeroed here, so several backward passes before one {@link #step} accumulate.
 */
public final class SnnOptimizer implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float MOMENTUM = 0.9f;

    private final OptimizerKind kind;
    private final float weightDecay;
    private final List<Parameter> parameters;
    private final NDManager stateManager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private int steps;

    public SnnOptimizer(
            OptimizerKind kind, float weightDecay, List<Parameter> parameters, NDManager manager) {
        this.kind = kind;
        this.weightDecay = weightDecay;
        this.parameters = List.copyOf(parameters);
        this.stateManager = manager.newSubManager();
        for (Parameter p : parameters) {
            first.put(p.getName() + "#" + first.size(), stateManager.zeros(p.getShape()));
            if (kind != OptimizerKind.SGD) {
                second.put(p.getName() + "#" + second.size(), stateManager.zeros(p.getShape()));
            }
        }
    }

    /**
     * The global L2 norm of the accumulated gradients, and scales them to {@code maxNorm} when
     * larger (0 = no clipping).
     */
    public double clipGradients(float maxNorm) {
        double sum = 0;
        for (Parameter p : parameters) {
            try (NDArray g = p.getArray().getGradient()) {
                sum += g.square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (Parameter p : parameters) {
                try (NDArray g = p.getArray().getGradient()) {
                    g.muli(scale);
                }
            }
        }
        return norm;
    }

    /**
     * Applies one update with learning rate {@code lr} and zeroes the gradients. The arithmetic
     * runs in Java on copies of a few small arrays, written back into the arrays' own memory: a
     * chain of engine calls per parameter, most with a Java number operand, cost several
     * milliseconds per step.
     */
    public void step(float lr) {
        steps++;
        NDArray[] m = first.values().toArray(new NDArray[0]);
        NDArray[] v = second.values().toArray(new NDArray[0]);
        float correction1 = 1 - (float) Math.pow(BETA1, steps);
        float correction2 = 1 - (float) Math.pow(BETA2, steps);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray grad = weight.getGradient()) {
                float[] g = grad.toFloatArray();
                float[] w = weight.toFloatArray();
                float[] moment1 = m[i].toFloatArray();
                if (weightDecay > 0 && kind != OptimizerKind.ADAMW) {
                    for (int k = 0; k < g.length; k++) {
                        g[k] += w[k] * weightDecay;
                    }
                }
                if (kind == OptimizerKind.SGD) {
                    for (int k = 0; k < g.length; k++) {
                        moment1[k] = moment1[k] * MOMENTUM + g[k];
                        w[k] -= moment1[k] * lr;
                    }
                } else {
                    float[] moment2 = v[i].toFloatArray();
                    float decay =
                            kind == OptimizerKind.ADAMW && weightDecay > 0 ? lr * weightDecay : 0f;
                    for (int k = 0; k < g.length; k++) {
                        moment1[k] = moment1[k] * BETA1 + g[k] * (1 - BETA1);
                        moment2[k] = moment2[k] * BETA2 + g[k] * g[k] * (1 - BETA2);
                        float update =
                                moment1[k]
                                        / correction1
                                        / ((float) Math.sqrt(moment2[k] / correction2) + EPSILON)
                                        * lr;
                        w[k] -= update + w[k] * decay;
                    }
                    DirectBuffers.write(v[i], moment2);
                }
                DirectBuffers.write(m[i], moment1);
                DirectBuffers.write(weight, w);
                if (!grad.getDevice().isGpu()) {
                    DirectBuffers.write(grad, new float[g.length]);
                } else {
                    grad.subi(grad); // replacing a gradient's storage through a temporary handle is
                    // unsafe
                }
            }
        }
    }

    /** Writes the step count and moments. */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(steps);
        out.writeInt(first.size() + second.size());
        for (NDArray a : first.values()) {
            out.write(encoded(a));
        }
        for (NDArray a : second.values()) {
            out.write(encoded(a));
        }
    }

    private static byte[] encoded(NDArray a) {
        byte[] bytes = a.encode();
        byte[] framed = new byte[bytes.length + 4];
        framed[0] = (byte) (bytes.length >>> 24);
        framed[1] = (byte) (bytes.length >>> 16);
        framed[2] = (byte) (bytes.length >>> 8);
        framed[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, framed, 4, bytes.length);
        return framed;
    }

    /** Restores what {@link #save} wrote. */
    public void load(DataInputStream in) throws IOException {
        steps = in.readInt();
        int count = in.readInt();
        if (count != first.size() + second.size()) {
            throw new IOException(
                    "optimizer state holds "
                            + count
                            + " arrays, expected "
                            + (first.size() + second.size()));
        }
        for (Map<String, NDArray> moments : List.of(first, second)) {
            for (NDArray a : moments.values()) {
                byte[] bytes = in.readNBytes(in.readInt());
                try (NDArray decoded = NDArray.decode(stateManager, bytes)) {
                    DirectBuffers.write(a, decoded.toFloatArray());
                }
            }
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
