package org.spikeshift.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spikeshift.core.util.EnumIds;

/**
 * Losses on the readout output {@code y = sum over k of softmax(u_o[k])} (B, C).
 *
 * <ul>
 *   <li>{@link #LOG_SOFTMAX}: cross-entropy of log_softmax(y), as sparch;
 *   <li>{@link #LOG_MEAN}: negative log of the time-averaged probability y / T.
 * </ul>
 */
public enum SnnLoss {
    LOG_SOFTMAX,
    LOG_MEAN;

    public String id() {
        return EnumIds.id(this);
    }

    public static SnnLoss fromId(String id) {
        return EnumIds.parse(SnnLoss.class, id, "loss");
    }

    /**
     * Mean loss over the batch.
     *
     * @param output readout output (B, C)
     * @param oneHot labels one-hot (B, C)
     * @param steps time steps T of the pass
     */
    public NDArray compute(NDArray output, NDArray oneHot, int steps) {
        NDManager manager = output.getManager();
        NDArray logProbabilities =
                switch (this) {
                    case LOG_SOFTMAX -> output.logSoftmax(-1);
                    // a tensor operand: Java numbers under autograd can be freed before backward
                    case LOG_MEAN ->
                            output.div(manager.full(new Shape(), (float) steps)).add(1e-8f).log();
                };
        return logProbabilities.mul(oneHot).sum(new int[] {1}).neg().mean();
    }
}
