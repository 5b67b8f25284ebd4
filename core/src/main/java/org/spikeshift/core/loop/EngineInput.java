package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * An input the engine computed and traces.
 *
 * @param array (B, T, N)
 */
public record EngineInput(NDArray array) implements LoopInput {
    @Override
    public Shape shape() {
        return array.getShape();
    }

    @Override
    public NDManager manager() {
        return array.getManager();
    }

    @Override
    public FloatBuffer values() {
        return DirectBuffers.view(array);
    }

    @Override
    public List<TimeLoopTape.Gradient> backward(Consumer<FloatBuffer> write) {
        NDArray gradient = array.getManager().create(shape(), DataType.FLOAT32);
        write.accept(DirectBuffers.view(gradient));
        return List.of(new TimeLoopTape.Gradient(array, gradient));
    }

    @Override
    public void release() {}
}
