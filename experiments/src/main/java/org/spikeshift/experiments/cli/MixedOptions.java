package org.spikeshift.experiments.cli;

import java.util.Arrays;
import java.util.List;
import org.spikeshift.core.network.MixedTimeSteps;
import picocli.CommandLine.Option;

/** Mixed time-step training: the flags of {@code train} and the flexibility experiment. */
public final class MixedOptions {

    @Option(
            names = "--mixed-bins-ms",
            split = ",",
            description =
                    "train with mixed time steps: every stage draws its bin from these "
                            + "sizes in ms, e.g. 1,2,5,10 (with --ranges-bin-ms the "
                            + "parameters hold in physical time and each stage "
                            + "converts them to its bin by Euler's rule; "
                            + "with per-step ranges they run as they are)")
    double[] binsMs;

    @Option(
            names = "--mixed-steps",
            description =
                    "train with mixed time steps, the MTT form T_MIN:T_MAX: every stage "
                            + "draws a number of frames per sample uniformly from this range")
    String steps;

    @Option(
            names = "--mixed-configs",
            defaultValue = "3",
            description =
                    "configurations per iteration, whose gradients add up before one "
                            + "optimizer step (default: ${DEFAULT-VALUE})")
    int configs;

    @Option(
            names = "--stages",
            description =
                    "stages of the mixed configuration: per-block (every hidden layer and "
                            + "the readout its own; the default), single (one bin for the "
                            + "whole network: the naive mixture), or blocks per "
                            + "stage, e.g. 2,1")
    String stages;

    /** Whether any mixed time-step flag was given. */
    boolean given() {
        return binsMs != null || steps != null;
    }

    /**
     * The mixed training settings, or null when neither --mixed-bins-ms nor --mixed-steps is given.
     *
     * @param rangesBinMs the run's --ranges-bin-ms: positive means parameters in physical time
     * @param blocks the network's hidden layers plus the readout
     */
    MixedTimeSteps settings(double rangesBinMs, int blocks) {
        if (binsMs != null && steps != null) {
            throw new IllegalArgumentException(
                    "--mixed-bins-ms and --mixed-steps exclude each other; give one");
        }
        if (!given()) {
            if (stages != null) {
                throw new IllegalArgumentException(
                        "--stages needs --mixed-bins-ms or --mixed-steps");
            }
            return null;
        }
        int min = 0;
        int max = 0;
        if (steps != null) {
            String[] parts = steps.split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                min = Integer.parseInt(parts[0].trim());
                max = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--mixed-steps must be T_MIN:T_MAX (two whole numbers), got '"
                                + steps
                                + "'");
            }
        }
        List<Double> bins = binsMs == null ? null : Arrays.stream(binsMs).boxed().toList();
        MixedTimeSteps.Conversion conversion =
                rangesBinMs > 0 ? MixedTimeSteps.Conversion.EULER : MixedTimeSteps.Conversion.NONE;
        return new MixedTimeSteps(bins, min, max, stageSizes(blocks), configs, conversion);
    }

    /** Blocks per stage, or null for one stage per block. */
    private List<Integer> stageSizes(int blocks) {
        if (stages == null || stages.equals("per-block")) {
            return null;
        }
        if (stages.equals("single")) {
            return List.of(blocks);
        }
        try {
            return Arrays.stream(stages.split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--stages must be per-block, single or blocks per stage such as 2,1, got '"
                            + stages
                            + "'");
        }
    }
}
