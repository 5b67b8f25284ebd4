package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.spikeshift.core.init.FanInUniformInitializer;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.surrogate.Surrogate;

/**
 * A hidden spiking layer: {@code I = BN(W x)} (linear without bias, BatchNorm over batch x time
 * per feature), the neuron recurrence over the time steps, then dropout on the output spikes.
 *
 * <p>Input (B, T, C) of frames; output {@code [spikes (B, T, N), mean firing rate ()]}, the rate
 * taken before dropout. States start at zero. Subclasses add only their parameters and their
 * {@link Step}; the time loop, normalisation and dropout live here.
 *
 * <p>BatchNorm momentum follows DJL's convention (weight of the old running value): 0.95 here is
 * PyTorch's 0.05.
 */
public abstract class SpikingLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    /** DJL convention: weight of the old running value (PyTorch's momentum 0.05). */
    public static final float BATCH_NORM_MOMENTUM = 0.95f;

    protected final int units;
    protected final float threshold;
    protected final Surrogate surrogate;
    protected final boolean clamped;
    private final Linear linear;
    private final BatchNorm norm;
    private final Dropout dropout;
    private final float dropoutRate;

    protected SpikingLayer(BaseBuilder<?> builder) {
        super(VERSION);
        units = builder.units;
        threshold = builder.threshold;
        surrogate = builder.surrogate;
        clamped = builder.clamped;
        dropoutRate = builder.dropout;
        linear = addChildBlock("linear", Linear.builder().setUnits(units).optBias(false).build());
        linear.setInitializer(new FanInUniformInitializer(), Parameter.Type.WEIGHT);
        norm =
                addChildBlock(
                        "norm",
                        BatchNorm.builder().optAxis(1).optMomentum(BATCH_NORM_MOMENTUM).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    public int units() {
        return units;
    }

    /** The firing threshold theta. */
    public float threshold() {
        return threshold;
    }

    public Linear linear() {
        return linear;
    }

    public BatchNorm norm() {
        return norm;
    }

    /** Whether the neuron parameters are clamped to their trained ranges on every forward. */
    public boolean clamped() {
        return clamped;
    }

    /** The exact per-neuron (A, B_in, B_s) of this layer's current (clamped) parameters. */
    public abstract NeuronStateSpace[] exportStateSpace();

    /**
     * Binds the neuron's per-forward coefficients (clamped parameters, derived gains) for one pass.
     *
     * @param ps the parameter store
     * @param current the normalised input current (B, T, N); its manager owns every temporary
     * @param training whether this is a training pass
     * @return the step function of this pass
     */
    protected abstract Step bind(ParameterStore ps, NDArray current, boolean training);

    /** One pass's neuron update. */
    protected interface Step {
        /** Input terms for all time steps at once, each (B, T, N); split per step by the loop. */
        NDList drives(NDArray current);

        /** Advances one step given this step's slice (B, 1, N) of each drive. */
        NeuronState next(NDList drivesAtStep, NeuronState previous);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray current = current(ps, inputs.head(), training);
        NDArray spikes = runLoop(bind(ps, current, training), current, false).head();
        NDArray rate = spikes.mean();
        NDArray out = dropoutRate > 0 ? dropout.forward(ps, new NDList(spikes), training).head() : spikes;
        return new NDList(out, rate);
    }

    /**
     * The state trajectories of an inference pass, for analysis and tests.
     *
     * @param ps the parameter store
     * @param x input frames (B, T, C)
     * @return spikes, u and w, each (B, T, N), before dropout
     */
    public NDList trajectories(ParameterStore ps, NDArray x) {
        NDArray current = current(ps, x, false);
        return runLoop(bind(ps, current, false), current, true);
    }

    /** The normalised input current {@code BN(W x)}, (B, T, N). */
    private NDArray current(ParameterStore ps, NDArray x, boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long steps = shape.get(1);
        NDArray flat = x.reshape(batch * steps, shape.get(2));
        NDArray projected = linear.forward(ps, new NDList(flat), training).head();
        return norm.forward(ps, new NDList(projected), training)
                .head()
                .reshape(batch, steps, units);
    }

    private NDList runLoop(Step step, NDArray current, boolean recordStates) {
        Shape shape = current.getShape();
        int steps = Math.toIntExact(shape.get(1));
        NDList drives = step.drives(current);
        NDList[] perStep = new NDList[steps];
        for (int t = 0; t < steps; t++) {
            perStep[t] = new NDList(drives.size());
        }
        for (NDArray drive : drives) {
            NDList slices = drive.split(steps, 1);
            for (int t = 0; t < steps; t++) {
                perStep[t].add(slices.get(t));
            }
        }
        NeuronState state = NeuronState.zeros(current.getManager(), shape.get(0), units);
        NDList spikes = new NDList(steps);
        NDList us = new NDList(recordStates ? steps : 0);
        NDList ws = new NDList(recordStates ? steps : 0);
        for (int t = 0; t < steps; t++) {
            state = step.next(perStep[t], state);
            spikes.add(state.s());
            if (recordStates) {
                us.add(state.u());
                ws.add(state.w());
            }
        }
        NDList out = new NDList(NDArrays.concat(spikes, 1));
        if (recordStates) {
            out.add(NDArrays.concat(us, 1));
            out.add(NDArrays.concat(ws, 1));
        }
        return out;
    }

    /**
     * A parameter's value as a fresh array in the pass's manager, clamped when this layer is.
     * Never make a parameter the first operand of a per-forward op: its result would go to the
     * model's manager and leak.
     */
    protected NDArray value(
            ParameterStore ps, NDManager manager, Parameter p, ParamRange range, boolean training) {
        NDArray v = manager.zeros(new Shape()).add(ps.getValue(p, manager.getDevice(), training));
        return clamped && range != null ? v.clip(range.min(), range.max()) : v;
    }

    /** A parameter's values as the forward pass uses them: clamped to {@code range} when this layer is. */
    public float[] forwardValues(Parameter p, ParamRange range) {
        float[] v = p.getArray().toFloatArray();
        if (clamped && range != null) {
            for (int i = 0; i < v.length; i++) {
                v[i] = range.clamp(v[i]);
            }
        }
        return v;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        linear.initialize(manager, dataType, new Shape(1, in.get(in.dimension() - 1)));
        norm.initialize(manager, dataType, new Shape(1, units));
        dropout.initialize(manager, dataType, new Shape(1, units));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), units), new Shape()};
    }

    /**
     * Options shared by every neuron model.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        int units;
        float threshold = 1f;
        Surrogate surrogate = Surrogate.BOXCAR;
        boolean clamped = true;
        float dropout;
        NeuronRanges ranges = NeuronRanges.SPARCH;

        /** Number of neurons (required, positive). */
        public T setUnits(int units) {
            this.units = units;
            return self();
        }

        /** Firing threshold theta; default 1. Spikes when u is strictly greater. */
        public T optThreshold(float threshold) {
            this.threshold = threshold;
            return self();
        }

        /** Surrogate gradient; default {@link Surrogate#BOXCAR}. */
        public T optSurrogate(Surrogate surrogate) {
            this.surrogate = surrogate;
            return self();
        }

        /**
         * Whether parameters are clamped to their ranges every forward; default true. Adapted
         * layers turn it off so that the trained ranges cannot undo an adaptation.
         */
        public T optClamped(boolean clamped) {
            this.clamped = clamped;
            return self();
        }

        /** Dropout rate on the output spikes; default 0. */
        public T optDropout(float dropout) {
            this.dropout = dropout;
            return self();
        }

        /** Neuron parameter ranges (init and clamp); default {@link NeuronRanges#SPARCH}. */
        public T optRanges(NeuronRanges ranges) {
            this.ranges = ranges;
            return self();
        }

        protected abstract T self();

        protected void validate() {
            if (units <= 0) {
                throw new IllegalArgumentException("units must be positive, got " + units);
            }
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("threshold must be positive, got " + threshold);
            }
        }
    }
}
