package org.spikeshift.datasets.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.format.WavReader;
import org.spikeshift.datasets.format.WavReader.Audio;

/**
 * The common spiking keyword-spotting front end: mel filterbank (default 20 bands, 25 ms Hann
 * window, 5 ms hop), natural log, then delta-threshold coding per band: whenever the log energy has
 * risen by the threshold (default 1) above the band's reference an ON event is emitted and the
 * reference moves up by the threshold, likewise OFF for falls. Channel b is ON of band b, channel
 * bands + b is OFF. Event times are frame times in microseconds.
 *
 * @param bands mel bands
 * @param hopMs hop in milliseconds
 * @param threshold delta threshold on the natural-log energy
 * @param rate sample rate audio is resampled to
 */
public record MelDeltaEncoder(int bands, double hopMs, double threshold, int rate)
        implements AudioEncoder {

    public static MelDeltaEncoder defaults() {
        return new MelDeltaEncoder(20, 5, 1, 16000);
    }

    @Override
    public int channels() {
        return 2 * bands;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public String id() {
        return String.format(
                Locale.ROOT, "mel%d-hop%.2f-th%.2f-sr%d-sinc", bands, hopMs, threshold, rate);
    }

    @Override
    public EventSample encode(Audio audio, int label) {
        Audio a = WavReader.resample(audio, rate);
        int window = (int) Math.round(0.025 * rate);
        int hop = (int) Math.round(hopMs / 1000 * rate);
        int fft = Integer.highestOneBit(window - 1) << 1;
        float[][] mel =
                Spectrogram.apply(
                        Spectrogram.power(a.samples(), window, hop, fft),
                        Spectrogram.melFilters(bands, fft, rate, 20, rate / 2.0));
        List<int[]> events = new ArrayList<>();
        double[] reference = new double[bands];
        for (int b = 0; b < bands; b++) {
            reference[b] = Math.log(mel[0][b] + 1e-6);
        }
        for (int f = 1; f < mel.length; f++) {
            int timeUs = (int) Math.round(f * hopMs * 1000);
            for (int b = 0; b < bands; b++) {
                double level = Math.log(mel[f][b] + 1e-6);
                while (level - reference[b] >= threshold) {
                    reference[b] += threshold;
                    events.add(new int[] {timeUs, b});
                }
                while (reference[b] - level >= threshold) {
                    reference[b] -= threshold;
                    events.add(new int[] {timeUs, bands + b});
                }
            }
        }
        return EventSample.fromPairs(events, label);
    }
}
