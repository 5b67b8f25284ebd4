package org.spikeshift.experiments.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;

/** Settings and data that are legal but almost certainly a mistake, one line each. */
final class RunWarnings {

    /** A recording this many times longer than the 99th percentile stretches the window. */
    private static final double OUTLIER_FACTOR = 3;

    private RunWarnings() {}

    static List<String> of(RunConfig config, LoadedData data) {
        List<String> out = new ArrayList<>();
        int steps = data.frames(config.binMs()).steps();
        if (steps == 1) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "--bin-ms %s gives one time step per sample: the network sees no"
                                    + " temporal structure",
                            config.binMs()));
        }
        if (config.training().learningRate() > 1) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "--lr %s is far above the usual 1e-3 to 1e-1",
                            config.training().learningRate()));
        }
        int channels = data.splits().numChannels();
        if (channels < 4) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "the input has %d channel%s (--downsample %d)",
                            channels,
                            channels == 1 ? "" : "s",
                            config.data().downsample()));
        }
        // one pass, one recording at a time: a stored split is never held whole
        long silent = 0;
        LongStream.Builder audible = LongStream.builder();
        for (EventSample s :
                EventDataset.concat(List.of(data.splits().train(), data.splits().test()))
                        .samples()) {
            if (s.size() == 0) {
                silent++;
            } else {
                audible.add(s.durationUs());
            }
        }
        if (silent > 0) {
            out.add(silent + " recording" + (silent == 1 ? " has" : "s have") + " no events");
        }
        long[] durations = audible.build().sorted().toArray();
        if (durations.length >= 10 && !(config.data().windowMs() > 0)) {
            long p99 = durations[(int) Math.floor(0.99 * (durations.length - 1))];
            long max = durations[durations.length - 1];
            if (max > OUTLIER_FACTOR * p99) {
                out.add(
                        String.format(
                                Locale.ROOT,
                                "one recording lasts %.0f ms, %.0fx the 99th percentile (%.0f ms),"
                                        + " and stretches every sample's window: "
                                        + "--window-ms %.0f crops it",
                                max / 1000.0,
                                (double) max / p99,
                                p99 / 1000.0,
                                Math.ceil(p99 / 1000.0)));
            }
        }
        return out;
    }
}
