package org.spikeshift.datasets.transform;

import org.spikeshift.datasets.event.EventSample;

/**
 * Merges groups of {@code factor} neighbouring channels: channel c becomes c / factor (e.g. 700 SHD
 * channels with factor 5 give 140).
 *
 * @param factor channels per group, at least 1
 */
public record DownsampleChannels(int factor) implements EventTransform {

    public DownsampleChannels {
        if (factor < 1) {
            throw new IllegalArgumentException(
                    "downsampling factor must be at least 1, got " + factor);
        }
    }

    /** Channels after downsampling {@code channels}. */
    public int channelsAfter(int channels) {
        return (channels + factor - 1) / factor;
    }

    @Override
    public EventSample apply(EventSample s) {
        int[] ch = new int[s.size()];
        for (int i = 0; i < ch.length; i++) {
            ch[i] = s.channels()[i] / factor;
        }
        return new EventSample(s.timesUs().clone(), ch, s.label());
    }
}
