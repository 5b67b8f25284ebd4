package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.statespace.NeuronStateSpace;

/**
 * The adaptive LIF family (adLIF, RadLIF): w first, then u with the new w:
 *
 * <pre>
 * w[k] = beta w[k-1] + a u[k-1] + b s[k-1]
 * u[k] = alpha (u[k-1] - s[k-1]) + (1 - alpha)(I[k] - w[k])
 * s[k] = H(u[k] - theta)
 * </pre>
 *
 * Learnable per neuron: alpha, beta, a, b, each initialised uniformly in its {@link RangeBounds}
 * range and clamped to it on every forward (unless built with {@code optClamped(false)}).
 */
public abstract class AdaptiveLifLayer extends SpikingLayer {

    private final RangeBounds ranges;
    private final Parameter alpha;
    private final Parameter beta;
    private final Parameter a;
    private final Parameter b;

    AdaptiveLifLayer(SpikingLayer.BaseBuilder<?> builder) {
        super(builder);
        ranges = builder.ranges;
        alpha = addParameter(LifLayer.neuronParameter("alpha", ranges.alpha(), units));
        beta = addParameter(LifLayer.neuronParameter("beta", ranges.beta(), units));
        a = addParameter(LifLayer.neuronParameter("a", ranges.a(), units));
        b = addParameter(LifLayer.neuronParameter("b", ranges.b(), units));
    }

    public Parameter alpha() {
        return alpha;
    }

    public Parameter beta() {
        return beta;
    }

    public Parameter a() {
        return a;
    }

    public Parameter b() {
        return b;
    }

    /**
     * A = [[alpha - (1-alpha) a, -(1-alpha) beta], [a, beta]], B_in = [1 - alpha; 0], B_s =
     * [-(alpha + (1-alpha) b); b] (see {@link NeuronStateSpace}).
     */
    @Override
    protected NDArray stateSpace(ParameterStore ps, NDManager manager, boolean training) {
        NDArray alphaV = value(ps, manager, alpha, ranges.alpha(), training);
        NDArray betaV = value(ps, manager, beta, ranges.beta(), training);
        NDArray aV = value(ps, manager, a, ranges.a(), training);
        NDArray bV = value(ps, manager, b, ranges.b(), training);
        NDArray gain = alphaV.neg().add(1f);
        return NDArrays.stack(
                new NDList(
                        alphaV.sub(gain.mul(aV)),
                        gain.mul(betaV).neg(),
                        aV,
                        betaV,
                        gain,
                        gain.zerosLike(),
                        alphaV.add(gain.mul(bV)).neg(),
                        bV));
    }
}
