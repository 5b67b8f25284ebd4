package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.init.RangeInitializer;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.surrogate.Surrogate.SpikeFunction;

/**
 * Leaky integrate-and-fire layer.
 *
 * <pre>
 * u[k] = alpha (u[k-1] - s[k-1]) + (1 - alpha) I[k]
 * s[k] = H(u[k] - theta)          (strictly greater; subtractive reset folded into the leak)
 * </pre>
 *
 * Learnable: W, BatchNorm, alpha (N) in the alpha range. Shapes as in {@link SpikingLayer}.
 */
public class LifLayer extends SpikingLayer {

    private final ParamRange alphaRange;
    private final Parameter alpha;

    LifLayer(Builder builder) {
        super(builder);
        alphaRange = builder.ranges.alpha();
        alpha = addParameter(neuronParameter("alpha", alphaRange, units));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Parameter alpha() {
        return alpha;
    }

    static Parameter neuronParameter(String name, ParamRange range, int units) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(units))
                .optInitializer(new RangeInitializer(range))
                .build();
    }

    @Override
    protected Step bind(ParameterStore ps, NDArray current, boolean training) {
        var manager = current.getManager();
        NDArray a = value(ps, manager, alpha, alphaRange, training);
        NDArray gain = a.neg().add(1f);
        SpikeFunction spike = surrogate.bind(manager, threshold);
        return new Step() {
            @Override
            public NDList drives(NDArray i) {
                return new NDList(i.mul(gain));
            }

            @Override
            public NeuronState next(NDList drive, NeuronState prev) {
                NDArray u = prev.u().sub(prev.s()).mul(a).add(drive.head());
                return new NeuronState(u, prev.w(), spike.apply(u));
            }
        };
    }

    @Override
    public NeuronStateSpace[] exportStateSpace() {
        float[] a = forwardValues(alpha, alphaRange);
        NeuronStateSpace[] out = new NeuronStateSpace[units];
        for (int i = 0; i < units; i++) {
            out[i] = NeuronStateSpace.lif(a[i]);
        }
        return out;
    }

    /** Builder of {@link LifLayer}. */
    public static final class Builder extends SpikingLayer.BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        public LifLayer build() {
            validate();
            return new LifLayer(this);
        }
    }
}
