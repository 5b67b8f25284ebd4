package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;

/**
 * Engine arrays and JVM loops sharing memory: a loop reads its inputs from, and writes its outputs
 * into, the arrays' own (native) memory, so nothing is copied and no Java direct memory waits for
 * a garbage collection to be freed.
 */
final class DirectBuffers {

    private DirectBuffers() {}

    /** The array's own memory (CPU, float32, writable), valid while the array is open. */
    static FloatBuffer view(NDArray array) {
        return array.toByteBuffer(true).asFloatBuffer();
    }
}
