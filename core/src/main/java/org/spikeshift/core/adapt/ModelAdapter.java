package org.spikeshift.core.adapt;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.AdaptationOptions.Normalization;
import org.spikeshift.core.network.LayerSpec;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.AdLifLayer;
import org.spikeshift.core.neuron.AdaptiveLifLayer;
import org.spikeshift.core.neuron.LeakyReadout;
import org.spikeshift.core.neuron.LifLayer;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.RangeBounds;
import org.spikeshift.core.neuron.RadLifLayer;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.neuron.StateSpaceLayer;
import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;

/**
 * Zero-shot temporal-resolution adaptation: rewrites a trained network's parameters for another
 * bin size, rho = b_T / b_S (any positive ratio, both directions), and returns a new network.
 *
 * <ul>
 *   <li>{@code none} copies; {@code tau-scaling} keeps each neuron's own form with alpha^rho,
 *       beta^rho (optionally preserving the steady-state gain a/(1-beta));
 *   <li>{@code integral}, {@code expectation}, {@code euler} rewrite (A, B_in, B_s) per neuron and
 *       run the result as a {@link StateSpaceLayer}, since A^rho leaves the adLIF form;
 *   <li>adapted layers are unclamped so that trained ranges cannot undo the adaptation;
 *   <li>BatchNorm running statistics follow sum-binning (mean x rho, variance x rho^2 or rho);
 *   <li>the readout follows the same rule as a one-state neuron, its input gain folded into its
 *       BatchNorm gamma and beta.
 * </ul>
 */
public final class ModelAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ModelAdapter.class);

    private ModelAdapter() {}

    /**
     * Adapts {@code source} to {@code targetBinMs}.
     *
     * @param source the trained network (unchanged)
     * @param targetBinMs the target bin size in milliseconds
     * @param options method and variants
     * @param manager owner of the new network's parameters
     * @return the adapted network and any warnings
     */
    public static AdaptedNetwork adapt(
            SpikingNetwork source, double targetBinMs, AdaptationOptions options, NDManager manager) {
        if (!(targetBinMs > 0) || Double.isInfinite(targetBinMs)) {
            throw new IllegalArgumentException("target bin size must be positive, got " + targetBinMs);
        }
        NetworkSpec spec = source.spec();
        double rho = targetBinMs / spec.binMs();
        List<String> warnings = new ArrayList<>();
        if (options.method() == AdaptationMethod.NONE) {
            SpikingNetwork copy =
                    SpikingNetwork.create(spec.withLayers(spec.layers(), spec.readoutClamped(), targetBinMs), manager);
            copyParameters(source, copy);
            adaptNormalization(copy, rho, options.normalization());
            warnings.addAll(stabilityWarnings(source, copy, options, rho));
            warnings.forEach(LOG::warn);
            return new AdaptedNetwork(copy, rho, warnings);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (SpikingLayer layer : source.layers()) {
            layers.add(targetLayerSpec(layer, options.method()));
        }
        boolean readoutClamped = options.adaptReadout() ? false : spec.readoutClamped();
        SpikingNetwork target =
                SpikingNetwork.create(spec.withLayers(layers, readoutClamped, targetBinMs), manager);
        for (int i = 0; i < layers.size(); i++) {
            SpikingLayer from = source.layers().get(i);
            SpikingLayer to = target.layers().get(i);
            copyParameters(from.linear(), to.linear());
            copyParameters(from.norm(), to.norm());
            if (to instanceof StateSpaceLayer ss) {
                adaptStateSpace(from, ss, rho, options);
            } else {
                tauScale(from, to, rho, options.preserveGains(), spec.rangeBounds());
            }
        }
        copyParameters(source.readout(), target.readout());
        if (options.adaptReadout()) {
            adaptReadout(source.readout(), target.readout(), rho, options);
        }
        adaptNormalization(target, rho, options.normalization());
        warnings.addAll(stabilityWarnings(source, target, options, rho));
        warnings.forEach(LOG::warn);
        return new AdaptedNetwork(target, rho, warnings);
    }

    /**
     * One warning per hidden layer or readout with neurons whose dynamics are unstable (spectral
     * radius >= 1) after adaptation, saying how many were already unstable in the source.
     */
    static List<String> stabilityWarnings(
            SpikingNetwork source, SpikingNetwork target, AdaptationOptions options, double rho) {
        List<String> out = new ArrayList<>();
        String rule = String.format(java.util.Locale.ROOT, "%s at rho=%.4g", options.method().id(), rho);
        for (int i = 0; i < target.layers().size(); i++) {
            int after = unstable(target.layers().get(i).exportStateSpace());
            if (after > 0) {
                out.add(String.format(java.util.Locale.ROOT,
                        "%s: %d of %d neurons in layer %d have unstable dynamics (spectral radius >= 1;"
                                + " %d already in the source)", rule, after, target.layers().get(i).units(), i,
                        unstable(source.layers().get(i).exportStateSpace())));
            }
        }
        int after = unstable(target.readout().decay());
        if (after > 0) {
            out.add(String.format(java.util.Locale.ROOT,
                    "%s: %d of %d readout neurons have |alpha_o| >= 1 (%d already in the source)", rule, after,
                    target.readout().decay().length, unstable(source.readout().decay())));
        }
        return out;
    }

    private static int unstable(NeuronStateSpace[] neurons) {
        int n = 0;
        for (NeuronStateSpace s : neurons) {
            Matrix2 a = s.a();
            // LIF's w is decoupled and never driven: only u's decay matters
            boolean scalar = a.m01() == 0 && a.m10() == 0 && s.bIn().x1() == 0 && s.bS().x1() == 0;
            n += (scalar ? Math.abs(a.m00()) : a.spectralRadius()) >= 1 ? 1 : 0;
        }
        return n;
    }

    private static int unstable(float[] decays) {
        int n = 0;
        for (float d : decays) {
            n += Math.abs(d) >= 1 ? 1 : 0;
        }
        return n;
    }

    /**
     * The same network with every hidden layer in the general state-space form: an exact
     * conversion (same outputs), the form adapted networks run in.
     */
    public static SpikingNetwork toStateSpace(SpikingNetwork source, NDManager manager) {
        NetworkSpec spec = source.spec();
        List<LayerSpec> layers = new ArrayList<>();
        for (SpikingLayer layer : source.layers()) {
            layers.add(targetLayerSpec(layer, AdaptationMethod.INTEGRAL));
        }
        SpikingNetwork target =
                SpikingNetwork.create(spec.withLayers(layers, spec.readoutClamped(), spec.binMs()), manager);
        for (int i = 0; i < layers.size(); i++) {
            SpikingLayer from = source.layers().get(i);
            StateSpaceLayer to = (StateSpaceLayer) target.layers().get(i);
            copyParameters(from.linear(), to.linear());
            copyParameters(from.norm(), to.norm());
            to.setStateSpace(from.exportStateSpace());
            copyRecurrent(from, to);
        }
        copyParameters(source.readout(), target.readout());
        return target;
    }

    private static LayerSpec targetLayerSpec(SpikingLayer layer, AdaptationMethod method) {
        NeuronKind kind = kindOf(layer);
        boolean recurrent = layer.hasRecurrent();
        if (method == AdaptationMethod.TAU_SCALING) {
            if (kind == NeuronKind.STATE_SPACE) {
                throw new IllegalArgumentException(
                        "tau-scaling needs a LIF, adLIF or RadLIF layer; this one is already in"
                                + " state-space form");
            }
            return new LayerSpec(kind, layer.units(), false, recurrent);
        }
        return new LayerSpec(NeuronKind.STATE_SPACE, layer.units(), false, recurrent);
    }

    private static NeuronKind kindOf(SpikingLayer layer) {
        if (layer instanceof StateSpaceLayer) {
            return NeuronKind.STATE_SPACE;
        }
        if (layer instanceof RadLifLayer) {
            return NeuronKind.RADLIF;
        }
        if (layer instanceof AdLifLayer) {
            return NeuronKind.ADLIF;
        }
        return NeuronKind.LIF;
    }

    private static void adaptStateSpace(
            SpikingLayer from,
            StateSpaceLayer to,
            double rho,
            AdaptationOptions options) {
        NeuronStateSpace[] neurons = from.exportStateSpace();
        NeuronStateSpace[] adapted = new NeuronStateSpace[neurons.length];
        for (int n = 0; n < neurons.length; n++) {
            adapted[n] = StateSpaceRules.adapt(neurons[n], rho, options);
        }
        to.setStateSpace(adapted);
        copyRecurrent(from, to);
    }

    private static void copyRecurrent(SpikingLayer from, StateSpaceLayer to) {
        float[] v = from.recurrentWithoutDiagonal();
        if (v != null) {
            to.setRecurrent(v);
        }
    }

    private static void tauScale(
            SpikingLayer from, SpikingLayer to, double rho, boolean preserveGains, RangeBounds ranges) {
        copyParameters(from, to); // V and the rest; neuron parameters are then overwritten
        if (from instanceof AdaptiveLifLayer src && to instanceof AdaptiveLifLayer dst) {
            float[] alpha = src.forwardValues(src.alpha(), ranges.alpha());
            float[] beta = src.forwardValues(src.beta(), ranges.beta());
            float[] a = src.forwardValues(src.a(), ranges.a());
            float[] b = src.forwardValues(src.b(), ranges.b());
            float[] alphaT = new float[alpha.length];
            float[] betaT = new float[alpha.length];
            for (int i = 0; i < alpha.length; i++) {
                alphaT[i] = (float) Math.pow(alpha[i], rho);
                betaT[i] = (float) Math.pow(beta[i], rho);
                if (preserveGains) { // b multiplies spike events, not a rate: unchanged
                    a[i] = (float) (a[i] * (1 - Math.pow(beta[i], rho)) / (1 - beta[i]));
                }
            }
            dst.alpha().getArray().set(alphaT);
            dst.beta().getArray().set(betaT);
            dst.a().getArray().set(a);
            dst.b().getArray().set(b);
        } else if (from instanceof LifLayer src && to instanceof LifLayer dst) {
            float[] alpha = src.forwardValues(src.alpha(), ranges.alpha());
            for (int i = 0; i < alpha.length; i++) {
                alpha[i] = (float) Math.pow(alpha[i], rho);
            }
            dst.alpha().getArray().set(alpha);
        }
    }

    private static void adaptReadout(
            LeakyReadout from, LeakyReadout to, double rho, AdaptationOptions options) {
        float[] alpha = from.decay();
        int classes = alpha.length;
        float[] alphaT = new float[classes];
        float[] foldedGain = new float[classes];
        for (int i = 0; i < classes; i++) {
            double a = alpha[i];
            double aT;
            double gainT;
            switch (options.method()) {
                case TAU_SCALING, INTEGRAL -> {
                    aT = Math.pow(a, rho);
                    gainT = 1 - aT;
                }
                case EXPECTATION -> {
                    aT = Math.pow(a, rho);
                    gainT = (1 - aT) / rho;
                }
                case EULER -> {
                    aT = 1 + rho * (a - 1);
                    gainT = (options.eulerInput() == AdaptationOptions.EulerInput.SCALED ? rho : 1) * (1 - a);
                }
                default -> {
                    aT = a;
                    gainT = 1 - a;
                }
            }
            alphaT[i] = (float) aT;
            foldedGain[i] = (float) (gainT / (1 - aT));
        }
        to.alpha().getArray().set(alphaT);
        scaleParameter(to.norm(), "gamma", foldedGain);
        scaleParameter(to.norm(), "beta", foldedGain);
    }

    private static void adaptNormalization(SpikingNetwork net, double rho, Normalization rule) {
        if (rule == Normalization.UNCHANGED) {
            return;
        }
        double varianceScale = rule == Normalization.RHO_RHO2 ? rho * rho : rho;
        List<BatchNorm> norms = new ArrayList<>();
        net.layers().forEach(l -> norms.add(l.norm()));
        norms.add(net.readout().norm());
        for (BatchNorm norm : norms) {
            scaleParameter(norm, "runningMean", (float) rho);
            scaleParameter(norm, "runningVar", (float) varianceScale);
        }
    }

    private static void scaleParameter(Block block, String name, float factor) {
        Parameter p = block.getParameters().get(name);
        float[] v = p.getArray().toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        p.getArray().set(v);
    }

    private static void scaleParameter(Block block, String name, float[] factors) {
        Parameter p = block.getParameters().get(name);
        float[] v = p.getArray().toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factors[i];
        }
        p.getArray().set(v);
    }

    /** Copies parameter values between two blocks of identical structure. */
    public static void copyParameters(Block from, Block to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException(
                    "blocks differ in structure: " + src.size() + " vs " + dst.size() + " parameters");
        }
        for (int i = 0; i < src.size(); i++) {
            Parameter s = src.get(i).getValue();
            Parameter d = dst.get(i).getValue();
            if (!s.getShape().equals(d.getShape())) {
                throw new IllegalArgumentException(
                        "parameter " + src.get(i).getKey() + " has shape " + s.getShape() + " vs " + d.getShape());
            }
            d.getArray().set(s.getArray().toFloatArray());
        }
    }
}
