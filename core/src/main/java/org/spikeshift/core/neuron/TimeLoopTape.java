package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Carries gradients through the time loops that ran on the JVM. The engine cannot call back into
 * Java during its backward pass, so such a loop hands the engine its spikes as a leaf and records
 * a stage here. After {@code collector.backward(loss)}, {@link #backward} runs the stages newest
 * first: each reads its spikes' gradient, runs backpropagation through time in Java, and lets the
 * engine continue from the loop's inputs and coefficients. Open one per forward pass on the
 * thread that runs it:
 *
 * <pre>
 * try (GradientCollector collector = engine.newGradientCollector();
 *         TimeLoopTape tape = TimeLoopTape.open()) {
 *     NDArray loss = lossOf(network.forward(ps, x, true));
 *     collector.backward(loss);
 *     tape.backward(collector);
 * }
 * </pre>
 */
public final class TimeLoopTape implements AutoCloseable {

    private static final ThreadLocal<TimeLoopTape> ACTIVE = new ThreadLocal<>();

    private final Deque<Supplier<NDArray>> stages = new ArrayDeque<>();

    private TimeLoopTape() {}

    /** Opens the tape of this thread; training passes of JVM loops record into it. */
    public static TimeLoopTape open() {
        if (ACTIVE.get() != null) {
            throw new IllegalStateException("a TimeLoopTape is already open on this thread");
        }
        TimeLoopTape tape = new TimeLoopTape();
        ACTIVE.set(tape);
        return tape;
    }

    /** The open tape of this thread, or null. */
    static TimeLoopTape active() {
        return ACTIVE.get();
    }

    /** Records a stage: given its outputs' gradients, it returns an engine scalar to backpropagate. */
    void record(Supplier<NDArray> stage) {
        stages.push(stage);
    }

    /** Runs the recorded stages, newest first, after the loss's own backward pass. */
    public void backward(GradientCollector collector) {
        while (!stages.isEmpty()) {
            collector.backward(stages.pop().get());
        }
    }

    @Override
    public void close() {
        stages.clear();
        ACTIVE.remove();
    }
}
