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
import org.spikeshift.core.loop.DirectBuffers;
import org.spikeshift.core.network.LayerSpec;
import org.spikeshift.core.network.MixedTimeSteps;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.AdLifLayer;
import org.spikeshift.core.neuron.AdaptiveLifLayer;
import org.spikeshift.core.neuron.LeakyReadout;
import org.spikeshift.core.neuron.LifLayer;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.RadLifLayer;
import org.spikeshift.core.neuron.RangeBounds;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.neuron.StateSpaceLayer;
import org.spikeshift.core.statespace.Matrix2;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.Vector2;

/**
 * Zero-shot temporal-resolution adaptation: rewrites a trained network's parameters for another bin
 * size, rho = b_T / b_S (any positive ratio, both directions), and returns a new network.
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
            SpikingNetwork source,
            double targetBinMs,
            AdaptationOptions options,
            NDManager manager) {
        if (!(targetBinMs > 0) || Double.isInfinite(targetBinMs)) {
            throw new IllegalArgumentException(
                    "target bin size must be positive, got " + targetBinMs);
        }
        NetworkSpec spec = source.spec();
        double rho = targetBinMs / spec.binMs();
        List<String> warnings = new ArrayList<>();
        if (options.method() == AdaptationMethod.NONE) {
            SpikingNetwork copy =
                    SpikingNetwork.create(
                            spec.withLayers(spec.layers(), spec.readoutClamped(), targetBinMs),
                            manager);
            for (int i = 0;
                    i < copy.layers().size();
                    i++) { // the event network: a static head stays behind
                copyParameters(source.layers().get(i), copy.layers().get(i));
            }
            copyParameters(source.readout(), copy.readout());
            adaptNormalization(source, copy, rho, options);
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
                SpikingNetwork.create(
                        spec.withLayers(layers, readoutClamped, targetBinMs), manager);
        for (int i = 0; i < layers.size(); i++) {
            SpikingLayer from = source.layers().get(i);
            SpikingLayer to = target.layers().get(i);
            copyParameters(from.projection(), to.projection());
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
        adaptNormalization(source, target, rho, options);
        warnings.addAll(stabilityWarnings(source, target, options, rho));
        warnings.forEach(LOG::warn);
        return new AdaptedNetwork(target, rho, warnings);
    }

    /**
     * The network as it runs at {@code binMs}: a network trained with mixed time steps in physical
     * time is converted by the rule it was trained with (Euler with its default variants, exactly
     * as its blocks ran in training); any other network is returned as it is, never converted
     * silently.
     */
    public static SpikingNetwork atBin(SpikingNetwork net, double binMs, NDManager manager) {
        if (binMs == net.spec().binMs() || !net.spec().convertsParameters()) {
            return net;
        }
        return adapt(net, binMs, AdaptationOptions.of(AdaptationMethod.EULER), manager).network();
    }

    /** The conversion {@link #atBin} applies to {@code net} at {@code binMs}: none or euler. */
    public static MixedTimeSteps.Conversion conversionAt(SpikingNetwork net, double binMs) {
        return binMs == net.spec().binMs() || !net.spec().convertsParameters()
                ? MixedTimeSteps.Conversion.NONE
                : MixedTimeSteps.Conversion.EULER;
    }

    /**
     * One warning per hidden layer or readout with neurons whose dynamics are unstable (spectral
     * radius >= 1) after adaptation, saying how many were already unstable in the source.
     */
    static List<String> stabilityWarnings(
            SpikingNetwork source, SpikingNetwork target, AdaptationOptions options, double rho) {
        List<String> out = new ArrayList<>();
        String rule =
                String.format(java.util.Locale.ROOT, "%s at rho=%.4g", options.method().id(), rho);
        for (int i = 0; i < target.layers().size(); i++) {
            int after = unstable(target.layers().get(i).exportStateSpace());
            if (after > 0) {
                out.add(
                        String.format(
                                java.util.Locale.ROOT,
                                "%s: %d of %d neurons in layer %d have unstable dynamics "
                                        + "(spectral radius >= 1;"
                                        + " %d already in the source)",
                                rule,
                                after,
                                target.layers().get(i).units(),
                                i,
                                unstable(source.layers().get(i).exportStateSpace())));
            }
        }
        int after = unstable(target.readout().decay());
        if (after > 0) {
            out.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "%s: %d of %d readout neurons have |alpha_o| >= 1 (%d already "
                                    + "in the source)",
                            rule,
                            after,
                            target.readout().decay().length,
                            unstable(source.readout().decay())));
        }
        return out;
    }

    private static int unstable(NeuronStateSpace[] neurons) {
        int n = 0;
        for (NeuronStateSpace s : neurons) {
            n += s.unstable() ? 1 : 0;
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
     * The same network with every hidden layer in the general state-space form: an exact conversion
     * (same outputs), the form adapted networks run in.
     */
    public static SpikingNetwork toStateSpace(SpikingNetwork source, NDManager manager) {
        NetworkSpec spec = source.spec();
        List<LayerSpec> layers = new ArrayList<>();
        for (SpikingLayer layer : source.layers()) {
            layers.add(targetLayerSpec(layer, AdaptationMethod.INTEGRAL));
        }
        SpikingNetwork target =
                SpikingNetwork.create(
                        spec.withLayers(layers, spec.readoutClamped(), spec.binMs()), manager);
        for (int i = 0; i < layers.size(); i++) {
            SpikingLayer from = source.layers().get(i);
            StateSpaceLayer to = (StateSpaceLayer) target.layers().get(i);
            copyParameters(from.projection(), to.projection());
            copyParameters(from.norm(), to.norm());
            to.setStateSpace(from.exportStateSpace());
            if (from.hasRecurrent()) {
                to.setRecurrent(from.recurrentWithoutDiagonal(), from.recurrentGainValues());
            }
        }
        copyParameters(source.readout(), target.readout());
        return target;
    }

    private static LayerSpec targetLayerSpec(SpikingLayer layer, AdaptationMethod method) {
        NeuronKind kind = kindOf(layer);
        boolean recurrent = layer.hasRecurrent();
        if (method.rule().keepsNeuronForm()) {
            if (kind == NeuronKind.STATE_SPACE) {
                throw new IllegalArgumentException(
                        "tau-scaling needs a LIF, adLIF or RadLIF layer; this one is already in"
                                + " state-space form");
            }
            return new LayerSpec(kind, layer.units(), false, recurrent, layer.conv());
        }
        return new LayerSpec(NeuronKind.STATE_SPACE, layer.units(), false, recurrent, layer.conv());
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
            SpikingLayer from, StateSpaceLayer to, double rho, AdaptationOptions options) {
        NeuronStateSpace[] neurons = from.exportStateSpace();
        NeuronStateSpace[] adapted = new NeuronStateSpace[neurons.length];
        for (int n = 0; n < neurons.length; n++) {
            adapted[n] = StateSpaceRules.adapt(neurons[n], rho, options);
        }
        to.setStateSpace(adapted);
        if (from.hasRecurrent()) { // V s[k-1] is made of spikes: the spike rule, not the input rule
            int n = neurons.length;
            float[] gain = from.recurrentGainValues();
            float[] gainT = new float[2 * n];
            for (int i = 0; i < n; i++) {
                Vector2 g =
                        StateSpaceRules.spikeDrivenGain(
                                neurons[i], new Vector2(gain[i], gain[n + i]), rho, options);
                gainT[i] = (float) g.x0();
                gainT[n + i] = (float) g.x1();
            }
            to.setRecurrent(from.recurrentWithoutDiagonal(), gainT);
        }
    }

    private static void tauScale(
            SpikingLayer from,
            SpikingLayer to,
            double rho,
            boolean preserveGains,
            RangeBounds ranges) {
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
            DirectBuffers.write(dst.alpha().getArray(), alphaT);
            DirectBuffers.write(dst.beta().getArray(), betaT);
            DirectBuffers.write(dst.a().getArray(), a);
            DirectBuffers.write(dst.b().getArray(), b);
        } else if (from instanceof LifLayer src && to instanceof LifLayer dst) {
            float[] alpha = src.forwardValues(src.alpha(), ranges.alpha());
            for (int i = 0; i < alpha.length; i++) {
                alpha[i] = (float) Math.pow(alpha[i], rho);
            }
            DirectBuffers.write(dst.alpha().getArray(), alpha);
        }
    }

    private static void adaptReadout(
            LeakyReadout from, LeakyReadout to, double rho, AdaptationOptions options) {
        float[] alpha = from.decay();
        int classes = alpha.length;
        float[] alphaT = new float[classes];
        float[] foldedGain = new float[classes];
        MethodRule rule = options.method().rule();
        for (int i = 0; i < classes; i++) {
            double a = alpha[i];
            // the readout is a one-state neuron: A = alpha, B_in = 1 - alpha
            Matrix2 scalar = Matrix2.IDENTITY.times(a);
            double aT = rule.stateMatrix(scalar, rho, options).m00();
            double gainT = rule.inputGain(scalar, rho, options).m00() * (1 - a);
            alphaT[i] = (float) aT;
            foldedGain[i] = (float) (gainT / (1 - aT));
        }
        DirectBuffers.write(to.alpha().getArray(), alphaT);
        scaleParameter(to.norm(), "gamma", foldedGain);
        scaleParameter(to.norm(), "beta", foldedGain);
    }

    /**
     * BatchNorm running statistics for the target bin. The variance is rescaled together with
     * BatchNorm's epsilon: var_T + eps = f (var_S + eps), so that sqrt(var + eps), the scale BN
     * divides by, follows the rule exactly.
     */
    private static void adaptNormalization(
            SpikingNetwork source, SpikingNetwork target, double rho, AdaptationOptions options) {
        Normalization rule = options.normalization();
        boolean matched = options.spikeInputs() == AdaptationOptions.SpikeInputs.MATCHED;
        for (int l = 0; l < target.layers().size(); l++) {
            BatchNorm norm = target.layers().get(l).norm();
            if (l > 0 && matched) {
                rescaleStatistics(norm, spikeKappa(source.layers().get(l), target.layers().get(l)));
            } else if (rule != Normalization.UNCHANGED) {
                rescaleStatistics(norm, inputRule(rho, rule, target.layers().get(l).units()));
            }
        }
        LeakyReadout readout = target.readout();
        if (matched) {
            rescaleStatistics(readout.norm(), readoutKappa(source.readout(), readout));
        } else if (rule != Normalization.UNCHANGED) {
            rescaleStatistics(readout.norm(), inputRule(rho, rule, readout.decay().length));
        }
    }

    /** Sum-binning by rho: kappa = 1/rho on the mean, 1/rho (rho-rho2) or 1/sqrt(rho) on the sd. */
    private static double[][] inputRule(double rho, Normalization rule, int n) {
        double[] mean = new double[n];
        double[] sd = new double[n];
        java.util.Arrays.fill(mean, rho);
        java.util.Arrays.fill(sd, rule == Normalization.RHO_RHO2 ? rho : Math.sqrt(rho));
        return new double[][] {mean, sd};
    }

    /**
     * Per neuron (A_T A_S^-1 B_in,S)_u / (B_in,T)_u: the spike rule's gain over the input rule's.
     */
    private static double[][] spikeKappa(SpikingLayer from, SpikingLayer to) {
        NeuronStateSpace[] s = from.exportStateSpace();
        NeuronStateSpace[] t = to.exportStateSpace();
        double[] factor = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            double spikeGain = t[i].a().times(s[i].a().inverse().times(s[i].bIn())).x0();
            factor[i] = positiveOrOne(t[i].bIn().x0() / spikeGain);
        }
        return new double[][] {factor, factor};
    }

    /**
     * The readout as a one-state neuron: its per-step input gain is (1 - alpha_T) times the folded
     * gain.
     */
    private static double[][] readoutKappa(LeakyReadout from, LeakyReadout to) {
        float[] a = from.decay();
        float[] aT = to.decay();
        float[] gamma = from.norm().getParameters().get("gamma").getArray().toFloatArray();
        float[] gammaT = to.norm().getParameters().get("gamma").getArray().toFloatArray();
        double[] factor = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double folded = gamma[i] == 0 ? 1 : gammaT[i] / gamma[i];
            double inputGain = (1 - aT[i]) * folded;
            double spikeGain = aT[i] / a[i] * (1 - a[i]);
            factor[i] = positiveOrOne(inputGain / spikeGain);
        }
        return new double[][] {factor, factor};
    }

    /** A rescaling factor, or 1 where a degenerate neuron (no input gain) gives none. */
    private static double positiveOrOne(double factor) {
        return factor > 0 && Double.isFinite(factor) ? factor : 1;
    }

    /** mean x m, sd x s per feature, the variance with epsilon: var_T = s^2 (var + eps) - eps. */
    private static void rescaleStatistics(BatchNorm norm, double[][] meanAndSd) {
        var p = norm.getParameters();
        float[] mean = p.get("runningMean").getArray().toFloatArray();
        float[] var = p.get("runningVar").getArray().toFloatArray();
        double eps = SpikingLayer.BATCH_NORM_EPSILON;
        for (int i = 0; i < mean.length; i++) {
            double s = meanAndSd[1][i];
            mean[i] = (float) (mean[i] * meanAndSd[0][i]);
            var[i] = (float) Math.max(0, s * s * (var[i] + eps) - eps);
        }
        DirectBuffers.write(p.get("runningMean").getArray(), mean);
        DirectBuffers.write(p.get("runningVar").getArray(), var);
    }

    private static void scaleParameter(Block block, String name, float[] factors) {
        Parameter p = block.getParameters().get(name);
        float[] v = p.getArray().toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factors[i];
        }
        DirectBuffers.write(p.getArray(), v);
    }

    /** Copies parameter values between two blocks of identical structure. */
    public static void copyParameters(Block from, Block to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException(
                    "blocks differ in structure: "
                            + src.size()
                            + " vs "
                            + dst.size()
                            + " parameters");
        }
        for (int i = 0; i < src.size(); i++) {
            Parameter s = src.get(i).getValue();
            Parameter d = dst.get(i).getValue();
            if (!s.getShape().equals(d.getShape())) {
                throw new IllegalArgumentException(
                        "parameter "
                                + src.get(i).getKey()
                                + " has shape "
                                + s.getShape()
                                + " vs "
                                + d.getShape());
            }
            DirectBuffers.write(d.getArray(), s.getArray().toFloatArray());
        }
    }
}
