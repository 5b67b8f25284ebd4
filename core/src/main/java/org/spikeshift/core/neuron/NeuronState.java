package org.spikeshift.core.neuron;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The state of a layer of neurons after one time step, each array of shape (B, 1, N).
 *
 * @param u membrane potential
 * @param w adaptation variable (zeros for LIF)
 * @param s spikes emitted at this step
 */
public record NeuronState(NDArray u, NDArray w, NDArray s) {

    /** Zero initial state: no random initial membranes. */
    public static NeuronState zeros(NDManager manager, long batch, long units) {
        NDArray zero = manager.zeros(new Shape(batch, 1, units));
        return new NeuronState(zero, zero, zero);
    }
}
