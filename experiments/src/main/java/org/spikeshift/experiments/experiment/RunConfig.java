package org.spikeshift.experiments.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeshift.core.network.ConvStack;
import org.spikeshift.core.network.MixedTimeSteps;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.surrogate.Surrogate;
import org.spikeshift.datasets.catalog.DataRequest;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.training.TrainingConfig;

/**
 * Everything a training run depends on, written to {@code config.json} so that a run can be resumed
 * or repeated.
 *
 * @param data the data set
 * @param frameMode how events become frame values
 * @param binMs bin size in milliseconds
 * @param model hidden neuron model
 * @param hidden hidden layer sizes
 * @param dropout dropout on hidden spikes
 * @param surrogate surrogate gradient
 * @param ranges neuron parameter ranges
 * @param rangesBinMs the bin in milliseconds at which {@code ranges} hold (time constants in
 *     physical time, converted to {@code binMs}), or 0 for per step as published
 * @param training optimisation settings, seed included
 * @param trainFraction the fraction of the training split trained on, a stratified subset drawn
 *     with the data seed (the same for every training seed); null for all of it
 * @param mixed mixed time-step training, or null for training at {@code binMs} alone
 * @param conv convolutional layers in front of the dense ones, or null for none
 * @param transfer static-to-event transfer, or null for training on events alone
 * @param initialNetwork a network file whose parameters start the run (fine-tuning), or null
 * @param surrogateScale the surrogate's width or slope, 0 for its default
 */
public record RunConfig(
        DataRequest data,
        FrameMode frameMode,
        double binMs,
        NeuronKind model,
        int[] hidden,
        float dropout,
        Surrogate surrogate,
        NeuronRanges ranges,
        double rangesBinMs,
        TrainingConfig training,
        Double trainFraction,
        MixedTimeSteps mixed,
        ConvStack conv,
        TransferSettings transfer,
        Path initialNetwork,
        float surrogateScale) {

    /** Paths as strings: for run configurations and the experiment settings that hold them. */
    static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .registerTypeHierarchyAdapter(Path.class, new PathAdapter())
                    .create();

    public RunConfig {
        if (!(binMs > 0) || Double.isInfinite(binMs)) {
            throw new IllegalArgumentException(
                    "--bin-ms must be a finite positive number, got " + binMs);
        }
        if (!(rangesBinMs >= 0) || Double.isInfinite(rangesBinMs)) {
            throw new IllegalArgumentException(
                    "--ranges-bin-ms must be positive (or 0 for per-step ranges), got "
                            + rangesBinMs);
        }
        if (trainFraction != null && !(trainFraction > 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException(
                    "--train-fraction must be in (0, 1], got " + trainFraction);
        }
        if (!(surrogateScale >= 0) || Float.isInfinite(surrogateScale)) {
            throw new IllegalArgumentException(
                    "--surrogate-scale must be a finite positive number (0 for the surrogate's"
                            + " default), got "
                            + surrogateScale);
        }
        if (mixed != null && transfer != null) {
            throw new IllegalArgumentException(
                    "mixed time steps and static-to-event transfer do not combine yet");
        }
        if (model == NeuronKind.STATE_SPACE) {
            throw new IllegalArgumentException("--model must be lif, adlif or radlif");
        }
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("--hidden sizes must be positive, got " + h);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The network this run trains, for a data set of {@code channels} and {@code classes}. */
    public NetworkSpec networkSpec(int channels, int classes) {
        NetworkSpec spec =
                NetworkSpec.of(channels, model, hidden, classes, binMs)
                        .withDropout(dropout)
                        .withSurrogate(surrogate, surrogateScale)
                        .withRanges(ranges, rangesBinMs)
                        .withMixed(mixed);
        if (conv == null) {
            return spec;
        }
        int[] sensor = data.kind().sensor();
        if (sensor == null || sensor[0] * sensor[1] * sensor[2] != channels) {
            throw new IllegalArgumentException(
                    "--conv needs the frames of an event camera (nmnist, ncaltech101) without"
                            + " --downsample; --dataset "
                            + data.kind().id()
                            + " gives "
                            + channels
                            + " channels");
        }
        return spec.withConvFront(conv.layers(model, sensor));
    }

    /** The same run at another bin size and seed. */
    public RunConfig at(double newBinMs, long seed) {
        return new RunConfig(
                data,
                frameMode,
                newBinMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                training.withSeed(seed),
                trainFraction,
                mixed,
                conv,
                transfer,
                initialNetwork,
                surrogateScale);
    }

    /** The same run with the ranges holding at {@code atBinMs} (0: per step). */
    public RunConfig withRangesBinMs(double atBinMs) {
        return new RunConfig(
                data,
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                atBinMs,
                training,
                trainFraction,
                mixed,
                conv,
                transfer,
                initialNetwork,
                surrogateScale);
    }

    /** The same run on data moved to {@code dir}. */
    public RunConfig withDataDir(Path dir) {
        return new RunConfig(
                data.withDataDir(dir),
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                training,
                trainFraction,
                mixed,
                conv,
                transfer,
                initialNetwork,
                surrogateScale);
    }

    /** The same run with other training settings. */
    public RunConfig withTraining(TrainingConfig newTraining) {
        return new RunConfig(
                data,
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                newTraining,
                trainFraction,
                mixed,
                conv,
                transfer,
                initialNetwork,
                surrogateScale);
    }

    /** The same run trained with mixed time steps {@code m} (null: at {@code binMs} alone). */
    public RunConfig withMixed(MixedTimeSteps m) {
        return new RunConfig(
                data,
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                training,
                trainFraction,
                m,
                conv,
                transfer,
                initialNetwork,
                surrogateScale);
    }

    /** The same run on a stratified {@code fraction} of the training split (null: all of it). */
    public RunConfig withTrainFraction(Double fraction) {
        return new RunConfig(
                data,
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                training,
                fraction,
                mixed,
                conv,
                transfer,
                initialNetwork,
                surrogateScale);
    }

    /** The same run with static-to-event transfer {@code t} (null: events only). */
    public RunConfig withTransfer(TransferSettings t) {
        return new RunConfig(
                data,
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                training,
                trainFraction,
                mixed,
                conv,
                t,
                initialNetwork,
                surrogateScale);
    }

    /** The same run started from the parameters in {@code file} (null: a fresh initialisation). */
    public RunConfig withInitialNetwork(Path file) {
        return new RunConfig(
                data,
                frameMode,
                binMs,
                model,
                hidden,
                dropout,
                surrogate,
                ranges,
                rangesBinMs,
                training,
                trainFraction,
                mixed,
                conv,
                transfer,
                file,
                surrogateScale);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static RunConfig read(Path file) throws IOException {
        try {
            RunConfig c = GSON.fromJson(Files.readString(file), RunConfig.class);
            if (c == null || c.data() == null || c.training() == null) {
                throw new IOException(file + ": incomplete run configuration");
            }
            return c;
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(
                    file + ": not a valid run configuration (" + e.getMessage() + ")", e);
        }
    }

    /** Paths as plain strings in JSON. */
    private static final class PathAdapter extends com.google.gson.TypeAdapter<Path> {
        @Override
        public void write(com.google.gson.stream.JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(com.google.gson.stream.JsonReader in) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    }
}
