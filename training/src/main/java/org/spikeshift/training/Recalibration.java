package org.spikeshift.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.SpikingNetwork;

/**
 * BatchNorm statistics re-estimated at the bin a network is evaluated at: a few training batches
 * pass forward in training mode, and every BatchNorm's running statistics become the cumulative
 * average of their batch statistics. Works for any network, trained or adapted; no parameter other
 * than the statistics changes.
 */
public final class Recalibration {

    private Recalibration() {}

    /**
     * @param net the network to recalibrate, in place
     * @param train training batches at the evaluation bin
     * @param batches how many batches to pass (fewer when the split is smaller)
     * @param batchSize samples per batch
     * @param seed the seed of the shuffle and of the dropout masks
     * @return the number of batches passed
     */
    public static int recalibrate(
            SpikingNetwork net,
            TrainingData train,
            int batches,
            int batchSize,
            long seed,
            NDManager manager) {
        if (batches <= 0) {
            throw new IllegalArgumentException("--recalibrate-bn must be positive, got " + batches);
        }
        List<int[]> order =
                train.indexBatches(
                        Math.min(batchSize, net.largestBatch(train.steps())), new Random(seed));
        int passes = Math.min(batches, order.size());
        if (passes == 0) {
            throw new IllegalArgumentException(
                    "recalibration needs training samples; the training split is empty");
        }
        net.setNormUpdates(0);
        manager.getEngine()
                .setRandomSeed((int) seed); // dropout masks: the same numbers wherever it runs
        ParameterStore ps = new ParameterStore(manager, false);
        for (int b = 0; b < passes; b++) {
            // the JVM loops run training passes under a tape; its backward is never needed here
            try (NDManager scope = manager.newSubManager();
                    TimeLoopTape tape = TimeLoopTape.open()) {
                net.forward(ps, new NDList(train.input(scope, order.get(b))), true, tape.params());
            }
        }
        return passes;
    }
}
