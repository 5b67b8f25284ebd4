package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.StateSpaceArrays;
import org.spikeshift.core.statespace.Vector2;
import org.spikeshift.core.surrogate.Surrogate.SpikeFunction;

/**
 * The general per-neuron state-space layer, v = [u; w]:
 *
 * <pre>
 * v[k] = A v[k-1] + B_in (I[k] + V s[k-1]) + B_s s[k-1]
 * s[k] = H(u[k] - theta)
 * </pre>
 *
 * A (stored as rows a00, a01, a10, a11 of shape (4, N)), B_in (2, N) and B_s (2, N) are fixed
 * (non-trainable) parameters, so a converted or adapted model saves and loads like a trained one.
 * V (N, N, zero diagonal) is present only when built with {@code optRecurrent(true)} (RadLIF).
 * Every neuron model converts to this form exactly; adapted neurons whose matrices leave their
 * model's own form run here.
 */
public class StateSpaceLayer extends SpikingLayer {

    private final boolean recurrentEnabled;
    private final Parameter stateMatrix;
    private final Parameter inputGain;
    private final Parameter spikeGain;
    private final Parameter recurrent;

    StateSpaceLayer(Builder builder) {
        super(builder);
        recurrentEnabled = builder.recurrent;
        stateMatrix = addParameter(fixed("stateMatrix", new Shape(4, units)));
        inputGain = addParameter(fixed("inputGain", new Shape(2, units)));
        spikeGain = addParameter(fixed("spikeGain", new Shape(2, units)));
        recurrent = recurrentEnabled ? addParameter(fixed("recurrent", new Shape(units, units))) : null;
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

    public boolean hasRecurrent() {
        return recurrentEnabled;
    }

    /** Writes the per-neuron matrices in place (the layer must be initialised). */
    public void setStateSpace(NeuronStateSpace[] neurons) {
        if (neurons.length != units) {
            throw new IllegalArgumentException(
                    "expected " + units + " neurons, got " + neurons.length);
        }
        StateSpaceArrays flat = StateSpaceArrays.of(neurons);
        stateMatrix.getArray().set(flat.a());
        inputGain.getArray().set(flat.bIn());
        spikeGain.getArray().set(flat.bS());
    }

    /** Writes V (N x N, row-major) in place; its diagonal is ignored. */
    public void setRecurrent(float[] v) {
        if (!recurrentEnabled) {
            throw new IllegalStateException("this state-space layer has no recurrent matrix");
        }
        recurrent.getArray().set(v);
    }

    /** V, row-major with the diagonal zeroed, or null. */
    public float[] recurrentWithoutDiagonal() {
        if (!recurrentEnabled) {
            return null;
        }
        float[] v = recurrent.getArray().toFloatArray();
        for (int i = 0; i < units; i++) {
            v[i * units + i] = 0;
        }
        return v;
    }

    @Override
    protected Step bind(ParameterStore ps, NDArray current, boolean training) {
        NDManager manager = current.getManager();
        NDArray a = value(ps, manager, stateMatrix, null, training);
        NDArray a00 = a.get(0);
        NDArray a01 = a.get(1);
        NDArray a10 = a.get(2);
        NDArray a11 = a.get(3);
        NDArray bIn = value(ps, manager, inputGain, null, training);
        NDArray bIn0 = bIn.get(0);
        NDArray bIn1 = bIn.get(1);
        NDArray bS = value(ps, manager, spikeGain, null, training);
        NDArray bS0 = bS.get(0);
        NDArray bS1 = bS.get(1);
        NDArray v =
                recurrentEnabled
                        ? manager.ones(new Shape(units, units))
                                .sub(manager.eye(units))
                                .mul(ps.getValue(recurrent, manager.getDevice(), training))
                                .transpose()
                        : null;
        SpikeFunction spike = surrogate.bind(manager, threshold);
        return new Step() {
            @Override
            public NDList drives(NDArray i) {
                return new NDList(i.mul(bIn0), i.mul(bIn1));
            }

            @Override
            public NeuronState next(NDList drive, NeuronState prev) {
                NDArray u = prev.u().mul(a00).add(prev.w().mul(a01)).add(prev.s().mul(bS0));
                NDArray w = prev.u().mul(a10).add(prev.w().mul(a11)).add(prev.s().mul(bS1));
                u = u.add(drive.get(0));
                w = w.add(drive.get(1));
                if (v != null) {
                    NDArray r = prev.s().matMul(v);
                    u = u.add(r.mul(bIn0));
                    w = w.add(r.mul(bIn1));
                }
                return new NeuronState(u, w, spike.apply(u));
            }
        };
    }

    @Override
    public NeuronStateSpace[] exportStateSpace() {
        float[] a = stateMatrix.getArray().toFloatArray();
        float[] bIn = inputGain.getArray().toFloatArray();
        float[] bS = spikeGain.getArray().toFloatArray();
        NeuronStateSpace[] out = new NeuronStateSpace[units];
        for (int i = 0; i < units; i++) {
            out[i] =
                    new NeuronStateSpace(
                            new Matrix2(a[i], a[units + i], a[2 * units + i], a[3 * units + i]),
                            new Vector2(bIn[i], bIn[units + i]),
                            new Vector2(bS[i], bS[units + i]));
        }
        return out;
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
