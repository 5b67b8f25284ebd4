package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.init.OrthogonalInitializer;

/**
 * Recurrent adaptive LIF: adLIF with {@code I[k] + V s[k-1]} in place of {@code I[k]}. V (N, N)
 * is initialised orthogonal and its diagonal is forced to 0 on every forward, so a neuron never
 * feeds its own spikes back through V.
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

    /** V with its diagonal zeroed, as the forward pass uses it. */
    public float[] recurrentWithoutDiagonal() {
        float[] v = recurrent.getArray().toFloatArray();
        for (int i = 0; i < units; i++) {
            v[i * units + i] = 0;
        }
        return v;
    }

    @Override
    protected NDArray recurrentInput(ParameterStore ps, NDManager manager, boolean training) {
        NDArray offDiagonal = manager.ones(new Shape(units, units)).sub(manager.eye(units));
        // (s V^T)_i = sum_j V_ij s_j
        return offDiagonal.mul(ps.getValue(recurrent, manager.getDevice(), training)).transpose();
    }

    @Override
    protected boolean jvmLoopCapable() {
        return false;
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
