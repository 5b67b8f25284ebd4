package org.spikeshift.datasets.format;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** MNIST IDX files: unsigned-byte images (magic 0x803) and labels (magic 0x801), big-endian. */
public final class IdxReader {

    private IdxReader() {}

    /**
     * Images as rows of {@code rows * cols} values in [0, 1].
     *
     * @param images count x rows x cols, flattened per image
     * @param rows image height
     * @param cols image width
     */
    public record Images(float[][] images, int rows, int cols) {}

    public static Images readImages(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString());
        }
    }

    public static Images readImages(InputStream stream, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            int magic = in.readInt();
            if (magic != 0x803) {
                throw new IOException(
                        source
                                + ": not an IDX image file (magic "
                                + Integer.toHexString(magic)
                                + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new IOException(
                        source + ": invalid IDX dimensions " + count + "x" + rows + "x" + cols);
            }
            float[][] images = new float[count][rows * cols];
            byte[] buffer = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                in.readFully(buffer);
                for (int j = 0; j < buffer.length; j++) {
                    images[i][j] = (buffer[j] & 0xff) / 255f;
                }
            }
            return new Images(images, rows, cols);
        } catch (java.io.EOFException e) {
            throw new IOException(source + ": truncated IDX image file", e);
        }
    }

    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString());
        }
    }

    public static int[] readLabels(InputStream stream, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            int magic = in.readInt();
            if (magic != 0x801) {
                throw new IOException(
                        source
                                + ": not an IDX label file (magic "
                                + Integer.toHexString(magic)
                                + ")");
            }
            int count = in.readInt();
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (java.io.EOFException e) {
            throw new IOException(source + ": truncated IDX label file", e);
        }
    }
}
