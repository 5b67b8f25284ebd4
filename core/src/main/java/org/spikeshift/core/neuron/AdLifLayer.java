package org.spikeshift.core.neuron;

/**
 * Adaptive LIF layer (w first, then u with the new w):
 *
 * <pre>
 * w[k] = beta w[k-1] + a u[k-1] + b s[k-1]
 * u[k] = alpha (u[k-1] - s[k-1]) + (1 - alpha)(I[k] - w[k])
 * s[k] = H(u[k] - theta)
 * </pre>
 *
 * Learnable per neuron: alpha, beta, a, b, each initialised uniformly in its {@link NeuronRanges}
 * range and clamped to it on every forward (unless built with {@code optClamped(false)}).
 */
public class AdLifLayer extends AdaptiveLifLayer {

    AdLifLayer(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link AdLifLayer}. */
    public static final class Builder extends SpikingLayer.BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        public AdLifLayer build() {
            validate();
            return new AdLifLayer(this);
        }
    }
}
