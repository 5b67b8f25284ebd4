package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.spikeshift.core.init.FanInUniformInitializer;
import org.spikeshift.core.loop.ActiveInputs;
import org.spikeshift.core.loop.ArrayPool;
import org.spikeshift.core.loop.BatchNormFold;
import org.spikeshift.core.loop.EngineInput;
import org.spikeshift.core.loop.LoopInput;
import org.spikeshift.core.loop.LoopPass;
import org.spikeshift.core.loop.Recurrence;
import org.spikeshift.core.loop.SparseInput;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.core.loop.TimeLoopBackend;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.statespace.NeuronStateSpace;
import org.spikeshift.core.statespace.StateSpaceArrays;
import org.spikeshift.core.statespace.StateSpaceStep;
import org.spikeshift.core.surrogate.Surrogate;

/**
 * A hidden spiking layer: {@code I = BN(W x)} (linear without bias, BatchNorm over batch x time per
 * feature), the neuron recurrence over the time steps, then dropout on the output spikes.
 *
 * <p>Input (B, T, C) of frames; output {@code [spikes (B, T, N), mean firing rate ()]}, the rate
 * taken before dropout. States start at zero. Subclasses add only their parameters and how they map
 * onto the general state space. This class builds each pass's {@link Recurrence} and input and
 * hands them to the backend its {@link TimeLoop} chooses (one loop for every neuron model).
 *
 * <p>BatchNorm momentum follows DJL's convention (weight of the old running value): 0.95 here is
 * PyTorch's 0.05.
 */
public abstract class SpikingLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    /** DJL convention: weight of the old running value (PyTorch's momentum 0.05). */
    public static final float BATCH_NORM_MOMENTUM = 0.95f;

    /** BatchNorm's epsilon in sqrt(var + eps), for every BatchNorm, folded or not (PyTorch's). */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    protected final int units;
    protected final float threshold;
    protected final Surrogate surrogate;
    protected final float surrogateScale;
    protected final boolean clamped;
    private final Block projection;
    private final ConvShape conv;
    private final BatchNorm norm;
    private final Dropout dropout;
    private final float dropoutRate;
    private TimeLoop timeLoop = TimeLoop.JVM;
    private boolean inputIsData;
    private final RunningStatistics statistics = new RunningStatistics();
    private final ArrayPool pool = new ArrayPool();
    private double binRatio = 1;
    private double inputRatio = 1;

    protected SpikingLayer(BaseBuilder<?> builder) {
        super(VERSION);
        units = builder.units;
        threshold = builder.threshold;
        surrogate = builder.surrogate;
        surrogateScale = builder.surrogate.scaleOrDefault(builder.surrogateScale);
        clamped = builder.clamped;
        dropoutRate = builder.dropout;
        conv = builder.conv;
        projection =
                conv == null
                        ? addChildBlock(
                                "linear", Linear.builder().setUnits(units).optBias(false).build())
                        : addChildBlock(
                                "conv",
                                Conv2d.builder()
                                        .setKernelShape(new Shape(conv.kernel(), conv.kernel()))
                                        .optPadding(new Shape(conv.kernel() / 2, conv.kernel() / 2))
                                        .setFilters(units)
                                        .optBias(false)
                                        .build());
        projection.setInitializer(new FanInUniformInitializer(), Parameter.Type.WEIGHT);
        norm =
                addChildBlock(
                        "norm",
                        BatchNorm.builder()
                                .optAxis(1)
                                .optMomentum(BATCH_NORM_MOMENTUM)
                                .optEpsilon(BATCH_NORM_EPSILON)
                                .build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    public int units() {
        return units;
    }

    /** The firing threshold theta. */
    public float threshold() {
        return threshold;
    }

    /**
     * The input projection: a linear map without bias, or the convolution of a convolutional layer.
     */
    public Block projection() {
        return projection;
    }

    /** The convolution of a convolutional layer, or null for a dense one. */
    public ConvShape conv() {
        return conv;
    }

    /**
     * Neurons of the time loop: {@link #units()}, or filters x height x width of a convolutional
     * layer.
     */
    public int neurons() {
        return conv == null ? units : conv.neurons(units);
    }

    /** Values per step the layer emits: its neurons, or its pooled maps. */
    public int outputSize() {
        return conv == null ? units : conv.outputSize(units);
    }

    public BatchNorm norm() {
        return norm;
    }

    /** How the BatchNorm's running statistics are updated in training. */
    public RunningStatistics runningStatistics() {
        return statistics;
    }

    /** Whether the neuron parameters are clamped to their trained ranges on every forward. */
    public boolean clamped() {
        return clamped;
    }

    /**
     * This layer's per-neuron state space as the forward pass uses it, traced for autograd: rows
     * (8, N) a00, a01, a10, a11, bin0, bin1, bs0, bs1 of {@code v[k] = A v[k-1] + B_in I[k] + B_s
     * s[k-1]} with v = [u; w] (see {@link NeuronStateSpace}).
     *
     * @param ps the parameter store
     * @param manager owner of every temporary of this pass
     * @param training whether this is a training pass
     */
    protected abstract NDArray stateSpace(ParameterStore ps, NDManager manager, boolean training);

    /**
     * The recurrent spike weights V (N, N), whose diagonal the forward pass ignores; null when
     * none.
     */
    protected Parameter recurrentWeights() {
        return null;
    }

    /**
     * Whether spikes feed back through recurrent weights V (RadLIF, a recurrent state-space layer).
     */
    public boolean hasRecurrent() {
        return recurrentWeights() != null;
    }

    /** V, row-major with the diagonal zeroed, or null when the layer has none. */
    public float[] recurrentWithoutDiagonal() {
        if (!hasRecurrent()) {
            return null;
        }
        float[] v = recurrentWeights().getArray().toFloatArray();
        for (int i = 0; i < units; i++) {
            v[i * units + i] = 0;
        }
        return v;
    }

    /**
     * The recurrent input: M (N, N) such that {@code s[k-1] M} adds to I[k] (entering through B_in
     * like the input), i.e. V without its diagonal, transposed; null when the layer has none.
     */
    private NDArray recurrentInput(ParameterStore ps, NDManager manager, boolean training) {
        if (!hasRecurrent()) {
            return null;
        }
        NDArray offDiagonal = manager.ones(new Shape(units, units)).sub(manager.eye(units));
        return offDiagonal
                .mul(ps.getValue(recurrentWeights(), manager.getDevice(), training))
                .transpose();
    }

    /**
     * The gain rows (u, w), each (1, N), of the recurrent spike input V s[k-1], traced for
     * autograd; by default B_in's: the recurrent spikes enter like the input.
     *
     * @param coefficients this pass's state-space rows, split (see {@link #stateSpace})
     */
    protected NDList recurrentGain(
            ParameterStore ps, NDManager manager, boolean training, NDList coefficients) {
        return new NDList(coefficients.get(Recurrence.BIN0), coefficients.get(Recurrence.BIN1));
    }

    /**
     * The recurrent gain rows (u then w, 2N values) as the forward pass uses them; null when none.
     */
    public float[] recurrentGainValues() {
        if (!hasRecurrent()) {
            return null;
        }
        NDArray weight = projection.getParameters().valueAt(0).getArray();
        try (NDManager manager = weight.getManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            NDList rows =
                    recurrentGain(
                            ps,
                            manager,
                            false,
                            stateSpace(ps, manager, false).split(Recurrence.ROWS, 0));
            return NDArrays.concat(rows).toFloatArray();
        }
    }

    /** Whether the neuron has its second state w; LIF has not, and its w terms are skipped. */
    protected boolean adaptive() {
        return true;
    }

    /** Whether the input can reach w directly (bin1 not structurally 0). */
    protected boolean inputReachesW() {
        return false;
    }

    /** Whether the time loop may run on the JVM: the layer has no recurrent weights. */
    boolean jvmLoopCapable() {
        return !hasRecurrent();
    }

    /** Where the time loop runs; {@link TimeLoop#JVM} by default (see there). */
    public TimeLoop timeLoop() {
        return timeLoop;
    }

    /** Chooses where the time loop runs; an execution choice, not saved with the model. */
    public void setTimeLoop(TimeLoop timeLoop) {
        this.timeLoop = timeLoop;
    }

    /**
     * Declares that this layer's input is data that no gradient flows into (the first layer of a
     * network): its sparse product then computes no input gradient, and runs in training whatever
     * fed it. An execution choice, not saved with the model.
     */
    public void setInputIsData(boolean inputIsData) {
        this.inputIsData = inputIsData;
    }

    /**
     * Runs the next training passes at {@code rho} times the network's bin with the parameters
     * converted by {@link EulerConversion} in the graph, the BatchNorm statistics kept at the
     * network's bin (mixed time-step training in physical time); 1 runs the parameters as they are.
     * Inference at another bin goes through adaptation instead.
     *
     * @param rho this layer's bin over the network's
     * @param inputRho the bin its input frames were summed over, over the network's (the scale of
     *     the batch statistics, restated at the network's bin)
     */
    public void setBinRatio(double rho, double inputRho) {
        EulerConversion.requireRatios(rho, inputRho);
        binRatio = rho;
        inputRatio = inputRho;
    }

    /**
     * The state-space rows the time loop runs: {@link #stateSpace} at this pass's bin ratio, each
     * filter's row repeated over its map in a convolutional layer.
     */
    private NDArray stepCoefficients(NDArray rows) {
        NDArray converted = binRatio == 1 ? rows : EulerConversion.rows(rows, binRatio);
        if (conv == null) {
            return converted;
        }
        int pixels = conv.height() * conv.width();
        return converted
                .reshape(Recurrence.ROWS, units, 1)
                .repeat(2, pixels)
                .reshape(Recurrence.ROWS, (long) units * pixels);
    }

    /**
     * The state-space step of this layer's current (clamped) parameters, for running it outside the
     * engine one step at a time.
     */
    public StateSpaceStep step() {
        return StateSpaceStep.of(StateSpaceArrays.of(exportStateSpace()));
    }

    /** The exact per-neuron (A, B_in, B_s) of this layer's current (clamped) parameters. */
    public NeuronStateSpace[] exportStateSpace() {
        NDArray weight = projection.getParameters().valueAt(0).getArray();
        try (NDManager manager = weight.getManager().newSubManager()) {
            float[] rows =
                    stateSpace(new ParameterStore(manager, false), manager, false).toFloatArray();
            return StateSpaceArrays.ofRows(rows, units).neurons();
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (binRatio == 1) {
            return timeLoopForward(ps, inputs, training, params);
        }
        if (!training) {
            throw new IllegalStateException(
                    "a layer runs at another bin ratio in training only; evaluate a"
                            + " converted network (adapt --method euler) instead");
        }
        float[][] before = RunningStatistics.snapshot(norm);
        NDList out = timeLoopForward(ps, inputs, true, params);
        statistics.restateLastUpdate(norm, before, inputRatio);
        return out;
    }

    private NDList timeLoopForward(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        TimeLoopTape tape = TimeLoopTape.in(params);
        TimeLoopBackend backend = timeLoop.backend(jvmLoopCapable(), training, tape);
        if (conv != null) { // BatchNorm per filter over batch, time and space, on the engine
            NDArray current = normalise(ps, project(ps, x, training), training);
            NDList out =
                    backend.run(
                            recurrence(ps, current.getManager(), training),
                            new EngineInput(current),
                            new LoopPass(training, tape, 0f, null, pool, false));
            NDArray pooled = pool(out.head());
            NDArray dropped =
                    dropoutRate > 0
                            ? dropout.forward(ps, new NDList(pooled), training).head()
                            : pooled;
            return new NDList(dropped, out.get(1));
        }
        ActiveInputs known = params == null ? null : (ActiveInputs) params.get(ActiveInputs.KEY);
        return backend.run(
                recurrence(ps, x.getManager(), training),
                loopInput(backend, ps, x, training, known),
                new LoopPass(
                        training, tape, dropoutRate, fold(backend, ps, training), pool, false));
    }

    /**
     * A pass that also returns the membrane potential under autograd, for losses on it: the
     * recurrence runs on the engine's loop.
     *
     * @return outputs after pooling and dropout, the mean firing rate, and u (B, T, N)
     */
    public NDList forwardWithMembrane(ParameterStore ps, NDArray x, boolean training) {
        if (binRatio != 1) {
            throw new IllegalStateException("membrane passes run at the network's bin");
        }
        NDArray current = normalise(ps, project(ps, x, training), training);
        NDList states =
                TimeLoop.ENGINE
                        .backend(false, training, null)
                        .run(
                                recurrence(ps, current.getManager(), training),
                                new EngineInput(current),
                                new LoopPass(training, null, 0f, null, pool, true));
        NDArray spikes = states.get(0);
        NDArray out = conv == null ? spikes : pool(spikes);
        NDArray dropped =
                dropoutRate > 0 ? dropout.forward(ps, new NDList(out), training).head() : out;
        return new NDList(dropped, states.get(1), states.get(2));
    }

    /** Spike maps (B, T, filters x H x W) pooled to (B, T, filters x H/p x W/p). */
    private NDArray pool(NDArray spikes) {
        if (conv.pool() == 1) {
            return spikes;
        }
        Shape shape = spikes.getShape();
        NDArray maps =
                spikes.reshape(shape.get(0) * shape.get(1), units, conv.height(), conv.width());
        Shape window = new Shape(conv.pool(), conv.pool());
        NDArray pooled =
                conv.pooling() == ConvShape.Pooling.MAX
                        ? Pool.maxPool2d(maps, window, window, new Shape(0, 0), false)
                        : Pool.avgPool2d(maps, window, window, new Shape(0, 0), false, true);
        return pooled.reshape(shape.get(0), shape.get(1), outputSize());
    }

    /**
     * The state trajectories of an inference pass, for analysis and tests.
     *
     * @param ps the parameter store
     * @param x input frames (B, T, C)
     * @return spikes, u and w, each (B, T, N), before dropout
     */
    public NDList trajectories(ParameterStore ps, NDArray x) {
        TimeLoopBackend backend = timeLoop.backend(jvmLoopCapable(), false, null);
        LoopInput input =
                conv == null
                        ? loopInput(backend, ps, x, false, null)
                        : new EngineInput(normalise(ps, project(ps, x, false), false));
        NDList out =
                backend.run(
                        recurrence(ps, x.getManager(), false),
                        input,
                        new LoopPass(
                                false,
                                null,
                                0f,
                                conv == null ? fold(backend, ps, false) : null,
                                pool,
                                true));
        return new NDList(out.get(0), out.get(2), out.get(3));
    }

    /** The projection {@code W x} (B, T, N), or the convolution's maps flattened per step. */
    private NDArray project(ParameterStore ps, NDArray x, boolean training) {
        Shape shape = x.getShape();
        NDArray flat =
                conv == null
                        ? x.reshape(shape.get(0) * shape.get(1), shape.get(2))
                        : x.reshape(
                                shape.get(0) * shape.get(1),
                                conv.inChannels(),
                                conv.height(),
                                conv.width());
        return projection
                .forward(ps, new NDList(flat), training)
                .head()
                .reshape(shape.get(0), shape.get(1), neurons());
    }

    /**
     * This pass's recurrence: the state-space rows at its bin ratio and, for a layer with recurrent
     * weights, V with its gains.
     */
    private Recurrence recurrence(ParameterStore ps, NDManager manager, boolean training) {
        NDArray source = stateSpace(ps, manager, training);
        NDArray recurrent = recurrentInput(ps, manager, training);
        NDArray recurrentU = null;
        NDArray recurrentW = null;
        if (recurrent != null) {
            NDList gain = recurrentGain(ps, manager, training, source.split(Recurrence.ROWS, 0));
            if (binRatio != 1) { // V s[k-1] is made of spikes: the spike rule
                gain = EulerConversion.spikeGain(source, gain, binRatio);
            }
            recurrentU = recurrent.mul(gain.get(0));
            recurrentW = adaptive() && inputReachesW() ? recurrent.mul(gain.get(1)) : null;
        }
        return new Recurrence(
                stepCoefficients(source),
                recurrentU,
                recurrentW,
                threshold,
                surrogate,
                surrogateScale,
                adaptive(),
                inputReachesW(),
                getDirectParameters().values().stream().anyMatch(Parameter::requiresGradient));
    }

    /** The BatchNorm for a backend that folds it in, else null (the layer normalises first). */
    private BatchNormFold fold(TimeLoopBackend backend, ParameterStore ps, boolean training) {
        return backend.foldsNormalisation() ? statistics.fold(ps, norm, training) : null;
    }

    /**
     * A dense layer's input to {@code backend}: the normalised current for the engine's loop; for
     * the JVM's, the sparse product when it applies, else the engine's dense projection. The sparse
     * product applies unless the input is traced by the engine's own graph in training (neither
     * data, see {@link #setInputIsData}, nor a JVM loop's output), or {@link SparseInput#of}
     * declines it.
     *
     * @param known the active inputs of {@code x} as its data loader knows them, or null to scan
     *     for them
     */
    private LoopInput loopInput(
            TimeLoopBackend backend,
            ParameterStore ps,
            NDArray x,
            boolean training,
            ActiveInputs known) {
        if (!backend.foldsNormalisation()) {
            return new EngineInput(normalise(ps, project(ps, x, training), training));
        }
        boolean traced = training && !inputIsData;
        LoopInput sparse = null;
        if (!traced || x.hasGradient()) {
            Parameter weight = projection.getParameters().get("weight");
            sparse =
                    SparseInput.of(
                            x,
                            known,
                            traced,
                            ps.getValue(weight, x.getManager().getDevice(), training),
                            training && weight.requiresGradient(),
                            pool);
        }
        return sparse != null ? sparse : new EngineInput(project(ps, x, training));
    }

    /**
     * The normalised input current {@code I = BN(W x)} on the engine, (B, T, N); per filter for a
     * convolution.
     */
    private NDArray normalise(ParameterStore ps, NDArray projected, boolean training) {
        Shape shape = projected.getShape();
        NDArray flat =
                conv == null
                        ? projected.reshape(shape.get(0) * shape.get(1), units)
                        : projected.reshape(
                                shape.get(0) * shape.get(1), units, conv.height(), conv.width());
        return statistics.engineForward(ps, norm, flat, training).reshape(shape);
    }

    /**
     * A parameter's value as a fresh array in the pass's manager, clamped when this layer is. Never
     * make a parameter the first operand of a per-forward op: its result would go to the model's
     * manager and leak.
     */
    protected NDArray value(
            ParameterStore ps, NDManager manager, Parameter p, ParamRange range, boolean training) {
        NDArray v = manager.zeros(new Shape()).add(ps.getValue(p, manager.getDevice(), training));
        return clamped && range != null ? v.clip(range.min(), range.max()) : v;
    }

    /**
     * A parameter's values as the forward pass uses them: clamped to {@code range} when this layer
     * is.
     */
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
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (conv == null) {
            projection.initialize(manager, dataType, new Shape(1, in.get(in.dimension() - 1)));
            norm.initialize(manager, dataType, new Shape(1, units));
        } else {
            projection.initialize(
                    manager,
                    dataType,
                    new Shape(1, conv.inChannels(), conv.height(), conv.width()));
            norm.initialize(manager, dataType, new Shape(1, units, conv.height(), conv.width()));
        }
        dropout.initialize(manager, dataType, new Shape(1, outputSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outputSize()), new Shape()};
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
        float surrogateScale;
        boolean clamped = true;
        float dropout;
        RangeBounds ranges = NeuronRanges.SPARCH.bounds();
        ConvShape conv;

        /** Number of neurons (required, positive); the filters of a convolutional layer. */
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
         * The surrogate's width or slope; default 0, the surrogate's own ({@link
         * Surrogate#defaultScale}).
         */
        public T optSurrogateScale(float scale) {
            this.surrogateScale = scale;
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

        /**
         * Neuron parameter ranges (init and clamp); default those of {@link NeuronRanges#SPARCH}.
         */
        public T optRanges(RangeBounds ranges) {
            this.ranges = ranges;
            return self();
        }

        /**
         * Makes the layer convolutional: its projection a convolution over {@code conv}'s input
         * maps, BatchNorm per filter, one set of neuron parameters per filter; default dense.
         */
        public T optConv(ConvShape conv) {
            this.conv = conv;
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
            surrogate.scaleOrDefault(surrogateScale);
        }
    }
}
