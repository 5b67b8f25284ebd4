package org.spikeshift.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Files that end with a CRC32 of everything before it (8 bytes), written atomically through {@link
 * AtomicFiles} and streamed both ways: a damaged or truncated file is refused, never trusted, and a
 * large one is never held whole in memory.
 */
public final class CheckedFiles {

    private static final int BUFFER = 1 << 16;

    private CheckedFiles() {}

    /** Writes a checked file's content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Reads a checked file's content; must read all of it. */
    @FunctionalInterface
    public interface Reader<T> {
        T readFrom(DataInputStream in) throws IOException;
    }

    /** Replaces {@code target} with what {@code writer} writes and its checksum. */
    public static void write(Path target, Writer writer) throws IOException {
        AtomicFiles.write(
                target,
                raw -> {
                    CRC32 crc = new CRC32();
                    DataOutputStream out =
                            new DataOutputStream(
                                    new BufferedOutputStream(
                                            new CheckedOutputStream(raw, crc), BUFFER));
                    writer.writeTo(out);
                    out.flush();
                    new DataOutputStream(raw).writeLong(crc.getValue());
                });
    }

    /**
     * The content of a checked file, read by {@code reader} once the checksum holds.
     *
     * @throws IOException naming the file when it is missing, damaged, truncated, or holds more
     *     than the reader reads
     */
    public static <T> T read(Path file, Reader<T> reader) throws IOException {
        try (FileChannel channel = openVerified(file);
                DataInputStream in =
                        new DataInputStream(
                                new BufferedInputStream(
                                        Channels.newInputStream(channel), BUFFER))) {
            T content = reader.readFrom(in);
            in.skipNBytes(Long.BYTES); // the checksum
            if (in.read() != -1) {
                throw new IOException(file + ": more content than expected");
            }
            return content;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated", e);
        }
    }

    /**
     * A checked file opened for random reads once its checksum holds; its content is its first
     * {@code size() - 8} bytes.
     */
    public static FileChannel openVerified(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long length = channel.size() - Long.BYTES;
            if (length < 0) {
                throw new IOException(file + ": truncated");
            }
            ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES);
            while (trailer.hasRemaining()) {
                if (channel.read(trailer, length + trailer.position()) < 0) {
                    throw new IOException(file + ": truncated");
                }
            }
            CRC32 crc = new CRC32();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long position = 0;
            while (position < length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException(file + ": truncated");
                }
                position += n;
                crc.update(buffer.flip());
            }
            if (crc.getValue() != trailer.flip().getLong()) {
                throw new IOException(file + ": checksum mismatch");
            }
            return channel.position(0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@code length} bytes of {@code channel} from {@code position}, ready to read. */
    public static ByteBuffer readAt(FileChannel channel, long position, int length)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("unexpected end of file");
            }
        }
        return buffer.flip();
    }
}
