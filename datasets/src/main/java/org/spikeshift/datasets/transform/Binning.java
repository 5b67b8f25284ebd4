package org.spikeshift.datasets.transform;

import org.spikeshift.datasets.event.EventSample;

/**
 * Frames from raw event times at any (also non-integer) bin width. Bins are half-open, [k b, (k+1)
 * b): an event at exactly k b falls into bin k; events at or past {@code steps * b} are dropped.
 */
public final class Binning {

    private Binning() {}

    /** Steps needed to cover {@code durationUs} with bins of {@code binUs}. */
    public static int steps(long durationUs, double binUs) {
        if (!(binUs > 0)) {
            throw new IllegalArgumentException("bin size must be positive, got " + binUs + " us");
        }
        return Math.max(1, (int) Math.ceil(durationUs / binUs - 1e-9));
    }

    /**
     * Adds a sample's events into {@code frames[offset + t * channels + c]}.
     *
     * @param sample the events
     * @param binUs bin width in microseconds
     * @param steps number of bins
     * @param channels channels per frame
     * @param mode sum or binary
     * @param frames destination, zeroed by the caller
     * @param offset start of this sample's (steps x channels) block
     */
    public static void fill(
            EventSample sample, double binUs, int steps, int channels, FrameMode mode, float[] frames, int offset) {
        int[] times = sample.timesUs();
        int[] chans = sample.channels();
        for (int i = 0; i < times.length; i++) {
            int t = (int) Math.floor(times[i] / binUs);
            if (t < 0 || t >= steps) {
                continue;
            }
            int c = chans[i];
            if (c < 0 || c >= channels) {
                throw new IllegalArgumentException(
                        "event channel " + c + " outside [0, " + channels + ") of the frames");
            }
            int idx = offset + t * channels + c;
            frames[idx] = mode == FrameMode.SUM ? frames[idx] + 1 : 1;
        }
    }
}
