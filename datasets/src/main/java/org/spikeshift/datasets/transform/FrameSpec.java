package org.spikeshift.datasets.transform;

import org.spikeshift.datasets.event.EventSample;

/**
 * How a data set's events become frames for a network: bin width, number of steps, channels and
 * accumulation, plus an optional event transform applied first.
 *
 * @param binUs bin width in microseconds (any positive value)
 * @param steps time steps T
 * @param channels channels C per frame (after the transform)
 * @param mode sum, binary or max
 * @param transform event transform applied before binning, or null
 */
public record FrameSpec(
        double binUs, int steps, int channels, FrameMode mode, EventTransform transform) {

    public FrameSpec {
        if (!(binUs > 0) || Double.isInfinite(binUs)) {
            throw new IllegalArgumentException("bin size must be positive, got " + binUs + " us");
        }
        if (steps <= 0 || channels <= 0) {
            throw new IllegalArgumentException("frames need positive steps and channels");
        }
    }

    /** Frames covering {@code durationUs} at {@code binMs}. */
    public static FrameSpec of(
            double binMs, long durationUs, int channels, FrameMode mode, EventTransform transform) {
        double binUs = binMs * 1000;
        int steps = Binning.steps(durationUs, binUs);
        if ((long) steps * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "a bin of %s ms gives %d steps x %d channels per sample, more "
                                    + "than one array holds"
                                    + " (use a larger bin)",
                            binMs,
                            steps,
                            channels));
        }
        return new FrameSpec(binUs, steps, channels, mode, transform);
    }

    /**
     * The steps a sample occupies before padding: up to and including its last event's bin, at most
     * {@link #steps()}; 0 for a sample without events.
     */
    public int length(EventSample sample) {
        return sample.size() == 0 ? 0 : Math.min(steps, Binning.steps(sample.durationUs(), binUs));
    }

    /** A description of everything that determines the frames, for cache keys. */
    public String id() {
        return "bin="
                + binUs
                + "us steps="
                + steps
                + " channels="
                + channels
                + " mode="
                + mode
                + " transform="
                + transform;
    }

    public double binMs() {
        return binUs / 1000;
    }
}
