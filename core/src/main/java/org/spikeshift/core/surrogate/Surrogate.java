package org.spikeshift.core.surrogate;

import org.spikeshift.core.util.EnumIds;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Surrogate gradients for the Heaviside spike, in the straight-through form
 * {@code s = H(x) + (f(x) - stopGradient(f(x)))}: the forward pass is exactly {@code H(x)} (x
 * strictly greater than 0), the backward pass is {@code f'(x)}. The engine has no custom autograd
 * functions, so the surrogate is expressed through a primitive {@code f} whose derivative is the
 * surrogate. Here {@code x = u - theta}.
 */
public enum Surrogate {
    /** f'(x) = 1 for |x| <= 0.5, else 0; f = clip(x, -0.5, 0.5). */
    BOXCAR {
        @Override
        public void derivatives(float[] u, float threshold, float[] out) {
            for (int i = 0; i < u.length; i++) {
                // 1 where |x| <= 0.5, else 0, without a branch; any x past 0.5 has 0.5 - |x| <= -2^-24
                out[i] = Math.min(1f, Math.max(0f, (0.5f - Math.abs(u[i] - threshold)) * 0x1p40f + 1f));
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            return x.minimum(constants[0]).maximum(constants[1]);
        }

        @Override
        float[] constantValues() {
            return new float[] {0.5f, -0.5f};
        }
    },
    /** f'(x) = 1 / (1 + k|x|)^2 with slope k = 10; f = x / (1 + k|x|). */
    FAST_SIGMOID {
        private static final float SLOPE = 10f;

        @Override
        public void derivatives(float[] u, float threshold, float[] out) {
            for (int i = 0; i < u.length; i++) {
                float d = 1f + SLOPE * Math.abs(u[i] - threshold);
                out[i] = 1f / (d * d);
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            return x.div(x.abs().mul(constants[0]).add(1f));
        }

        @Override
        float[] constantValues() {
            return new float[] {SLOPE};
        }
    },
    /** f'(x) = max(0, 1 - |x|); f = c - c|c|/2 with c = clip(x, -1, 1). */
    TRIANGLE {
        @Override
        public void derivatives(float[] u, float threshold, float[] out) {
            for (int i = 0; i < u.length; i++) {
                out[i] = Math.max(0f, 1f - Math.abs(u[i] - threshold));
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            NDArray c = x.minimum(constants[1]).maximum(constants[2]);
            return c.sub(c.mul(c.abs()).mul(constants[0]));
        }

        @Override
        float[] constantValues() {
            return new float[] {0.5f, 1f, -1f};
        }
    },
    /** f'(x) = (k/2) / (1 + (pi k x / 2)^2) with k = 2; f = atan(pi k x / 2) / pi. */
    ARCTAN {
        private static final double ALPHA = 2;

        @Override
        public void derivatives(float[] u, float threshold, float[] out) {
            float scale = (float) (Math.PI * ALPHA / 2);
            for (int i = 0; i < u.length; i++) {
                float z = scale * (u[i] - threshold);
                out[i] = (float) (ALPHA / 2) / (1f + z * z);
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            return x.mul(constants[0]).atan().mul(constants[1]);
        }

        @Override
        float[] constantValues() {
            return new float[] {(float) (Math.PI * ALPHA / 2), (float) (1 / Math.PI)};
        }
    };

    /** The command-line and metadata name, e.g. {@code fast-sigmoid}. */
    public String id() {
        return EnumIds.id(this);
    }

    /**
     * The surrogate derivative dS/dx at {@code x = u - theta} of every element: {@code out[i]} for
     * {@code u[i]}. A loop per surrogate, free of branches, so the JIT can vectorise it.
     */
    public abstract void derivatives(float[] u, float threshold, float[] out);

    abstract NDArray primitive(NDArray x, NDArray[] constants);

    float[] constantValues() {
        return new float[0];
    }

    /**
     * Binds this surrogate and a threshold to a manager for one forward pass. Constants are
     * tensors owned by that manager: a Java number operand under autograd can be freed before
     * backward reads it, and wrapping one costs more than the operation itself on this engine.
     * The Heaviside step is {@code max(sign(x), 0)}, which avoids a comparison plus a type
     * conversion, the costliest pair of the per-step operations.
     *
     * @param manager owner of the constants
     * @param threshold theta: spikes where u is strictly greater
     */
    public SpikeFunction bind(NDManager manager, float threshold) {
        float[] values = constantValues();
        NDArray[] constants = new NDArray[values.length];
        for (int i = 0; i < values.length; i++) {
            constants[i] = manager.full(new Shape(), values[i]);
        }
        NDArray theta = manager.full(new Shape(), threshold);
        NDArray zero = manager.zeros(new Shape());
        return u -> {
            NDArray x = u.sub(theta);
            NDArray smooth = primitive(x, constants);
            NDArray heaviside = x.sign().maximum(zero);
            return heaviside.add(smooth.sub(smooth.stopGradient()));
        };
    }

    /** Parses an id such as {@code boxcar} or {@code fast-sigmoid}. */
    public static Surrogate fromId(String id) {
        return EnumIds.parse(Surrogate.class, id, "surrogate");
    }

    /** A spike nonlinearity bound to the constants of one forward pass. */
    @FunctionalInterface
    public interface SpikeFunction {
        /**
         * Spikes of a membrane potential.
         *
         * @param u membrane potential, any shape
         * @return 0/1 spikes {@code H(u - theta)} of the same shape, with the surrogate gradient
         */
        NDArray apply(NDArray u);
    }
}
