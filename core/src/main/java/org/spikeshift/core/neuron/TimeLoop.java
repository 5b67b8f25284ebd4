package org.spikeshift.core.neuron;

/** Where a spiking layer runs its recurrence over time steps. */
public enum TimeLoop {
    /**
     * In plain Java over all steps at once, with its own backward pass ({@link TimeLoopTape}): the
     * fast choice on a CPU. Layers with recurrent weights run on the engine regardless, and so does
     * a training pass without an open tape, so that gradients are never lost.
     */
    JVM,
    /** Step by step with engine operations and the engine's autograd (a GPU keeps its data). */
    ENGINE;

    /**
     * Whether a pass runs on the JVM under this choice: gradients can reach it through an open
     * {@link TimeLoopTape}, or it is an inference pass. (An inference-mode pass under a gradient
     * collector needs the tape too, or {@link #ENGINE}.)
     */
    boolean runsOnJvm(boolean training) {
        return this == JVM && (!training || TimeLoopTape.active() != null);
    }
}
