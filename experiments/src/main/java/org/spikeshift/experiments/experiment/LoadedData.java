package org.spikeshift.experiments.experiment;

import java.io.IOException;
import java.util.List;
import org.spikeshift.datasets.catalog.DataRequest;
import org.spikeshift.datasets.catalog.DatasetCatalog;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.rebin.FrameRebin;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.datasets.transform.FrameSpec;
import org.spikeshift.training.Batches;

/**
 * A loaded data set and the framing helpers every command shares.
 *
 * @param splits train, validation and test splits
 * @param mode frame accumulation
 */
public record LoadedData(DataSplits splits, FrameMode mode) {

    public static LoadedData load(DataRequest request, FrameMode mode) throws IOException {
        return new LoadedData(DatasetCatalog.load(request), mode);
    }

    /**
     * The same data with the training split reduced to a stratified {@code fraction}, drawn with
     * {@code seed}; validation and test splits unchanged.
     */
    public LoadedData withTrainFraction(double fraction, long seed) {
        if (fraction >= 1) {
            return this;
        }
        int[][] parts = DataSplits.stratifiedSplit(splits.train(), fraction, seed);
        DataSplits reduced =
                new DataSplits(
                        splits.train().subset(parts[1]),
                        splits.validation(),
                        splits.test(),
                        splits.durationUs());
        return new LoadedData(reduced, mode);
    }

    /** Frames of this data set at {@code binMs}. */
    public FrameSpec frames(double binMs) {
        return FrameSpec.of(binMs, splits.durationUs(), splits.numChannels(), mode, null);
    }

    public Batches batches(EventDataset split, double binMs) {
        return new Batches(split, frames(binMs));
    }

    /** Batches binned at {@code binMs}, then re-binned by {@code rebin}. */
    public Batches rebinned(EventDataset split, double binMs, FrameRebin rebin) {
        return new Batches(split, frames(binMs), rebin);
    }

    /** A split by name: train, validation, test, or all (train, validation and test together). */
    public EventDataset split(String name) {
        return switch (name) {
            case "train" -> splits.train();
            case "validation" -> splits.validation();
            case "test" -> splits.test();
            case "all" ->
                    EventDataset.concat(
                            List.of(splits.train(), splits.validation(), splits.test()));
            default ->
                    throw new IllegalArgumentException(
                            "--split must be train, test or all, got '" + name + "'");
        };
    }
}
