package org.spikeshift.core.loop;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a time loop reads (the projection P = W x, or the normalised current) and where the gradient
 * with respect to it goes.
 */
public sealed interface LoopInput permits EngineInput, SparseInput {

    /** (B, T, N). */
    Shape shape();

    /** The manager of the pass. */
    NDManager manager();

    /** The values, row-major (B, T, N). */
    FloatBuffer values();

    /**
     * Hands {@code write} a buffer for dL/d input and returns the gradients the engine takes from
     * it.
     */
    List<TimeLoopTape.Gradient> backward(Consumer<FloatBuffer> write);

    /** Gives up the values once a pass without backward is done with them. */
    void release();
}
