package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.PairList;
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
 * training pass inside the gradient collector and hand it to the forward pass in its parameters
 * ({@link #params}); a training pass without a tape runs its loops on the engine instead:
 *
 * <pre>
 * try (GradientCollector collector = engine.newGradientCollector();
 *         TimeLoopTape tape = TimeLoopTape.open()) {
 *     tape.backward(lossOf(network.forward(ps, new NDList(x), true, tape.params())));
 * }
 * </pre>
 *
 * <p>This is the one class that calls into the PyTorch engine's internals: its backward pass from
 * an array with a given gradient, keeping the graph, which DJL's API does not offer.
 */
public final class TimeLoopTape implements AutoCloseable {

    /** The key under which a forward pass's parameters carry the tape. */
    public static final String KEY = "spikeshift.timeLoopTape";

    private final Deque<Supplier<List<Gradient>>> stages = new ArrayDeque<>();

    private TimeLoopTape() {}

    /**
     * An engine array and the gradient of the loss with respect to it.
     *
     * @param array an input of a JVM loop, part of the engine's graph (the result of operations on
     *     arrays that require gradients), or a parameter the loop reads directly
     * @param gradient dL/d array, same shape
     */
    public record Gradient(NDArray array, NDArray gradient) {}

    /** A new, empty tape. */
    public static TimeLoopTape open() {
        return new TimeLoopTape();
    }

    /** The tape a forward pass's parameters carry, or null. */
    public static TimeLoopTape in(PairList<String, Object> params) {
        return params == null ? null : (TimeLoopTape) params.get(KEY);
    }

    /** Forward-pass parameters carrying this tape. */
    public PairList<String, Object> params() {
        return LoopParams.of(this, null);
    }

    /** Records a stage: once its outputs' gradients are known, it returns its inputs' gradients. */
    public void record(Supplier<List<Gradient>> stage) {
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
    }
}
