package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.spikeshift.core.loop.DirectBuffers;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.StateSpaceArrays;

/**
 * The general per-neuron state-space layer, v = [u; w]:
 *
 * <pre>
 * v[k] = A v[k-1] + B_in I[k] + B_rec V s[k-1] + B_s s[k-1]
 * s[k] = H(u[k] - theta)
 * </pre>
 *
 * A (stored as rows a00, a01, a10, a11 of shape (4, N)), B_in (2, N) and B_s (2, N) are fixed
 * (non-trainable) parameters, so a converted or adapted model saves and loads like a trained one. V
 * (N, N, zero diagonal) and its gain B_rec (2, N) are present only when built with {@code
 * optRecurrent(true)} (RadLIF, where B_rec = B_in; adaptation rewrites it by the spike rule, since
 * V s[k-1] is made of spikes, not of held input). Every neuron model converts to this form exactly;
 * adapted neurons whose matrices leave their model's own form run here.
 */
public class StateSpaceLayer extends SpikingLayer {

    private final Parameter stateMatrix;
    private final Parameter inputGain;
    private final Parameter spikeGain;
    private final Parameter recurrent;
    private final Parameter recurrentGain;

    StateSpaceLayer(Builder builder) {
        super(builder);
        stateMatrix = addParameter(fixed("stateMatrix", new Shape(4, units)));
        inputGain = addParameter(fixed("inputGain", new Shape(2, units)));
        spikeGain = addParameter(fixed("spikeGain", new Shape(2, units)));
        recurrent =
                builder.recurrent
                        ? addParameter(fixed("recurrent", new Shape(units, units)))
                        : null;
        recurrentGain =
                builder.recurrent
                        ? addParameter(fixed("recurrentGain", new Shape(2, units)))
                        : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Parameter fixed(String name, Shape shape) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(Initializer.ZEROS)
                .optRequiresGrad(false)
                .build();
    }

    /** Writes the per-neuron matrices in place (the layer must be initialised). */
    public void setStateSpace(NeuronStateSpace[] neurons) {
        if (neurons.length != units) {
            throw new IllegalArgumentException(
                    "expected " + units + " neurons, got " + neurons.length);
        }
        StateSpaceArrays flat = StateSpaceArrays.of(neurons);
        DirectBuffers.write(stateMatrix.getArray(), flat.a());
        DirectBuffers.write(inputGain.getArray(), flat.bIn());
        DirectBuffers.write(spikeGain.getArray(), flat.bS());
    }

    /**
     * Writes V (N x N, row-major; its diagonal is ignored) and its gain B_rec (u row then w row,
     * 2N) in place.
     */
    public void setRecurrent(float[] v, float[] gain) {
        if (recurrent == null) {
            throw new IllegalStateException("this state-space layer has no recurrent matrix");
        }
        DirectBuffers.write(recurrent.getArray(), v);
        DirectBuffers.write(recurrentGain.getArray(), gain);
    }

    @Override
    protected NDList recurrentGain(
            ParameterStore ps, NDManager manager, boolean training, NDList coefficients) {
        return value(ps, manager, recurrentGain, null, training).split(2, 0);
    }

    @Override
    protected NDArray stateSpace(ParameterStore ps, NDManager manager, boolean training) {
        return NDArrays.concat(
                new NDList(
                        value(ps, manager, stateMatrix, null, training),
                        value(ps, manager, inputGain, null, training),
                        value(ps, manager, spikeGain, null, training)));
    }

    @Override
    protected Parameter recurrentWeights() {
        return recurrent;
    }

    @Override
    protected boolean inputReachesW() {
        return true;
    }

    /** Builder of {@link StateSpaceLayer}. */
    public static final class Builder extends SpikingLayer.BaseBuilder<Builder> {
        boolean recurrent;

        /** Whether the layer has a recurrent spike matrix V (RadLIF); default false. */
        public Builder optRecurrent(boolean recurrent) {
            this.recurrent = recurrent;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public StateSpaceLayer build() {
            validate();
            return new StateSpaceLayer(this);
        }
    }
}
