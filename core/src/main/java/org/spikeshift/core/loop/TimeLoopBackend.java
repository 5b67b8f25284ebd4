package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Where a spiking layer's recurrence ({@link Recurrence}) runs over the time steps of a pass: step
 * by step under the engine's autograd ({@link EngineBackend}), or in plain Java over all steps at
 * once with its own backward pass ({@link JvmBackend}).
 */
public sealed interface TimeLoopBackend permits EngineBackend, JvmBackend {

    /**
     * Whether the backend applies the layer's BatchNorm itself ({@link LoopPass#norm}): then its
     * input is the projection P; otherwise it is the normalised current I.
     */
    boolean foldsNormalisation();

    /**
     * Runs the recurrence.
     *
     * @param recurrence the neuron step
     * @param input P or I (B, T, N), see {@link #foldsNormalisation}
     * @param pass the pass's settings
     * @return spikes after dropout (B, T, N) and the mean firing rate (), then u and w (B, T, N)
     *     before dropout when {@link LoopPass#recordStates}
     */
    NDList run(Recurrence recurrence, LoopInput input, LoopPass pass);

    /**
     * The readout's leaky integration {@code u[k] = alpha u[k-1] + (1 - alpha) I[k]}.
     *
     * @param alpha the decay per output (C), traced when trained
     * @param input P or I (B, T, C), see {@link #foldsNormalisation}
     * @param pass the pass's settings (no dropout, no states)
     * @return u (B, T, C)
     */
    NDArray integrate(NDArray alpha, NDArray input, LoopPass pass);
}
