package org.spikeshift.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spikeshift.core.util.EnumIds;

/**
 * How a network is trained at several time resolutions at once (mixed time-step training): the
 * blocks (hidden layers, then the readout) are cut into stages; every iteration draws {@code
 * configs} configurations, each giving every stage its own bin, uniformly from {@code binsMs} or,
 * in the step-count form, as the sample's duration over a step count uniform in [{@code minSteps},
 * {@code maxSteps}]. Recorded in the network file.
 *
 * @param binsMs the bin sizes drawn from, or null for the step-count form
 * @param minSteps the fewest steps per sample (step-count form), else 0
 * @param maxSteps the most steps per sample (step-count form), else 0
 * @param stages blocks per stage, input side first, or null for one stage per block; a single stage
 *     is the naive mixture (one bin for the whole network per configuration)
 * @param configs configurations per iteration, whose gradients add up before one optimizer step
 * @param conversion how a block's parameters reach its bin
 */
public record MixedTimeSteps(
        List<Double> binsMs,
        int minSteps,
        int maxSteps,
        List<Integer> stages,
        int configs,
        Conversion conversion) {

    /** How parameters trained at the network's bin reach a block's bin. */
    public enum Conversion {
        /** Parameters hold per step (per-step ranges): every bin runs them as they are. */
        NONE,
        /**
         * Parameters hold at the network's bin in physical time (ranges in physical time): each
         * block converts them to its bin by Euler's rule with its default variants, in the graph,
         * and a mixed network is evaluated at bin b through the same rule ({@code adapt --method
         * euler}).
         */
        EULER;

        public String id() {
            return EnumIds.id(this);
        }
    }

    public MixedTimeSteps {
        if (binsMs == null) {
            if (minSteps <= 0 || maxSteps < minSteps) {
                throw new IllegalArgumentException(
                        "--mixed-steps needs 0 < T_MIN <= T_MAX, got " + minSteps + ":" + maxSteps);
            }
        } else {
            if (binsMs.isEmpty()) {
                throw new IllegalArgumentException("--mixed-bins-ms needs at least one bin size");
            }
            for (double b : binsMs) {
                if (!(b > 0) || Double.isInfinite(b)) {
                    throw new IllegalArgumentException(
                            "--mixed-bins-ms: every bin must be a finite positive number, got "
                                    + b);
                }
            }
            binsMs = List.copyOf(binsMs);
        }
        if (stages != null) {
            for (int s : stages) {
                if (s <= 0) {
                    throw new IllegalArgumentException(
                            "--stages: every stage needs at least one block, got " + s);
                }
            }
            stages = List.copyOf(stages);
        }
        if (configs <= 0) {
            throw new IllegalArgumentException("--mixed-configs must be positive, got " + configs);
        }
        if (conversion == null) {
            throw new IllegalArgumentException("a parameter conversion is required");
        }
    }

    /** The stage of each of {@code blocks} blocks. */
    public int[] stageOfBlock(int blocks) {
        int[] stage = new int[blocks];
        if (stages == null) {
            for (int i = 0; i < blocks; i++) {
                stage[i] = i;
            }
            return stage;
        }
        int total = stages.stream().mapToInt(Integer::intValue).sum();
        if (total != blocks) {
            throw new IllegalArgumentException(
                    "--stages "
                            + stages
                            + " covers "
                            + total
                            + " blocks; the network has "
                            + blocks
                            + " (hidden layers and the readout)");
        }
        int block = 0;
        for (int s = 0; s < stages.size(); s++) {
            for (int j = 0; j < stages.get(s); j++) {
                stage[block++] = s;
            }
        }
        return stage;
    }

    /**
     * One iteration's configurations: for each, the bin in milliseconds of every block.
     *
     * @param random the draw's generator (seeded by the trainer)
     * @param durationMs the samples' duration, for the step-count form
     * @param blocks hidden layers plus the readout
     */
    public List<double[]> draw(Random random, double durationMs, int blocks) {
        int[] stage = stageOfBlock(blocks);
        int stageCount = stage[blocks - 1] + 1;
        List<double[]> out = new ArrayList<>(configs);
        for (int c = 0; c < configs; c++) {
            double[] stageBins = new double[stageCount];
            for (int s = 0; s < stageCount; s++) {
                stageBins[s] =
                        binsMs != null
                                ? binsMs.get(random.nextInt(binsMs.size()))
                                : durationMs / (minSteps + random.nextInt(maxSteps - minSteps + 1));
            }
            double[] bins = new double[blocks];
            for (int i = 0; i < blocks; i++) {
                bins[i] = stageBins[stage[i]];
            }
            out.add(bins);
        }
        return out;
    }

    /**
     * A short description for logs and tables, e.g. {@code bins 1,2,5,10 ms x 3, per-block stages}.
     */
    public String describe() {
        String from =
                binsMs != null
                        ? "bins "
                                + binsMs.stream()
                                        .map(
                                                b ->
                                                        b % 1 == 0
                                                                ? String.valueOf(b.longValue())
                                                                : b.toString())
                                        .reduce((a, b) -> a + "," + b)
                                        .orElse("")
                                + " ms"
                        : "steps " + minSteps + ":" + maxSteps;
        return from
                + ", "
                + configs
                + " configurations, "
                + (stages == null ? "one stage per block" : "stages " + stages)
                + ", conversion "
                + conversion.id();
    }
}
