package org.spikeshift.core.neuron;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.spikeshift.core.init.OrthogonalInitializer;

/**
 * Recurrent adaptive LIF: adLIF with {@code I[k] + V s[k-1]} in place of {@code I[k]}. V (N, N) is
 * initialised orthogonal and its diagonal is forced to 0 on every forward, so a neuron never feeds
 * its own spikes back through V.
 */
public class RadLifLayer extends AdaptiveLifLayer {

    private final Parameter recurrent;

    RadLifLayer(Builder builder) {
        super(builder);
        recurrent =
                addParameter(
                        Parameter.builder()
                                .setName("recurrent")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(units, units))
                                .optInitializer(new OrthogonalInitializer())
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** V, shape (N, N); its diagonal is ignored. */
    public Parameter recurrent() {
        return recurrent;
    }

    @Override
    protected Parameter recurrentWeights() {
        return recurrent;
    }

    /** Builder of {@link RadLifLayer}. */
    public static final class Builder extends SpikingLayer.BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        public RadLifLayer build() {
            validate();
            return new RadLifLayer(this);
        }
    }
}
