package org.spikeshift.core.loop;

/**
 * What a time loop needs to know of its pass besides the recurrence and the input.
 *
 * @param training whether the pass trains (BatchNorm on the batch's statistics, dropout)
 * @param tape where a JVM loop records its backward stage, or null when no gradient is needed
 * @param dropRate dropout rate on the spikes, 0 for none
 * @param norm the layer's BatchNorm for a backend that folds it in, or null when the input is the
 *     normalised current already
 * @param pool where a JVM loop takes its traces from
 * @param recordStates whether to return u and w as well
 */
public record LoopPass(
        boolean training,
        TimeLoopTape tape,
        float dropRate,
        BatchNormFold norm,
        ArrayPool pool,
        boolean recordStates) {}
