package org.spikeshift.datasets.event;

import java.util.List;

/**
 * One labelled recording as raw events: parallel arrays of timestamps (microseconds from the
 * recording's start, non-decreasing is not required) and flattened channel indices.
 *
 * @param timesUs event times in microseconds
 * @param channels channel of each event, in [0, numChannels) of its dataset
 * @param label class index
 */
public record EventSample(int[] timesUs, int[] channels, int label) {

    public EventSample {
        if (timesUs.length != channels.length) {
            throw new IllegalArgumentException(
                    "times and channels differ in length: "
                            + timesUs.length
                            + " vs "
                            + channels.length);
        }
    }

    /** A sample from {time in us, channel} pairs, in the order given. */
    public static EventSample fromPairs(List<int[]> timeChannel, int label) {
        int[] times = new int[timeChannel.size()];
        int[] channels = new int[timeChannel.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = timeChannel.get(i)[0];
            channels[i] = timeChannel.get(i)[1];
        }
        return new EventSample(times, channels, label);
    }

    public int size() {
        return timesUs.length;
    }

    /** The last event time plus one microsecond, 0 when empty. */
    public long durationUs() {
        long max = 0;
        for (int t : timesUs) {
            max = Math.max(max, t + 1L);
        }
        return max;
    }
}
