package org.spikeshift.core.loop;

/** Where spiking layers run their recurrences over time steps: the user's choice of backend. */
public enum TimeLoop {
    /**
     * In plain Java over all steps at once, with its own backward pass ({@link JvmBackend}): the
     * fast choice on a CPU. Layers with recurrent weights run on the engine regardless, and so does
     * a training pass without a {@link TimeLoopTape}, so that gradients are never lost.
     */
    JVM,
    /** Step by step with engine operations and the engine's autograd ({@link EngineBackend}). */
    ENGINE;

    /**
     * The backend of a pass under this choice.
     *
     * @param jvmCapable whether the layer can run on the JVM (no recurrent weights)
     * @param training whether the pass trains
     * @param tape the pass's tape, or null
     */
    public TimeLoopBackend backend(boolean jvmCapable, boolean training, TimeLoopTape tape) {
        return this == JVM && jvmCapable && (!training || tape != null)
                ? JvmBackend.INSTANCE
                : EngineBackend.INSTANCE;
    }
}
