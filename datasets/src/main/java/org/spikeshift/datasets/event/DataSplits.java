package org.spikeshift.datasets.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Train, validation and test splits of one data set, framed over a common duration so that every
 * split gives the same number of time steps at a bin size.
 *
 * @param train training split
 * @param validation validation split, carved from train with a seed (never the test split)
 * @param test test split
 * @param durationUs framing window in microseconds
 */
public record DataSplits(
        EventDataset train, EventDataset validation, EventDataset test, long durationUs) {

    /** Carves a seeded, stratified validation fraction out of {@code train}. */
    public static DataSplits withValidation(
            EventDataset train,
            EventDataset test,
            double validationFraction,
            long seed,
            long durationUs) {
        int[][] parts = stratifiedSplit(train, validationFraction, seed);
        return new DataSplits(train.subset(parts[0]), train.subset(parts[1]), test, durationUs);
    }

    /**
     * Splits indices per class, shuffled with {@code seed}: {@code [rest, fraction]}.
     *
     * @return two index arrays, the larger part first
     */
    public static int[][] stratifiedSplit(EventDataset data, double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("split fraction must be in [0, 1), got " + fraction);
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.label(i)).add(i);
        }
        List<Integer> rest = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (List<Integer> indices : byClass) {
            java.util.Collections.shuffle(indices, random);
            int n = (int) Math.round(indices.size() * fraction);
            held.addAll(indices.subList(0, n));
            rest.addAll(indices.subList(n, indices.size()));
        }
        return new int[][] {
            rest.stream().mapToInt(Integer::intValue).sorted().toArray(),
            held.stream().mapToInt(Integer::intValue).sorted().toArray()
        };
    }

    public int numChannels() {
        return train.numChannels();
    }

    public int numClasses() {
        return train.numClasses();
    }
}
