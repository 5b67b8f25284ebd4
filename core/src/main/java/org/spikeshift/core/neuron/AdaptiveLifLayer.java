package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.surrogate.Surrogate.SpikeFunction;

/**
 * The adaptive LIF family (adLIF, RadLIF): w first, then u with the new w:
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
public abstract class AdaptiveLifLayer extends SpikingLayer {

    private final NeuronRanges ranges;
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
     * The recurrent input: a matrix M (N, N) such that {@code s[k-1] M} is added to the drive
     * (1 - alpha) I[k]; null when the layer has none.
     */
    protected NDArray recurrentDrive(
            ParameterStore ps, NDManager manager, NDArray inputGain, boolean training) {
        return null;
    }

    @Override
    protected Step bind(ParameterStore ps, NDArray current, boolean training) {
        NDManager manager = current.getManager();
        NDArray alphaV = value(ps, manager, alpha, ranges.alpha(), training);
        NDArray betaV = value(ps, manager, beta, ranges.beta(), training);
        NDArray aV = value(ps, manager, a, ranges.a(), training);
        NDArray bV = value(ps, manager, b, ranges.b(), training);
        NDArray gain = alphaV.neg().add(1f);
        NDArray recurrent = recurrentDrive(ps, manager, gain, training);
        SpikeFunction spike = surrogate.bind(manager, threshold);
        return new Step() {
            @Override
            public NDList drives(NDArray i) {
                return new NDList(i.mul(gain));
            }

            @Override
            public NeuronState next(NDList drive, NeuronState prev) {
                // state first, coefficient (N) second: the broadcast runs several times faster
                NDArray w = prev.w().mul(betaV).add(prev.u().mul(aV)).add(prev.s().mul(bV));
                NDArray input = drive.head();
                if (recurrent != null) {
                    input = input.add(prev.s().matMul(recurrent));
                }
                NDArray u = prev.u().sub(prev.s()).mul(alphaV).add(input).sub(w.mul(gain));
                return new NeuronState(u, w, spike.apply(u));
            }
        };
    }

    @Override
    public NeuronStateSpace[] exportStateSpace() {
        float[] al = forwardValues(alpha, ranges.alpha());
        float[] be = forwardValues(beta, ranges.beta());
        float[] av = forwardValues(a, ranges.a());
        float[] bv = forwardValues(b, ranges.b());
        NeuronStateSpace[] out = new NeuronStateSpace[units];
        for (int i = 0; i < units; i++) {
            out[i] = NeuronStateSpace.adLif(al[i], be[i], av[i], bv[i]);
        }
        return out;
    }
}
