package org.spikeshift.datasets.transform;

import java.util.HashMap;
import java.util.Map;
import org.spikeshift.datasets.event.EventSample;

/**
 * Frames from raw event times at any (also non-integer) bin width. Bins are half-open, [k b, (k+1)
 * b): an event at exactly k b falls into bin k; events at or past {@code steps * b} are dropped.
 */
public final class Binning {

    /** The most time steps a sample may be framed into (1000 s at 1 ms bins). */
    public static final int MAX_STEPS = 1_000_000;

    private Binning() {}

    /**
     * Steps needed to cover {@code durationUs} with bins of {@code binUs}.
     *
     * @throws IllegalArgumentException when that is more than {@link #MAX_STEPS}
     */
    public static int steps(long durationUs, double binUs) {
        if (!(binUs > 0) || Double.isInfinite(binUs)) {
            throw new IllegalArgumentException(
                    "bin size must be positive and finite, got " + binUs / 1000 + " ms");
        }
        double steps = Math.ceil(durationUs / binUs - 1e-9);
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "a bin of %s ms needs T = %.0f steps for the %.1f ms window; at "
                                    + "most %d (use a larger bin)",
                            binUs / 1000,
                            steps,
                            durationUs / 1000.0,
                            MAX_STEPS));
        }
        return Math.max(1, (int) steps);
    }

    /**
     * The frame cell {@code t * channels + c} of one event, or -1 when its time is outside the
     * {@code steps} bins.
     */
    public static int cell(int timeUs, int channel, double binUs, int steps, int channels) {
        int t = (int) Math.floor(timeUs / binUs);
        if (t < 0 || t >= steps) {
            return -1;
        }
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException(
                    "event channel " + channel + " outside [0, " + channels + ") of the frames");
        }
        return t * channels + channel;
    }

    /**
     * Adds a sample's events into {@code frames[offset + t * channels + c]}.
     *
     * @param sample the events
     * @param binUs bin width in microseconds
     * @param steps number of bins
     * @param channels channels per frame
     * @param mode sum, binary or max
     * @param frames destination, zeroed by the caller
     * @param offset start of this sample's (steps x channels) block
     */
    public static void fill(
            EventSample sample,
            double binUs,
            int steps,
            int channels,
            FrameMode mode,
            float[] frames,
            int offset) {
        int[] times = sample.timesUs();
        int[] chans = sample.channels();
        Map<Long, Integer> subBinCounts = mode == FrameMode.MAX ? new HashMap<>() : null;
        for (int i = 0; i < times.length; i++) {
            int cell = cell(times[i], chans[i], binUs, steps, channels);
            if (cell < 0) {
                continue;
            }
            int idx = offset + cell;
            frames[idx] =
                    switch (mode) {
                        case SUM -> frames[idx] + 1;
                        case BINARY -> 1;
                        case MAX -> {
                            long key = ((long) cell << 32) | (times[i] / FrameMode.MAX_SUB_BIN_US);
                            yield Math.max(frames[idx], subBinCounts.merge(key, 1, Integer::sum));
                        }
                    };
        }
    }
}
