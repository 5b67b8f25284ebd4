package org.spikeshift.experiments.cli;

import java.util.Arrays;
import org.spikeshift.core.network.ConvStack;
import org.spikeshift.core.neuron.ConvShape;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.surrogate.Surrogate;
import org.spikeshift.experiments.experiment.RunConfig;
import picocli.CommandLine.Option;

/** The network to train. */
public final class ModelOptions {

    @Option(
            names = "--model",
            defaultValue = "adlif",
            description = "lif|adlif|radlif (default: ${DEFAULT-VALUE})")
    NeuronKind model;

    @Option(
            names = "--hidden",
            defaultValue = "128,128",
            split = ",",
            description = "hidden layer sizes (default: ${DEFAULT-VALUE})")
    int[] hidden;

    @Option(
            names = "--dropout",
            defaultValue = "0.1",
            description = "dropout on hidden spikes (default: ${DEFAULT-VALUE})")
    float dropout;

    @Option(
            names = "--surrogate",
            defaultValue = "boxcar",
            description = "boxcar|fast-sigmoid|triangle|arctan (default: ${DEFAULT-VALUE})")
    Surrogate surrogate;

    @Option(
            names = "--surrogate-scale",
            defaultValue = "0",
            description =
                    "the surrogate's width or slope: boxcar half-width (0.5), fast-sigmoid "
                            + "slope (10), triangle half-width (1), arctan sharpness (2); 0 "
                            + "= the surrogate's default in brackets (default: "
                            + "${DEFAULT-VALUE})")
    float surrogateScale;

    @Option(
            names = "--ranges",
            defaultValue = "sparch-v2",
            description =
                    "neuron parameter ranges: sparch-v2 (a >= 0, stable over long "
                            + "sequences) | sparch (a in [-1, 1]) (default: ${DEFAULT-VALUE})")
    NeuronRanges ranges;

    @Option(
            names = "--ranges-bin-ms",
            defaultValue = "0",
            description =
                    "bin in ms at which --ranges hold: time constants in physical time, "
                            + "converted to the training bin (alpha^(b/B), beta^(b/B), a x "
                            + "b/B, b unchanged); 0 = per step, as published "
                            + "(default: ${DEFAULT-VALUE})")
    double rangesBinMs;

    @Option(
            names = "--conv",
            split = ",",
            description =
                    "convolutional spiking layers in front of the --hidden ones, filters "
                            + "per layer, e.g. 16,32 (event-camera data: nmnist, ncaltech101)")
    int[] conv;

    @Option(
            names = "--kernel",
            defaultValue = "3",
            description = "kernel size of the --conv layers, odd (default: ${DEFAULT-VALUE})")
    int kernel;

    @Option(
            names = "--pool",
            defaultValue = "2",
            description =
                    "pooling window and stride after each --conv layer, 1 for none "
                            + "(default: ${DEFAULT-VALUE})")
    int pool;

    @Option(
            names = "--pool-mode",
            defaultValue = "avg",
            description = "pooling of spike maps: avg|max (default: ${DEFAULT-VALUE})")
    ConvShape.Pooling poolMode;

    /**
     * The run these flags describe with {@code data} and {@code training} at {@code binMs}: no
     * mixed time steps, no transfer, a fresh initialisation (the with- methods add them).
     */
    RunConfig runConfig(DataOptions data, TrainingOptions training, double binMs) {
        return new RunConfig(
                data.request(),
                data.mode(),
                binMs,
                kind(),
                hidden,
                dropout,
                surrogate(),
                ranges(),
                rangesBinMs,
                training.config(),
                training.trainFraction(),
                null,
                convStack(),
                null,
                null,
                surrogateScale);
    }

    /** Blocks of the network: convolutional and hidden layers, and the readout. */
    int blocks() {
        return (conv == null ? 0 : conv.length) + hidden.length + 1;
    }

    /** The convolutional layers, or null without --conv. */
    ConvStack convStack() {
        if (conv == null) {
            return null;
        }
        return new ConvStack(Arrays.stream(conv).boxed().toList(), kernel, pool, poolMode);
    }

    NeuronKind kind() {
        // the general state-space form is what adaptation produces, not a model one trains
        if (model == NeuronKind.STATE_SPACE) {
            throw new IllegalArgumentException(
                    "unknown model 'state-space' (expected one of lif, adlif, radlif)");
        }
        return model;
    }

    Surrogate surrogate() {
        return surrogate;
    }

    NeuronRanges ranges() {
        return ranges;
    }
}
