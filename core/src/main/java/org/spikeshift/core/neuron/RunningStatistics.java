package org.spikeshift.core.neuron;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.loop.BatchNormFold;
import org.spikeshift.core.loop.DirectBuffers;

/**
 * How a BatchNorm's running statistics follow the training batches: a cumulative average over the
 * updates made so far, until that gives the old value less weight than the fixed momentum (0.95 in
 * DJL's convention, PyTorch's 0.05), then the fixed momentum.
 *
 * <p>With the fixed momentum alone, the running statistics stay near their initial values (mean 0,
 * variance 1) for the first ~20 updates: a small data set with one batch per epoch validates and
 * tests with statistics that describe no data at all. The cumulative start makes the first update
 * the batch's own statistics, as PyTorch's {@code momentum=None} does.
 *
 * <p>The count of updates made is set by the trainer from its epoch and batch, so that a resumed
 * run continues exactly.
 */
public final class RunningStatistics {

    private long updates;
    private float lastMomentum;
    private boolean frozen;

    /**
     * Freezes the running statistics: training passes normalise with their batch's statistics but
     * leave the running ones and the update count as they are (a second input domain whose
     * statistics inference must not see).
     */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** Sets the number of training updates already made (the next update is number n + 1). */
    public void setUpdates(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("update count must not be negative, got " + n);
        }
        updates = n;
    }

    /** The weight of the old running value in the next update, which this call counts. */
    float nextMomentum() {
        if (frozen) {
            lastMomentum = 1;
            return 1;
        }
        float m = Math.min(SpikingLayer.BATCH_NORM_MOMENTUM, updates / (updates + 1f));
        updates++;
        lastMomentum = m;
        return m;
    }

    /**
     * {@code norm} as a JVM loop folds it into a pass: in training with this pass's momentum, which
     * counts as an update.
     */
    BatchNormFold fold(ParameterStore ps, BatchNorm norm, boolean training) {
        return new BatchNormFold(
                ps, norm, training ? nextMomentum() : SpikingLayer.BATCH_NORM_MOMENTUM);
    }

    /** Running mean and variance of {@code norm} as they are now. */
    static float[][] snapshot(BatchNorm norm) {
        var p = norm.getParameters();
        return new float[][] {
            p.get("runningMean").getArray().toFloatArray(),
            p.get("runningVar").getArray().toFloatArray()
        };
    }

    /**
     * Restates the update just made from a batch binned at rho times the network's bin as the
     * update that batch gives at the network's bin under sum-binning: batch mean / rho, batch
     * variance (var + eps) / rho^2 - eps, the inverse of adaptation's (rho, rho^2) rule. Mixed
     * time-step training in physical time keeps its statistics at the network's bin this way.
     *
     * @param before the statistics before the update ({@link #snapshot})
     */
    void restateLastUpdate(BatchNorm norm, float[][] before, double rho) {
        if (lastMomentum == 1) {
            return; // frozen: nothing was updated
        }
        var p = norm.getParameters();
        float[] mean = p.get("runningMean").getArray().toFloatArray();
        float[] var = p.get("runningVar").getArray().toFloatArray();
        double m = lastMomentum;
        double eps = SpikingLayer.BATCH_NORM_EPSILON;
        for (int i = 0; i < mean.length; i++) {
            double batchMean = (mean[i] - m * before[0][i]) / (1 - m);
            double batchVar = (var[i] - m * before[1][i]) / (1 - m);
            mean[i] = (float) (m * before[0][i] + (1 - m) * batchMean / rho);
            var[i] =
                    (float)
                            (m * before[1][i]
                                    + (1 - m) * Math.max(0, (batchVar + eps) / (rho * rho) - eps));
        }
        DirectBuffers.write(p.get("runningMean").getArray(), mean);
        DirectBuffers.write(p.get("runningVar").getArray(), var);
    }

    /**
     * The engine's BatchNorm over {@code flat} (rows, features), updating the running statistics in
     * training with {@link #nextMomentum}.
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
