package org.spikeshift.datasets.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.transform.FrameBatcher;
import org.spikeshift.datasets.transform.FrameSpec;

/**
 * Any split of events as a DJL {@link RandomAccessDataset}, for users of DJL's own training loop.
 * Each record's data is frames (T, C) binned on the fly from raw event times, padded with empty
 * steps to the frame spec's window, then the sample's unpadded length in steps (); its label is
 * the class () as a float. DJL's default batchifier stacks them into (B, T, C), (B) and (B); a
 * {@code SpikingNetwork} reads the first entry.
 *
 * <pre>
 * EventFramesDataset ds = EventFramesDataset.builder()
 *         .setData(splits.train())
 *         .setFrames(FrameSpec.of(10, splits.durationUs(), splits.numChannels(), FrameMode.SUM, null))
 *         .setSampling(128, true)
 *         .build();
 * </pre>
 */
public final class EventFramesDataset extends RandomAccessDataset {

    private final EventDataset data;
    private final FrameSpec frames;

    private EventFramesDataset(Builder builder) {
        super(builder);
        this.data = builder.data;
        this.frames = builder.frames;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        float[] x = FrameBatcher.frames(data.samples(), new int[] {i}, frames);
        NDArray features = manager.create(x, new Shape(frames.steps(), frames.channels()));
        NDArray length = manager.create((float) frames.length(data.samples().get(i)));
        NDArray label = manager.create((float) data.samples().get(i).label());
        return new Record(new NDList(features, length), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return data.size();
    }

    /** Nothing to prepare: the events are already in memory. */
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
                throw new IllegalArgumentException("frames have " + frames.channels() + " channels, the data "
                        + data.numChannels());
            }
            return new EventFramesDataset(this);
        }
    }
}
