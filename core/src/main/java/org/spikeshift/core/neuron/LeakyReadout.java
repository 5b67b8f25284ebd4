package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.spikeshift.core.init.FanInUniformInitializer;
import org.spikeshift.core.loop.LoopPass;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.core.loop.TimeLoopBackend;
import org.spikeshift.core.loop.TimeLoopTape;

/**
 * Non-spiking leaky-integrator readout:
 *
 * <pre>
 * u_o[k] = alpha_o u_o[k-1] + (1 - alpha_o) BN(W_o h[k])
 * out    = sum over k of softmax(u_o[k])
 * </pre>
 *
 * Input (B, T, H) spikes, output (B, C). alpha_o (C) is learnable in the alpha range and clamped
 * unless built unclamped. An input gain other than (1 - alpha_o), as adaptation produces, is folded
 * into the BatchNorm's gamma and beta, which scale its output exactly.
 */
public class LeakyReadout extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int classes;
    private final boolean clamped;
    private final ParamRange alphaRange;
    private final Linear linear;
    private final BatchNorm norm;
    private final RunningStatistics statistics = new RunningStatistics();
    private final Parameter alpha;
    private TimeLoop timeLoop = TimeLoop.JVM;
    private double binRatio = 1;
    private double inputRatio = 1;

    LeakyReadout(Builder builder) {
        super(VERSION);
        classes = builder.classes;
        clamped = builder.clamped;
        alphaRange = builder.ranges.alpha();
        linear = addChildBlock("linear", Linear.builder().setUnits(classes).optBias(false).build());
        linear.setInitializer(new FanInUniformInitializer(), Parameter.Type.WEIGHT);
        norm =
                addChildBlock(
                        "norm",
                        BatchNorm.builder()
                                .optAxis(1)
                                .optMomentum(SpikingLayer.BATCH_NORM_MOMENTUM)
                                .optEpsilon(SpikingLayer.BATCH_NORM_EPSILON)
                                .build());
        alpha = addParameter(LifLayer.neuronParameter("alpha", alphaRange, classes));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Linear linear() {
        return linear;
    }

    public BatchNorm norm() {
        return norm;
    }

    /** How the BatchNorm's running statistics are updated in training. */
    public RunningStatistics runningStatistics() {
        return statistics;
    }

    public Parameter alpha() {
        return alpha;
    }

    public boolean clamped() {
        return clamped;
    }

    /** alpha_o as the forward pass uses it (clamped when this readout is). */
    public float[] decay() {
        float[] v = alpha.getArray().toFloatArray();
        if (clamped) {
            for (int i = 0; i < v.length; i++) {
                v[i] = alphaRange.clamp(v[i]);
            }
        }
        return v;
    }

    /**
     * The membrane trajectory u_o, shape (B, T, C).
     *
     * @param tape the pass's tape (see {@link TimeLoopTape}), or null
     */
    public NDArray membrane(ParameterStore ps, NDArray h, boolean training, TimeLoopTape tape) {
        return membrane(ps, h, training, tape, timeLoop.backend(true, training, tape));
    }

    /**
     * The membrane trajectory u_o (B, T, C) under the engine's autograd throughout: for losses that
     * also reach the layers below by another path, which the JVM integration's own backward would
     * traverse a second time.
     */
    public NDArray engineMembrane(ParameterStore ps, NDArray h, boolean training) {
        return membrane(ps, h, training, null, TimeLoop.ENGINE.backend(true, training, null));
    }

    private NDArray membrane(
            ParameterStore ps,
            NDArray h,
            boolean training,
            TimeLoopTape tape,
            TimeLoopBackend backend) {
        Shape shape = h.getShape();
        long batch = shape.get(0);
        int steps = Math.toIntExact(shape.get(1));
        NDManager manager = h.getManager();
        NDArray projected =
                linear.forward(ps, new NDList(h.reshape(batch * steps, shape.get(2))), training)
                        .head();
        NDArray a =
                manager.zeros(new Shape()).add(ps.getValue(alpha, manager.getDevice(), training));
        if (clamped) {
            a = a.clip(alphaRange.min(), alphaRange.max());
        }
        if (binRatio != 1) {
            a = EulerConversion.decay(a, binRatio);
        }
        if (backend.foldsNormalisation()) {
            return backend.integrate(
                    a,
                    projected.reshape(batch, steps, classes),
                    new LoopPass(
                            training, tape, 0f, statistics.fold(ps, norm, training), null, false));
        }
        NDArray current =
                statistics
                        .engineForward(ps, norm, projected, training)
                        .reshape(batch, steps, classes);
        return backend.integrate(a, current, new LoopPass(training, tape, 0f, null, null, false));
    }

    /**
     * As {@link SpikingLayer#setBinRatio}: the next training passes at rho times the network's bin.
     */
    public void setBinRatio(double rho, double inputRho) {
        EulerConversion.requireRatios(rho, inputRho);
        binRatio = rho;
        inputRatio = inputRho;
    }

    /** Where the integration runs; {@link TimeLoop#JVM} by default, as for the spiking layers. */
    public TimeLoop timeLoop() {
        return timeLoop;
    }

    /** Chooses where the integration runs; an execution choice, not saved with the model. */
    public void setTimeLoop(TimeLoop timeLoop) {
        this.timeLoop = timeLoop;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (binRatio == 1) {
            return new NDList(
                    membrane(ps, inputs.head(), training, TimeLoopTape.in(params))
                            .softmax(-1)
                            .sum(new int[] {1}));
        }
        if (!training) {
            throw new IllegalStateException(
                    "the readout runs at another bin ratio in training only; evaluate a"
                            + " converted network (adapt --method euler) instead");
        }
        float[][] before = RunningStatistics.snapshot(norm);
        NDArray scores =
                membrane(ps, inputs.head(), true, TimeLoopTape.in(params))
                        .softmax(-1)
                        .sum(new int[] {1});
        statistics.restateLastUpdate(norm, before, inputRatio);
        return new NDList(scores);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        linear.initialize(manager, dataType, new Shape(1, in.get(in.dimension() - 1)));
        norm.initialize(manager, dataType, new Shape(1, classes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    /** Builder of {@link LeakyReadout}. */
    public static final class Builder {
        int classes;
        boolean clamped = true;
        RangeBounds ranges = NeuronRanges.SPARCH.bounds();

        /** Number of classes (required, at least 2). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Whether alpha_o is clamped to the alpha range; default true. */
        public Builder optClamped(boolean clamped) {
            this.clamped = clamped;
            return this;
        }

        /** Ranges (alpha_o uses the alpha range); default those of {@link NeuronRanges#SPARCH}. */
        public Builder optRanges(RangeBounds ranges) {
            this.ranges = ranges;
            return this;
        }

        public LeakyReadout build() {
            if (classes < 2) {
                throw new IllegalArgumentException("classes must be at least 2, got " + classes);
            }
            return new LeakyReadout(this);
        }
    }
}
