package org.spikeshift.core.neuron;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/**
 * How a BatchNorm's running statistics follow the training batches: a cumulative average over the
 * updates made so far, until that gives the old value less weight than the fixed momentum (0.95
 * in DJL's convention, PyTorch's 0.05), then the fixed momentum.
 *
 * <p>With the fixed momentum alone, the running statistics stay near their initial values (mean
 * 0, variance 1) for the first ~20 updates: a small data set with one batch per epoch validates
 * and tests with statistics that describe no data at all. The cumulative start makes the first
 * update the batch's own statistics, as PyTorch's {@code momentum=None} does.
 *
 * <p>The count of updates made is set by the trainer from its epoch and batch, so that a resumed
 * run continues exactly.
 */
public final class RunningStatistics {

    private long updates;

    /** Sets the number of training updates already made (the next update is number n + 1). */
    public void setUpdates(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("update count must not be negative, got " + n);
        }
        updates = n;
    }

    /** The weight of the old running value in the next update, which this call counts. */
    float nextMomentum() {
        float m = Math.min(SpikingLayer.BATCH_NORM_MOMENTUM, updates / (updates + 1f));
        updates++;
        return m;
    }

    /**
     * The engine's BatchNorm over {@code flat} (rows, features), updating the running statistics
     * in training with {@link #nextMomentum}.
     */
    NDArray engineForward(ParameterStore ps, BatchNorm norm, NDArray flat, boolean training) {
        if (!training) {
            return norm.forward(ps, new NDList(flat), false).head();
        }
        Device device = flat.getDevice();
        var p = norm.getParameters();
        return BatchNorm.batchNorm(
                        flat,
                        ps.getValue(p.get("runningMean"), device, true),
                        ps.getValue(p.get("runningVar"), device, true),
                        ps.getValue(p.get("gamma"), device, true),
                        ps.getValue(p.get("beta"), device, true),
                        1,
                        nextMomentum(),
                        SpikingLayer.BATCH_NORM_EPSILON,
                        true)
                .head();
    }
}
