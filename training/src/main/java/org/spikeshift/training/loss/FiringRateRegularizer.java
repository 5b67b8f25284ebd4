package org.spikeshift.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Keeps each hidden layer's mean firing rate (spikes per neuron per step) inside [min, max]: {@code
 * sum over layers of relu(min - r) + relu(r - max)}, as sparch's quiet/burst terms.
 *
 * @param min lower rate bound
 * @param max upper rate bound
 */
public record FiringRateRegularizer(float min, float max) {

    public static final FiringRateRegularizer DEFAULT = new FiringRateRegularizer(0.01f, 0.5f);

    /** The penalty for the rates returned by the network (entries 1.. of its output). */
    public NDArray penalty(NDList networkOutput) {
        NDArray total = null;
        for (int i = 1; i < networkOutput.size(); i++) {
            NDArray r = networkOutput.get(i);
            // clip, unlike maximum(Number), is safe with a Java operand under autograd
            NDArray term =
                    r.neg()
                            .add(min)
                            .clip(0f, Float.MAX_VALUE)
                            .add(r.sub(max).clip(0f, Float.MAX_VALUE));
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
