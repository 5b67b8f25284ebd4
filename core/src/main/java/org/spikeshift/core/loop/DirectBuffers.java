package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Engine arrays and JVM loops sharing memory: a loop reads its inputs from, and writes its outputs
 * into, the arrays' own (native) memory, so nothing is copied and no Java direct memory waits for a
 * garbage collection to be freed.
 */
public final class DirectBuffers {

    private DirectBuffers() {}

    /**
     * The array's own memory (CPU, float32, writable), valid while the array is open. Fails fast
     * where the engine could only hand a copy, whose writes would be lost: an array on a GPU, of
     * another type, or not laid out in one block.
     */
    public static FloatBuffer view(NDArray array) {
        if (array.getDevice().isGpu()) {
            throw new IllegalStateException(
                    "the JVM time loops read and write CPU memory; this array is on "
                            + array.getDevice()
                            + " (use --time-loop engine)");
        }
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException(
                    "the JVM time loops read float32 arrays, got " + array.getDataType());
        }
        FloatBuffer memory = sharedOrNull(array);
        if (memory == null) {
            throw new IllegalStateException(
                    "the engine handed a copy of an array of shape "
                            + array.getShape()
                            + ", not its memory (use --time-loop engine)");
        }
        return memory;
    }

    /**
     * The array's own memory, or null where the engine can only hand a copy (a GPU, another type,
     * an array not laid out in one block).
     */
    public static FloatBuffer sharedOrNull(NDArray array) {
        if (array.getDevice().isGpu() || array.getDataType() != DataType.FLOAT32) {
            return null;
        }
        ByteBuffer memory = array.toByteBuffer(true);
        return memory.isDirect() && memory.capacity() == array.size() * Float.BYTES
                ? memory.asFloatBuffer()
                : null;
    }

    /**
     * Writes {@code values} into the array in place. On the CPU the values go straight into the
     * array's memory: the engine's own copy ({@link NDArray#set}) runs under a mode PyTorch
     * deprecates and prints a warning about on every process that calls it. Elsewhere (a GPU),
     * where no direct view exists, the engine copies.
     */
    public static void write(NDArray array, float[] values) {
        if (array.size() != values.length) {
            throw new IllegalArgumentException(
                    "array of " + array.size() + " values written with " + values.length);
        }
        FloatBuffer memory = sharedOrNull(array);
        if (memory != null) {
            memory.put(0, values);
        } else {
            array.set(values);
        }
    }
}
