package org.spikeshift.core.network;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.loop.TimeLoop;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.neuron.AdLifLayer;
import org.spikeshift.core.neuron.LeakyReadout;
import org.spikeshift.core.neuron.LifLayer;
import org.spikeshift.core.neuron.RadLifLayer;
import org.spikeshift.core.neuron.RunningStatistics;
import org.spikeshift.core.neuron.SpikingLayer;
import org.spikeshift.core.neuron.StateSpaceLayer;

/**
 * A feed-forward stack of spiking layers and a leaky-integrator readout, built from a {@link
 * NetworkSpec}.
 *
 * <p>Input (B, T, C) frames; output {@code [sum over k of softmax(u_o[k]) (B, classes), mean firing
 * rate of each hidden layer ()...]}. A network file holds the spec (JSON) and the parameters, so
 * trained and adapted models load the same way.
 */
public final class SpikingNetwork extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int FILE_MAGIC = 0x53504b53; // "SPKS"
    private static final int FILE_VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final NetworkSpec spec;
    private final List<SpikingLayer> layers = new ArrayList<>();
    private final LeakyReadout readout;
    private final LeakyReadout staticReadout;
    private final Parameter alignmentGates;
    private BlockResolutions resolutions;

    private SpikingNetwork(NetworkSpec spec) {
        super(VERSION);
        this.spec = spec;
        for (int i = 0; i < spec.layers().size(); i++) {
            layers.add(addChildBlock("layer" + i, buildLayer(spec, spec.layers().get(i))));
        }
        if (!layers.isEmpty()) {
            layers.get(0).setInputIsData(true);
        }
        readout =
                addChildBlock(
                        "readout",
                        LeakyReadout.builder()
                                .setClasses(spec.classes())
                                .optClamped(spec.readoutClamped())
                                .optRanges(spec.rangeBounds())
                                .build());
        staticReadout =
                spec.transfer() == null
                        ? null
                        : addChildBlock(
                                "staticReadout",
                                LeakyReadout.builder()
                                        .setClasses(spec.classes())
                                        .optClamped(spec.readoutClamped())
                                        .optRanges(spec.rangeBounds())
                                        .build());
        alignmentGates =
                spec.transfer() == null
                        ? null
                        : addParameter(
                                Parameter.builder()
                                        .setName("alignmentGates")
                                        .setType(Parameter.Type.OTHER)
                                        .optShape(new Shape(spec.transfer().steps()))
                                        .optInitializer(new ConstantInitializer(1f))
                                        .build());
    }

    /** Builds an uninitialised network. */
    public static SpikingNetwork build(NetworkSpec spec) {
        return new SpikingNetwork(spec);
    }

    /** Builds and initialises a network (parameters drawn from the engine's seeded generator). */
    public static SpikingNetwork create(NetworkSpec spec, NDManager manager) {
        SpikingNetwork net = new SpikingNetwork(spec);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, spec.inputSize()));
        return net;
    }

    private static SpikingLayer buildLayer(NetworkSpec spec, LayerSpec layer) {
        return switch (layer.kind()) {
            case LIF -> neuronModel(LifLayer.builder(), spec, layer).build();
            case ADLIF -> neuronModel(AdLifLayer.builder(), spec, layer).build();
            case RADLIF -> neuronModel(RadLifLayer.builder(), spec, layer).build();
            case STATE_SPACE ->
                    common(StateSpaceLayer.builder(), spec, layer)
                            .optRecurrent(layer.recurrent())
                            .build();
        };
    }

    /** The options every layer takes from the spec. */
    private static <B extends SpikingLayer.BaseBuilder<B>> B common(
            B builder, NetworkSpec spec, LayerSpec layer) {
        return builder.setUnits(layer.units())
                .optSurrogate(spec.surrogate())
                .optSurrogateScale(spec.surrogateScale())
                .optThreshold(spec.threshold())
                .optDropout(spec.dropout())
                .optConv(layer.conv());
    }

    /** {@link #common} and the ranges a neuron model is initialised in and clamped to. */
    private static <B extends SpikingLayer.BaseBuilder<B>> B neuronModel(
            B builder, NetworkSpec spec, LayerSpec layer) {
        return common(builder, spec, layer)
                .optRanges(spec.rangeBounds())
                .optClamped(layer.clamped());
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** Chooses where every layer's and the readout's time loop runs (see {@link TimeLoop}). */
    public void setTimeLoop(TimeLoop timeLoop) {
        layers.forEach(layer -> layer.setTimeLoop(timeLoop));
        readout.setTimeLoop(timeLoop);
    }

    /**
     * Sets how many training updates every BatchNorm's running statistics have had (see {@link
     * RunningStatistics}); the trainer sets it from its epoch and batch.
     */
    public void setNormUpdates(long n) {
        layers.forEach(layer -> layer.runningStatistics().setUpdates(n));
        readout.runningStatistics().setUpdates(n);
    }

    /**
     * Runs the next passes with every block at its own resolution, frames resampled between blocks
     * whose step counts differ ({@link TimeResampling}); the input must come at the first block's
     * steps. Parameters are converted to each block's bin when the spec says so ({@link
     * NetworkSpec#convertsParameters}). Null runs every block at the input's steps and the
     * network's bin. An execution choice of mixed time-step training, not saved with the model.
     */
    public void setResolutions(BlockResolutions r) {
        if (r != null && r.steps().length != layers.size() + 1) {
            throw new IllegalArgumentException(
                    "resolutions for "
                            + r.steps().length
                            + " blocks; the network has "
                            + (layers.size() + 1));
        }
        resolutions = r;
        boolean convert = r != null && spec.convertsParameters();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i)
                    .setBinRatio(convert ? r.binRatios()[i] : 1, convert ? r.inputRatios()[i] : 1);
        }
        int last = layers.size();
        readout.setBinRatio(convert ? r.binRatios()[last] : 1, convert ? r.inputRatios()[last] : 1);
    }

    /**
     * Freezes (or unfreezes) every BatchNorm's running statistics for the next training passes (see
     * {@link RunningStatistics#setFrozen}).
     */
    public void setNormFrozen(boolean frozen) {
        layers.forEach(layer -> layer.runningStatistics().setFrozen(frozen));
        readout.runningStatistics().setFrozen(frozen);
        if (staticReadout != null) {
            staticReadout.runningStatistics().setFrozen(frozen);
        }
    }

    /** The static domain's readout of static-to-event transfer, or null. */
    public LeakyReadout staticReadout() {
        return staticReadout;
    }

    /** The learnable per-step alignment gates eta_t of static-to-event transfer, or null. */
    public Parameter alignmentGates() {
        return alignmentGates;
    }

    /**
     * A training pass of static-to-event transfer through one domain's head.
     *
     * @param x input frames (B, T, C)
     * @param staticDomain whether {@code x} is the static domain (its own head) or events
     * @param tape the pass's tape (see {@link TimeLoopTape}), or null to run on the engine
     * @return the head's scores (B, classes), its membrane u_o (B, T, classes) and the last hidden
     *     layer's membrane u (B, T, N), all traced
     */
    public NDList transferForward(
            ParameterStore ps, NDArray x, boolean staticDomain, TimeLoopTape tape) {
        if (spec.transfer() == null) {
            throw new IllegalStateException(
                    "this network has no static head (trained without transfer)");
        }
        NDArray h = x;
        for (int i = 0; i + 1 < layers.size(); i++) {
            h =
                    layers.get(i)
                            .forward(ps, new NDList(h), true, tape == null ? null : tape.params())
                            .head();
        }
        NDList last = layers.get(layers.size() - 1).forwardWithMembrane(ps, h, true);
        NDArray membrane =
                (staticDomain ? staticReadout : readout).engineMembrane(ps, last.head(), true);
        return new NDList(membrane.softmax(-1).sum(new int[] {1}), membrane, last.get(2));
    }

    /**
     * The most samples a pass over {@code steps} steps can hold: the JVM time loops read and write
     * each layer's (B, T, N) arrays through one direct buffer, which addresses at most 2^31 bytes.
     */
    public int largestBatch(int steps) {
        long neurons = 1;
        for (SpikingLayer layer : layers) {
            neurons = Math.max(neurons, layer.neurons());
        }
        return (int)
                Math.max(
                        1,
                        Math.min(
                                Integer.MAX_VALUE,
                                (Integer.MAX_VALUE / Float.BYTES) / (neurons * steps)));
    }

    public List<SpikingLayer> layers() {
        return List.copyOf(layers);
    }

    public LeakyReadout readout() {
        return readout;
    }

    /** The parameters the optimiser updates. */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (var p : getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.head();
        NDList rates = new NDList(layers.size());
        PairList<String, Object> tapeOnly = tapeOnly(params);
        for (int i = 0; i < layers.size(); i++) {
            NDArray in = resampled(h, i);
            // the data loader's index of active inputs describes the frames as they came
            NDList out =
                    layers.get(i)
                            .forward(
                                    ps,
                                    new NDList(in),
                                    training,
                                    i == 0 && in == inputs.head() ? params : tapeOnly);
            h = out.get(0);
            rates.add(out.get(1));
        }
        NDList result =
                new NDList(
                        readout.forward(
                                        ps,
                                        new NDList(resampled(h, layers.size())),
                                        training,
                                        tapeOnly)
                                .head());
        result.addAll(rates);
        return result;
    }

    /** The pass's tape alone from its parameters, for every block but the first. */
    private static PairList<String, Object> tapeOnly(PairList<String, Object> params) {
        TimeLoopTape tape = TimeLoopTape.in(params);
        return tape == null ? null : tape.params();
    }

    /** {@code h} at block {@code i}'s steps. */
    private NDArray resampled(NDArray h, int i) {
        return resolutions == null ? h : TimeResampling.resample(h, resolutions.steps()[i]);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (SpikingLayer layer : layers) {
            layer.initialize(manager, dataType, shape);
            shape = new Shape(shape.get(0), shape.get(1), layer.outputSize());
        }
        readout.initialize(manager, dataType, shape);
        if (staticReadout
                != null) { // after the event network, whose draws stay those of a network without
            // it
            staticReadout.initialize(manager, dataType, shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[layers.size() + 1];
        out[0] = new Shape(inputShapes[0].get(0), spec.classes());
        for (int i = 1; i < out.length; i++) {
            out[i] = new Shape();
        }
        return out;
    }

    /** Serialises spec and parameters. */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FILE_MAGIC);
            out.writeInt(FILE_VERSION);
            byte[] json = GSON.toJson(spec).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /** Writes the network to a file atomically (temporary file, then rename). */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, toBytes());
    }

    /** Reads a network written by {@link #save}; parameters live in {@code manager}. */
    public static SpikingNetwork load(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such network file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, manager, file.toString());
        }
    }

    /** Reads a network from a stream; {@code source} names it in error messages. */
    public static SpikingNetwork read(InputStream stream, NDManager manager, String source)
            throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (in.readInt() != FILE_MAGIC) {
                throw new IOException(source + ": not a spikeshift network file");
            }
            int version = in.readInt();
            if (version != FILE_VERSION) {
                throw new IOException(source + ": unsupported network file version " + version);
            }
            byte[] json = in.readNBytes(in.readInt());
            NetworkSpec spec =
                    GSON.fromJson(new String(json, StandardCharsets.UTF_8), NetworkSpec.class);
            SpikingNetwork net = new SpikingNetwork(spec);
            net.loadParameters(manager, in);
            for (Parameter p : net.trainableParameters()) {
                p.getArray().setRequiresGradient(true);
            }
            return net;
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException(source + ": corrupt network file (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new IOException(source + ": truncated network file", e);
        }
    }

    /** The spec as pretty JSON. */
    public static String specJson(NetworkSpec spec) {
        return GSON.toJson(spec);
    }
}
