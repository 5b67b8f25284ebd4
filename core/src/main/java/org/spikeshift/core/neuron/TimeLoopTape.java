package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Carries gradients through the time loops that ran on the JVM. The engine cannot call back into
 * Java during its backward pass, so such a loop hands the engine its outputs as leaves and records
 * a stage here. {@link #backward} runs the loss's backward pass on the engine, then the stages
 * newest first: each reads its outputs' gradients, runs backpropagation through time in Java, and
 * continues the engine's backward pass from the loop's inputs with their gradients. Open one per
 * forward pass on the thread that runs it, inside the gradient collector:
 *
 * <pre>
 * try (GradientCollector collector = engine.newGradientCollector();
 *         TimeLoopTape tape = TimeLoopTape.open()) {
 *     tape.backward(lossOf(network.forward(ps, x, true)));
 * }
 * </pre>
 */
public final class TimeLoopTape implements AutoCloseable {

    private static final ThreadLocal<TimeLoopTape> ACTIVE = new ThreadLocal<>();

    private final Deque<Supplier<List<Gradient>>> stages = new ArrayDeque<>();

    private TimeLoopTape() {}

    /**
     * An engine array and the gradient of the loss with respect to it.
     *
     * @param array an input of a JVM loop, part of the engine's graph (the result of operations on
     *     arrays that require gradients), or a parameter the loop reads directly
     * @param gradient dL/d array, same shape
     */
    record Gradient(NDArray array, NDArray gradient) {}

    /** Opens the tape of this thread; passes of JVM loops record into it. */
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

    /** Records a stage: once its outputs' gradients are known, it returns its inputs' gradients. */
    void record(Supplier<List<Gradient>> stage) {
        stages.push(stage);
    }

    /**
     * The loss's backward pass, then the recorded stages, newest first. The engine keeps its graph
     * through every part: a stage may continue through arrays the loss's own pass went through (a
     * firing-rate term and the readout both reach the spikes of a layer looping on the engine).
     */
    public void backward(NDArray loss) {
        engineBackward(loss, loss.onesLike());
        while (!stages.isEmpty()) {
            for (Gradient g : stages.pop().get()) {
                engineBackward(g.array(), g.gradient());
            }
        }
    }

    /** The engine's backward pass from {@code array} with its gradient, keeping the graph. */
    private static void engineBackward(NDArray array, NDArray gradient) {
        if (!(array instanceof PtNDArray a) || !(gradient instanceof PtNDArray g)) {
            throw new IllegalStateException(
                    "JVM time loops need the PyTorch engine; use TimeLoop.ENGINE with another"
                            + " engine");
        }
        JniUtils.backward(a, g, true, false);
    }

    @Override
    public void close() {
        stages.clear();
        ACTIVE.remove();
    }
}
