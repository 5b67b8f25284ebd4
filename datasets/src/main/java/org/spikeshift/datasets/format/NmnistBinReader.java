package org.spikeshift.datasets.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeshift.datasets.event.EventSample;

/**
 * The N-MNIST / N-Caltech101 binary event format: 5 bytes per event, byte 0 = x, byte 1 = y, bit 7
 * of byte 2 = polarity (1 = ON), the other 23 bits (byte 2 low 7 bits, bytes 3, 4, big-endian) =
 * timestamp in microseconds. Channels are flattened as {@code p * width * height + y * width + x}.
 */
public final class NmnistBinReader {

    private static final int EVENT_BYTES = 5;

    private final int width;
    private final int height;

    /** A reader for a sensor of {@code width} x {@code height} pixels and two polarities. */
    public NmnistBinReader(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Channels per frame: 2 x width x height. */
    public int channels() {
        return 2 * width * height;
    }

    public EventSample read(Path file, int label) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, label, file.toString());
        }
    }

    /**
     * Decodes one recording.
     *
     * @param in the file's bytes
     * @param label class index
     * @param source name used in error messages
     */
    public EventSample read(InputStream in, int label, String source) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (bytes.length % EVENT_BYTES != 0) {
            throw new IOException(
                    source
                            + ": corrupt event file, length "
                            + bytes.length
                            + " is not a multiple of 5");
        }
        int n = bytes.length / EVENT_BYTES;
        int[] times = new int[n];
        int[] channels = new int[n];
        for (int i = 0; i < n; i++) {
            int o = i * EVENT_BYTES;
            int x = bytes[o] & 0xff;
            int y = bytes[o + 1] & 0xff;
            int p = (bytes[o + 2] & 0x80) >>> 7;
            int t =
                    ((bytes[o + 2] & 0x7f) << 16)
                            | ((bytes[o + 3] & 0xff) << 8)
                            | (bytes[o + 4] & 0xff);
            if (x >= width || y >= height) {
                throw new IOException(
                        source
                                + ": event "
                                + i
                                + " at ("
                                + x
                                + ", "
                                + y
                                + ") outside the "
                                + width
                                + "x"
                                + height
                                + " sensor");
            }
            times[i] = t;
            channels[i] = p * width * height + y * width + x;
        }
        return new EventSample(times, channels, label);
    }

    /** Encodes events back into the format (for fixtures and tools). */
    public byte[] encode(int[] x, int[] y, int[] polarity, int[] timesUs) {
        byte[] out = new byte[x.length * EVENT_BYTES];
        for (int i = 0; i < x.length; i++) {
            int o = i * EVENT_BYTES;
            out[o] = (byte) x[i];
            out[o + 1] = (byte) y[i];
            out[o + 2] = (byte) ((polarity[i] << 7) | ((timesUs[i] >>> 16) & 0x7f));
            out[o + 3] = (byte) (timesUs[i] >>> 8);
            out[o + 4] = (byte) timesUs[i];
        }
        return out;
    }
}
