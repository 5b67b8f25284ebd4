package org.spikeshift.datasets.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.format.WavReader;
import org.spikeshift.datasets.format.WavReader.Audio;

/**
 * A cochlea-like encoder producing SHD-like data: {@code channels} (default 700) overlapping
 * frequency bands, log-spaced from 100 Hz to 0.45 x the sample rate, whose compressed envelopes (1
 * ms hop, 16 ms window) drive one integrate-and-fire "hair cell" per channel. The neuron is
 * simulated on a 0.1 ms grid with the envelope interpolated linearly, so spike times have
 * sub-millisecond precision and the data can be binned at 1 ms and finer.
 *
 * @param channels frequency channels
 * @param rate sample rate audio is resampled to
 * @param gain envelope-to-drive gain (spikes per second at full drive, roughly)
 */
public record CochleaEncoder(int channels, int rate, double gain) implements AudioEncoder {

    private static final double HOP_MS = 1;
    private static final int SUBSTEPS = 10;
    private static final double TAU_MS = 20;

    public static CochleaEncoder defaults() {
        return new CochleaEncoder(700, 16000, 200);
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public String id() {
        return String.format(Locale.ROOT, "cochlea%d-sr%d-g%.0f-sinc", channels, rate, gain);
    }

    @Override
    public EventSample encode(Audio audio, int label) {
        Audio a = WavReader.resample(audio, rate);
        int window = (int) Math.round(0.016 * rate);
        int hop = (int) Math.round(HOP_MS / 1000 * rate);
        int fft = Integer.highestOneBit(window - 1) << 2;
        double[] edges = new double[channels + 2];
        double lo = Math.log(100);
        double hi = Math.log(0.45 * rate);
        for (int i = 0; i < edges.length; i++) {
            edges[i] = Math.exp(lo + (hi - lo) * i / (channels + 1));
        }
        float[][] energy =
                Spectrogram.apply(
                        Spectrogram.power(a.samples(), window, hop, fft),
                        Spectrogram.triangles(edges, fft, rate));
        // loudness compression relative to the recording's peak band energy
        double peak = 1e-12;
        for (float[] frame : energy) {
            for (float e : frame) {
                peak = Math.max(peak, e);
            }
        }
        float[][] drive = new float[energy.length][channels];
        for (int f = 0; f < energy.length; f++) {
            for (int c = 0; c < channels; c++) {
                double db = 10 * Math.log10(energy[f][c] / peak + 1e-12); // <= 0
                drive[f][c] = (float) Math.max(0, (db + 50) / 50); // 50 dB dynamic range -> [0, 1]
            }
        }
        List<int[]> events = new ArrayList<>();
        double dtMs = HOP_MS / SUBSTEPS;
        double decay = Math.exp(-dtMs / TAU_MS);
        // drive d is a current of gain * d^2 thresholds per second; the membrane settles at gain *
        // tau * d^2
        double scale = gain * TAU_MS / 1000 * (1 - decay);
        double[] v = new double[channels];
        for (int f = 0; f + 1 < drive.length; f++) {
            for (int s = 0; s < SUBSTEPS; s++) {
                double w = (double) s / SUBSTEPS;
                int timeUs = (int) Math.round((f * HOP_MS + s * dtMs) * 1000);
                for (int c = 0; c < channels; c++) {
                    double in = drive[f][c] * (1 - w) + drive[f + 1][c] * w;
                    v[c] = decay * v[c] + scale * in * in;
                    if (v[c] > 1) {
                        v[c] -= 1;
                        events.add(new int[] {timeUs, c});
                    }
                }
            }
        }
        return EventSample.fromPairs(events, label);
    }
}
