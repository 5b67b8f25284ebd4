package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.init.RangeInitializer;
import org.spikeshift.core.statespace.NeuronStateSpace;

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

    /**
     * A = [[alpha, 0], [0, 1]], B_in = [1 - alpha; 0], B_s = [-alpha; 0] (see {@link
     * NeuronStateSpace}).
     */
    @Override
    protected NDArray stateSpace(ParameterStore ps, NDManager manager, boolean training) {
        NDArray a = value(ps, manager, alpha, alphaRange, training);
        NDArray zero = a.zerosLike();
        return NDArrays.stack(
                new NDList(a, zero, zero, zero.add(1f), a.neg().add(1f), zero, a.neg(), zero));
    }

    @Override
    protected boolean adaptive() {
        return false;
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
