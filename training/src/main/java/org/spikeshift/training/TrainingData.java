package org.spikeshift.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.RandomAccessDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.spikeshift.core.loop.ActiveInputs;
import org.spikeshift.core.loop.LoopParams;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.SpikingNetwork;

/**
 * A labelled split as training and evaluation read it: frame batches (B, T, C) by sample index.
 * {@link Batches} reads event recordings binned once; {@link #of} reads any DJL {@link
 * RandomAccessDataset} whose records hold frames (T, C) first and the class first among the labels,
 * so a user's own DJL data set trains too.
 */
public interface TrainingData {

    /** Samples in the split. */
    int size();

    /** Classes of its labels. */
    int numClasses();

    /** Time steps the network sees. */
    int steps();

    /** Frames (B, T, C) of a batch in {@code manager}. */
    NDArray input(NDManager manager, int[] indices);

    /**
     * A batch's frames and their active inputs.
     *
     * @param frames (B, T, C)
     * @param active the frames' non-zero entries as the data knows them, or null
     */
    record Frames(NDArray frames, ActiveInputs active) {}

    /**
     * A batch's frames in {@code manager}, with their active inputs where the data knows them
     * without a scan (none by default).
     */
    default Frames frames(NDManager manager, int[] indices) {
        return new Frames(input(manager, indices), null);
    }

    /** Class indices of a batch. */
    int[] labels(int[] indices);

    /** Batches of indices; shuffled with {@code random} when it is not null. */
    default List<int[]> indexBatches(int batchSize, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            order.add(i);
        }
        if (random != null) {
            Collections.shuffle(order, random);
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            int end = Math.min(order.size(), start + batchSize);
            batches.add(order.subList(start, end).stream().mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /** One-hot labels (B, classes) of a batch in {@code manager}. */
    default NDArray oneHot(NDManager manager, int[] indices) {
        int[] labels = labels(indices);
        int classes = numClasses();
        float[] hot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            hot[i * classes + labels[i]] = 1;
        }
        return manager.create(hot, new Shape(labels.length, classes));
    }

    /**
     * The network's outputs on a batch, its first layer given the frames' active inputs where they
     * are known, so that it need not scan the frames for them.
     *
     * @param tape the training pass's tape (see {@link TimeLoopTape}), or null
     */
    default NDList forward(
            SpikingNetwork net,
            ParameterStore ps,
            NDManager manager,
            int[] indices,
            boolean training,
            TimeLoopTape tape) {
        Frames batch = frames(manager, indices);
        return net.forward(
                ps, new NDList(batch.frames()), training, LoopParams.of(tape, batch.active()));
    }

    /**
     * A DJL data set as training data.
     *
     * @param dataset records of frames (T, C) first among the data and the class first among the
     *     labels (as {@code EventFramesDataset} gives them)
     * @param classes classes of the labels
     * @param manager where the labels are read once
     */
    static TrainingData of(RandomAccessDataset dataset, int classes, NDManager manager) {
        return new DatasetTrainingData(dataset, classes, manager);
    }
}
