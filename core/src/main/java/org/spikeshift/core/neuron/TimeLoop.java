package org.spikeshift.core.neuron;

/** Where a spiking layer runs its recurrence over time steps. */
public enum TimeLoop {
    /**
     * In plain Java over all steps at once, with its own backward pass ({@link TimeLoopTape}):
     * the fast choice on a CPU. Layers with recurrent weights run on the engine regardless, and
     * so does a training pass without an open tape, so that gradients are never lost.
     */
    JVM,
    /** Step by step with engine operations and the engine's autograd (a GPU keeps its data). */
    ENGINE
}
