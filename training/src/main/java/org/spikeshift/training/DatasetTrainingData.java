package org.spikeshift.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A DJL {@link RandomAccessDataset} read as {@link TrainingData}, record by record. */
final class DatasetTrainingData implements TrainingData {

    private final RandomAccessDataset dataset;
    private final int classes;
    private final int steps;
    private final int[] labels;

    DatasetTrainingData(RandomAccessDataset dataset, int classes, NDManager manager) {
        this.dataset = dataset;
        this.classes = classes;
        int size = Math.toIntExact(dataset.size());
        labels = new int[size];
        int firstSteps = 0;
        for (int i = 0; i < size; i++) {
            try (NDManager scope = manager.newSubManager()) {
                Record record = record(scope, i);
                float label = record.getLabels().head().getFloat();
                labels[i] = (int) label;
                if (labels[i] != label || labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException(
                            "record "
                                    + i
                                    + " has label "
                                    + label
                                    + ", not a class in [0, "
                                    + classes
                                    + ")");
                }
                if (i == 0) {
                    firstSteps = Math.toIntExact(frames(record, i).getShape().get(0));
                }
            }
        }
        steps = firstSteps;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public NDArray input(NDManager manager, int[] indices) {
        NDList frames = new NDList(indices.length);
        for (int index : indices) {
            frames.add(frames(record(manager, index), index));
        }
        return NDArrays.stack(frames);
    }

    @Override
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[indices[i]];
        }
        return out;
    }

    private Record record(NDManager manager, long index) {
        try {
            return dataset.get(manager, index);
        } catch (IOException e) {
            throw new UncheckedIOException("record " + index + ": " + e.getMessage(), e);
        }
    }

    private static NDArray frames(Record record, long index) {
        NDArray frames = record.getData().head();
        if (frames.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "record "
                            + index
                            + " holds data of shape "
                            + frames.getShape()
                            + ", not frames (T, C)");
        }
        return frames;
    }
}
