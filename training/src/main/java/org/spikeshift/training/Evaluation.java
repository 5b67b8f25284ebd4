package org.spikeshift.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.loss.SnnLoss;

/** Inference over a whole split: counts accumulated over batches, divided once. */
public final class Evaluation {

    private Evaluation() {}

    /**
     * Result of an evaluation.
     *
     * @param accuracy fraction correct
     * @param loss mean loss per sample
     * @param samples samples evaluated
     * @param firingRates mean firing rate per hidden layer
     */
    public record Result(double accuracy, double loss, int samples, double[] firingRates) {}

    public static Result evaluate(
            SpikingNetwork net,
            TrainingData batches,
            int batchSize,
            SnnLoss loss,
            NDManager manager) {
        ParameterStore ps = new ParameterStore(manager, false);
        int layers = net.layers().size();
        double[] rateSums = new double[layers];
        long correct = 0;
        double lossSum = 0;
        int seen = 0;
        for (int[] idx :
                batches.indexBatches(
                        Math.min(batchSize, net.largestBatch(batches.steps())), null)) {
            try (NDManager scope = manager.newSubManager()) {
                NDList out = batches.forward(net, ps, scope, idx, false, null);
                NDArray y = out.head();
                lossSum +=
                        loss.compute(y, batches.oneHot(scope, idx), batches.steps()).getFloat()
                                * idx.length;
                int[] predicted = argmax(y);
                int[] labels = batches.labels(idx);
                for (int i = 0; i < idx.length; i++) {
                    correct += predicted[i] == labels[i] ? 1 : 0;
                }
                for (int l = 0; l < layers; l++) {
                    rateSums[l] += out.get(l + 1).getFloat() * idx.length;
                }
                seen += idx.length;
            }
        }
        double[] rates = new double[layers];
        for (int l = 0; l < layers; l++) {
            rates[l] = seen == 0 ? 0 : rateSums[l] / seen;
        }
        return new Result(
                seen == 0 ? 0 : (double) correct / seen,
                seen == 0 ? 0 : lossSum / seen,
                seen,
                rates);
    }

    /** Row-wise argmax of a (B, C) array. */
    static int[] argmax(NDArray y) {
        long[] idx = y.argMax(1).toLongArray();
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = (int) idx[i];
        }
        return out;
    }
}
