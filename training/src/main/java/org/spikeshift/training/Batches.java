package org.spikeshift.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spikeshift.core.loop.DirectBuffers;
import org.spikeshift.datasets.catalog.DiskCache;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.rebin.FrameRebin;
import org.spikeshift.datasets.transform.BinnedFrames;
import org.spikeshift.datasets.transform.FrameSpec;

/**
 * Index batches over a data set (seeded shuffle or in order) and their frames as engine arrays. The
 * split is binned once, through the {@link DiskCache}.
 *
 * @param data the split
 * @param frames how its events become frames
 * @param rebin an input adaptation applied to the frames, or null
 * @param binned the split binned by {@code frames}
 */
public record Batches(EventDataset data, FrameSpec frames, FrameRebin rebin, BinnedFrames binned)
        implements TrainingData {

    public Batches(EventDataset data, FrameSpec frames, FrameRebin rebin) {
        this(data, frames, rebin, DiskCache.defaultCache().frames(data, frames));
    }

    public Batches(EventDataset data, FrameSpec frames) {
        this(data, frames, null);
    }

    @Override
    public int steps() {
        return rebin == null ? frames.steps() : rebin.stepsAfter(frames.steps());
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int numClasses() {
        return data.numClasses();
    }

    @Override
    public NDArray input(NDManager manager, int[] indices) {
        return frames(manager, indices).frames();
    }

    /** The frames, with their active inputs when they come straight from the bins. */
    @Override
    public Frames frames(NDManager manager, int[] indices) {
        int steps = frames.steps();
        if (rebin != null) {
            float[] x =
                    rebin.apply(binned.dense(indices), indices.length, steps, frames.channels());
            return new Frames(
                    manager.create(
                            x,
                            new Shape(indices.length, rebin.stepsAfter(steps), frames.channels())),
                    null);
        }
        // sparse frames scattered straight into the memory of a zeroed engine array
        NDArray x = manager.zeros(new Shape(indices.length, steps, frames.channels()));
        return new Frames(x, binned.scatter(indices, DirectBuffers.view(x)));
    }

    /**
     * Each sample's length in steps before padding to the window (see {@link FrameSpec#length}).
     */
    public int[] lengths(int[] indices) {
        return binned.lengths(indices);
    }

    @Override
    public int[] labels(int[] indices) {
        return binned.labels(indices);
    }
}
