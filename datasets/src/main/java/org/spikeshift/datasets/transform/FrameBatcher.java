package org.spikeshift.datasets.transform;

import java.util.List;
import org.spikeshift.datasets.event.EventSample;

/** Frames a batch of samples into one (B, T, C) row-major array, the layout the network takes. */
public final class FrameBatcher {

    private FrameBatcher() {}

    /**
     * @param samples the data set's samples
     * @param indices which samples, in batch order
     * @param spec the framing
     * @return frames of length {@code indices.length * T * C}
     */
    public static float[] frames(List<EventSample> samples, int[] indices, FrameSpec spec) {
        int block = spec.steps() * spec.channels();
        float[] frames = new float[indices.length * block];
        for (int i = 0; i < indices.length; i++) {
            EventSample s = samples.get(indices[i]);
            if (spec.transform() != null) {
                s = spec.transform().apply(s);
            }
            Binning.fill(s, spec.binUs(), spec.steps(), spec.channels(), spec.mode(), frames, i * block);
        }
        return frames;
    }

    /** The labels of {@code indices}. */
    public static int[] labels(List<EventSample> samples, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = samples.get(indices[i]).label();
        }
        return labels;
    }
}
