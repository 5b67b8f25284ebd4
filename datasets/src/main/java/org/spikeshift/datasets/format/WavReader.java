package org.spikeshift.datasets.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE files with integer PCM (8, 16, 24 or 32 bit) or 32-bit float samples; channels are
 * averaged to mono. Anything else (compressed encodings, malformed chunks) is rejected with the
 * file name.
 */
public final class WavReader {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

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
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(source + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (size < 0 || body + size > bytes.length) {
                size = bytes.length - body; // tolerate a data chunk whose size overstates the file
            }
            if (id == 0x20746d66) { // "fmt "
                if (size < 16) {
                    throw new IOException(
                            source
                                    + ": truncated WAV header (fmt chunk of "
                                    + size
                                    + " bytes, needs 16)");
                }
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                if (format == FORMAT_EXTENSIBLE && size >= 26) {
                    format = b.getShort(body + 24) & 0xffff;
                }
            } else if (id == 0x61746164) { // "data"
                if (format < 0) {
                    throw new IOException(source + ": data chunk before the fmt chunk");
                }
                return decode(b, body, size, format, channels, rate, bits, source);
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(source + ": no data chunk");
    }

    private static Audio decode(
            ByteBuffer b,
            int start,
            int size,
            int format,
            int channels,
            int rate,
            int bits,
            String source)
            throws IOException {
        boolean pcm = format == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == FORMAT_FLOAT && bits == 32;
        if (!pcm && !flt) {
            throw new IOException(
                    source
                            + ": unsupported WAV encoding (format "
                            + format
                            + ", "
                            + bits
                            + " bits); use PCM or 32-bit float");
        }
        if (channels <= 0 || rate <= 0) {
            throw new IOException(
                    source + ": invalid WAV header (" + channels + " channels, " + rate + " Hz)");
        }
        int width = bits / 8;
        int frames = size / (width * channels);
        float[] out = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int o = start + (f * channels + c) * width;
                sum +=
                        switch (bits) {
                            case 8 -> ((b.get(o) & 0xff) - 128) / 128.0;
                            case 16 -> b.getShort(o) / 32768.0;
                            case 24 ->
                                    ((b.get(o) & 0xff)
                                                    | ((b.get(o + 1) & 0xff) << 8)
                                                    | (b.get(o + 2) << 16))
                                            / 8388608.0;
                            default -> flt ? b.getFloat(o) : b.getInt(o) / 2147483648.0;
                        };
            }
            out[f] = (float) (sum / channels);
        }
        return new Audio(out, rate);
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
