package org.spikeshift.datasets.encode;

import org.jtransforms.fft.FloatFFT_1D;

/** Short-time power spectra with a Hann window (JTransforms FFT). */
final class Spectrogram {

    private Spectrogram() {}

    /**
     * @param signal mono samples
     * @param window window length in samples
     * @param hop hop in samples
     * @param fftSize FFT length (power of two, at least the window)
     * @return power [frame][bin], bins 0 .. fftSize/2
     */
    static float[][] power(float[] signal, int window, int hop, int fftSize) {
        int frames = Math.max(1, 1 + (signal.length - window) / hop);
        float[] hann = new float[window];
        for (int i = 0; i < window; i++) {
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (window - 1)));
        }
        FloatFFT_1D fft = new FloatFFT_1D(fftSize);
        float[][] out = new float[frames][fftSize / 2 + 1];
        float[] buffer = new float[fftSize];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(buffer, 0);
            int start = f * hop;
            for (int i = 0; i < window && start + i < signal.length; i++) {
                buffer[i] = signal[start + i] * hann[i];
            }
            fft.realForward(buffer);
            out[f][0] = buffer[0] * buffer[0];
            out[f][fftSize / 2] = buffer[1] * buffer[1];
            for (int k = 1; k < fftSize / 2; k++) {
                float re = buffer[2 * k];
                float im = buffer[2 * k + 1];
                out[f][k] = re * re + im * im;
            }
        }
        return out;
    }

    /** Triangular filters with centres evenly spaced on the mel scale, [band][bin]. */
    static float[][] melFilters(int bands, int fftSize, int rate, double fMin, double fMax) {
        double melMin = mel(fMin);
        double melMax = mel(fMax);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = inverseMel(melMin + (melMax - melMin) * i / (bands + 1));
        }
        return triangles(edges, fftSize, rate);
    }

    /**
     * Triangular filters between consecutive {@code edges} (Hz): band i spans edges[i]..edges[i+2].
     */
    static float[][] triangles(double[] edges, int fftSize, int rate) {
        int bands = edges.length - 2;
        int bins = fftSize / 2 + 1;
        float[][] filters = new float[bands][bins];
        for (int b = 0; b < bands; b++) {
            double lo = edges[b];
            double mid = edges[b + 1];
            double hi = edges[b + 2];
            for (int k = 0; k < bins; k++) {
                double f = (double) k * rate / fftSize;
                double w =
                        f <= lo || f >= hi
                                ? 0
                                : f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                filters[b][k] = (float) w;
            }
            // a band narrower than one FFT bin still takes its nearest bin
            if (sum(filters[b]) == 0) {
                filters[b][(int) Math.min(bins - 1, Math.round(mid * fftSize / rate))] = 1;
            }
        }
        return filters;
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double inverseMel(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** filters x power, per frame: [frame][band]. */
    static float[][] apply(float[][] power, float[][] filters) {
        float[][] out = new float[power.length][filters.length];
        for (int f = 0; f < power.length; f++) {
            for (int b = 0; b < filters.length; b++) {
                double s = 0;
                float[] w = filters[b];
                for (int k = 0; k < w.length; k++) {
                    if (w[k] != 0) {
                        s += w[k] * power[f][k];
                    }
                }
                out[f][b] = (float) s;
            }
        }
        return out;
    }
}
