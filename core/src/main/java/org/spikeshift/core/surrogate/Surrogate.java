package org.spikeshift.core.surrogate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spikeshift.core.util.EnumIds;

/**
 * Surrogate gradients for the Heaviside spike, in the straight-through form {@code s = H(x) + (f(x)
 * - stopGradient(f(x)))}: the forward pass is exactly {@code H(x)} (x strictly greater than 0), the
 * backward pass is {@code f'(x)}. The engine has no custom autograd functions, so the surrogate is
 * expressed through a primitive {@code f} whose derivative is the surrogate. Here {@code x = u -
 * theta}. Each surrogate has one shape parameter, its scale (a width or a slope, see each
 * constant), with a default; forward and derivative are written here once for any scale.
 */
public enum Surrogate {
    /** Half-width w (default 0.5): f'(x) = 1 for |x| <= w, else 0; f = clip(x, -w, w). */
    BOXCAR(0.5f) {
        @Override
        public void derivatives(float[] u, float threshold, float w, float[] out) {
            for (int i = 0; i < u.length; i++) {
                // 1 where |x| <= w, else 0, without a branch; any x past w has w - |x| <= -2^-24 w
                out[i] =
                        Math.min(1f, Math.max(0f, (w - Math.abs(u[i] - threshold)) * 0x1p40f + 1f));
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            return x.minimum(constants[0]).maximum(constants[1]);
        }

        @Override
        float[] constantValues(float w) {
            return new float[] {w, -w};
        }
    },
    /** Slope k (default 10): f'(x) = 1 / (1 + k|x|)^2; f = x / (1 + k|x|). */
    FAST_SIGMOID(10f) {
        @Override
        public void derivatives(float[] u, float threshold, float k, float[] out) {
            for (int i = 0; i < u.length; i++) {
                float d = 1f + k * Math.abs(u[i] - threshold);
                out[i] = 1f / (d * d);
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            return x.div(x.abs().mul(constants[0]).add(1f));
        }

        @Override
        float[] constantValues(float k) {
            return new float[] {k};
        }
    },
    /**
     * Half-width w (default 1): f'(x) = max(0, 1 - |x| / w); f = c - c|c| / (2w), c = clip(x, -w,
     * w).
     */
    TRIANGLE(1f) {
        @Override
        public void derivatives(float[] u, float threshold, float w, float[] out) {
            float inverse = 1f / w;
            for (int i = 0; i < u.length; i++) {
                out[i] = Math.max(0f, 1f - Math.abs(u[i] - threshold) * inverse);
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            NDArray c = x.minimum(constants[1]).maximum(constants[2]);
            return c.sub(c.mul(c.abs()).mul(constants[0]));
        }

        @Override
        float[] constantValues(float w) {
            return new float[] {1f / (2 * w), w, -w};
        }
    },
    /** Sharpness a (default 2): f'(x) = (a/2) / (1 + (pi a x / 2)^2); f = atan(pi a x / 2) / pi. */
    ARCTAN(2f) {
        @Override
        public void derivatives(float[] u, float threshold, float a, float[] out) {
            float scale = (float) (Math.PI * a / 2);
            float height = a / 2;
            for (int i = 0; i < u.length; i++) {
                float z = scale * (u[i] - threshold);
                out[i] = height / (1f + z * z);
            }
        }

        @Override
        NDArray primitive(NDArray x, NDArray[] constants) {
            return x.mul(constants[0]).atan().mul(constants[1]);
        }

        @Override
        float[] constantValues(float a) {
            return new float[] {(float) (Math.PI * a / 2), (float) (1 / Math.PI)};
        }
    };

    private final float defaultScale;

    Surrogate(float defaultScale) {
        this.defaultScale = defaultScale;
    }

    /** The scale used when none is given (see each constant). */
    public float defaultScale() {
        return defaultScale;
    }

    /** {@code scale}, or the default for 0 (a spec that names none). */
    public float scaleOrDefault(float scale) {
        if (!(scale >= 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException(
                    "surrogate scale must be a finite positive number, got " + scale);
        }
        return scale == 0 ? defaultScale : scale;
    }

    /** The command-line and metadata name, e.g. {@code fast-sigmoid}. */
    public String id() {
        return EnumIds.id(this);
    }

    /**
     * The surrogate derivative dS/dx at {@code x = u - theta} of every element: {@code out[i]} for
     * {@code u[i]}. A loop per surrogate, free of branches, so the JIT can vectorise it.
     *
     * @param scale the surrogate's width or slope (positive)
     */
    public abstract void derivatives(float[] u, float threshold, float scale, float[] out);

    abstract NDArray primitive(NDArray x, NDArray[] constants);

    abstract float[] constantValues(float scale);

    /**
     * Binds this surrogate and a threshold to a manager for one forward pass. Constants are tensors
     * owned by that manager: a Java number operand under autograd can be freed before backward
     * reads it, and wrapping one costs more than the operation itself on this engine. The Heaviside
     * step is {@code max(sign(x), 0)}, which avoids a comparison plus a type conversion, the
     * costliest pair of the per-step operations.
     *
     * @param manager owner of the constants
     * @param threshold theta: spikes where u is strictly greater
     * @param scale the surrogate's width or slope (positive)
     */
    public SpikeFunction bind(NDManager manager, float threshold, float scale) {
        float[] values = constantValues(scale);
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
