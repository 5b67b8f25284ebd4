package org.spikeshift.datasets.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import org.spikeshift.datasets.catalog.DiskCache;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.transform.BinnedFrames;
import org.spikeshift.datasets.transform.FrameSpec;

/**
 * Any split of events as a DJL {@link RandomAccessDataset}, for users of DJL's own training loop.
 * Each record's data is frames (T, C) binned from raw event times (once per split, through the
 * {@link DiskCache}), padded with empty steps to the frame spec's window, then the sample's
 * unpadded length in steps (); its label is the class () as a float. DJL's default batchifier
 * stacks them into (B, T, C), (B) and (B); a {@code SpikingNetwork} reads the first entry.
 *
 * <pre>
 * EventFramesDataset ds = EventFramesDataset.builder()
 *         .setData(splits.train())
 *         .setFrames(FrameSpec.of(
 *                 10, splits.durationUs(), splits.numChannels(), FrameMode.SUM, null))
 *         .setSampling(128, true)
 *         .build();
 * </pre>
 */
public final class EventFramesDataset extends RandomAccessDataset {

    private final FrameSpec frames;
    private final BinnedFrames binned;

    private EventFramesDataset(Builder builder) {
        super(builder);
        this.frames = builder.frames;
        this.binned = DiskCache.defaultCache().frames(builder.data, builder.frames);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int[] i = {Math.toIntExact(index)};
        NDArray features =
                manager.create(binned.dense(i), new Shape(frames.steps(), frames.channels()));
        NDArray length = manager.create((float) binned.lengths(i)[0]);
        NDArray label = manager.create((float) binned.labels(i)[0]);
        return new Record(new NDList(features, length), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return binned.size();
    }

    /** Nothing to prepare: the split is binned when the data set is built. */
    @Override
    public void prepare(Progress progress) {}

    /** Builder of {@link EventFramesDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private EventDataset data;
        private FrameSpec frames;

        /** The split (required). */
        public Builder setData(EventDataset data) {
            this.data = data;
            return this;
        }

        /** How events become frames (required). */
        public Builder setFrames(FrameSpec frames) {
            this.frames = frames;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public EventFramesDataset build() {
            if (data == null || frames == null) {
                throw new IllegalArgumentException("an EventFramesDataset needs data and frames");
            }
            if (frames.channels() < data.numChannels() && frames.transform() == null) {
                throw new IllegalArgumentException(
                        "frames have "
                                + frames.channels()
                                + " channels, the data "
                                + data.numChannels());
            }
            return new EventFramesDataset(this);
        }
    }
}
