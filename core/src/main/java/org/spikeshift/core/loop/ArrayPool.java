package org.spikeshift.core.loop;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays reused from one pass to the next, by length. A training step frees and allocates
 * arrays of the same sizes again and again; an engine array above glibc's mapping threshold (32 MB,
 * e.g. (128, 1000, 128) floats) comes as fresh pages from the system each time, page faults and
 * zeroing included, unless an allocator such as jemalloc keeps freed pages. Arrays only the JVM
 * loops read live here instead, so that the cost does not depend on the allocator. Contents are not
 * cleared: a user writes all of an array before reading it.
 */
public final class ArrayPool {

    /** Arrays kept per length: the passes of one training step, with room to spare. */
    private static final int KEPT = 4;

    private final Map<Integer, Deque<float[]>> free = new HashMap<>();

    /** An array of {@code length} floats, reused when one is free. */
    synchronized float[] take(int length) {
        Deque<float[]> arrays = free.get(length);
        float[] array = arrays == null ? null : arrays.poll();
        return array != null ? array : new float[length];
    }

    /** Hands arrays back for reuse; null entries are ignored. */
    synchronized void give(float[]... arrays) {
        for (float[] array : arrays) {
            if (array != null) {
                Deque<float[]> same = free.computeIfAbsent(array.length, n -> new ArrayDeque<>());
                if (same.size() < KEPT) {
                    same.push(array);
                }
            }
        }
    }
}
