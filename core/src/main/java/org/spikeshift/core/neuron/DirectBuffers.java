package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Engine arrays and JVM loops sharing memory: no copies on the way in or out. */
final class DirectBuffers {

    private DirectBuffers() {}

    /** Native-order direct memory for {@code floats} values, to become an engine array. */
    static ByteBuffer allocate(long floats) {
        return ByteBuffer.allocateDirect(Math.toIntExact(floats * Float.BYTES)).order(ByteOrder.nativeOrder());
    }

    /** The array's own memory (CPU, float32), valid while the array is open. */
    static FloatBuffer view(NDArray array) {
        return array.toByteBuffer(true).asFloatBuffer();
    }
}
