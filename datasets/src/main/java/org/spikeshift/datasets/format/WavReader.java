package org.spikeshift.datasets.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * RIFF/WAVE files read through {@code javax.sound.sampled}: integer PCM (8 to 32 bit, signed or
 * not) or float samples, converted to floats in [-1, 1]; channels are averaged to mono. Anything
 * else (compressed encodings, malformed headers) is rejected with the file name.
 */
public final class WavReader {

    /** Names the decoder in cache keys: encodings made with another decoder are not reused. */
    public static final String DECODER = "javax.sound";

    private WavReader() {}

    /**
     * Mono audio in [-1, 1].
     *
     * @param samples the signal
     * @param sampleRate samples per second
     */
    public record Audio(float[] samples, int sampleRate) {

        public double durationSeconds() {
            return (double) samples.length / sampleRate;
        }
    }

    public static Audio read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in.readAllBytes(), file.toString());
        }
    }

    public static Audio read(byte[] bytes, String source) throws IOException {
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes));
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(
                    source + ": unsupported or not a WAV file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException(source + ": unreadable WAV header (" + e.getMessage() + ")", e);
        }
        try (in) {
            AudioFormat format = in.getFormat();
            AudioFormat.Encoding encoding = format.getEncoding();
            int channels = format.getChannels();
            if (!encoding.equals(AudioFormat.Encoding.PCM_SIGNED)
                    && !encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                    && !encoding.equals(AudioFormat.Encoding.PCM_FLOAT)) {
                throw new IOException(
                        source + ": unsupported WAV encoding " + encoding + "; use PCM or float");
            }
            if (channels <= 0 || !(format.getSampleRate() > 0)) {
                throw new IOException(source + ": invalid WAV header (" + format + ")");
            }
            // every PCM layout (8-32 bits, either byte order, signed or not) as little-endian
            // floats
            AudioFormat floats =
                    new AudioFormat(
                            AudioFormat.Encoding.PCM_FLOAT,
                            format.getSampleRate(),
                            Float.SIZE,
                            channels,
                            Float.BYTES * channels,
                            format.getSampleRate(),
                            false);
            byte[] data;
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(floats, in)) {
                data = converted.readAllBytes();
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": unsupported WAV sample format " + format, e);
            }
            FloatBuffer samples =
                    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] mono = new float[samples.remaining() / channels];
            for (int f = 0; f < mono.length; f++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += samples.get(f * channels + c);
                }
                mono[f] = (float) (sum / channels);
            }
            return new Audio(mono, Math.round(format.getSampleRate()));
        }
    }

    /** Zero crossings of the resampling kernel on each side (at the lower of the two rates). */
    private static final int KERNEL_ZEROS = 16;

    /**
     * Band-limited resampling to {@code rate}, for a common rate across a corpus: each output
     * sample is the input convolved with a Hann-windowed sinc whose cutoff is the lower of the two
     * Nyquist frequencies, so that downsampling removes what the new rate cannot hold instead of
     * folding it back into the band (aliasing) as interpolation would.
     */
    public static Audio resample(Audio audio, int rate) {
        if (audio.sampleRate() == rate) {
            return audio;
        }
        float[] in = audio.samples();
        double ratio = (double) rate / audio.sampleRate();
        double cutoff = Math.min(1, ratio); // of the input's Nyquist frequency
        double halfWidth = KERNEL_ZEROS / cutoff; // in input samples
        int n = (int) Math.round(in.length * ratio);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double centre = i / ratio;
            int first = Math.max(0, (int) Math.ceil(centre - halfWidth));
            int last = Math.min(in.length - 1, (int) Math.floor(centre + halfWidth));
            double sum = 0;
            for (int k = first; k <= last; k++) {
                double t = k - centre;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * t / halfWidth);
                sum += in[k] * cutoff * sinc(cutoff * t) * window;
            }
            out[i] = (float) sum;
        }
        return new Audio(out, rate);
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** Writes 16-bit PCM mono (for fixtures and tools). */
    public static byte[] encodePcm16(float[] samples, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66)
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        for (float s : samples) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(s * 32767))));
        }
        return b.array();
    }
}
