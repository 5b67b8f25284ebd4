package org.spikeshift.datasets.event;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.spikeshift.core.io.CheckedFiles;

/**
 * Recordings stored in a file and read one at a time, so that a data set of any size costs memory
 * for its index only (12 bytes per recording) and for the samples in use. Each event takes 8 bytes
 * on disk (time and channel as 32-bit integers).
 *
 * <p>Layout (big-endian, a {@link CheckedFiles checked file}): per sample its label, event count,
 * times and channels; then the index (each sample's offset, each label); then a footer with the
 * index's offset, the sample count, 1 + the largest label and channel, and a magic number. A file
 * whose checksum or footer does not hold is refused, never trusted.
 */
public final class StoredSamples extends SampleList {

    private static final int MAGIC = 0x53504b53; // "SPKS"
    private static final int FOOTER_BYTES = Long.BYTES + 4 * Integer.BYTES;

    private final Path file;
    private final FileChannel channel;
    private final long[] offsets;
    private final int[] labels;
    private final int numClasses;
    private final int numChannels;

    private StoredSamples(
            Path file,
            FileChannel channel,
            long[] offsets,
            int[] labels,
            int numClasses,
            int numChannels) {
        this.file = file;
        this.channel = channel;
        this.offsets = offsets;
        this.labels = labels;
        this.numClasses = numClasses;
        this.numChannels = numChannels;
    }

    /**
     * Opens a stored file, checking its checksum and footer.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static StoredSamples open(Path file) throws IOException {
        FileChannel channel = CheckedFiles.openVerified(file);
        try {
            long size = channel.size() - Long.BYTES;
            if (size < FOOTER_BYTES) {
                throw new IOException(file + ": too short for stored samples");
            }
            ByteBuffer footer = CheckedFiles.readAt(channel, size - FOOTER_BYTES, FOOTER_BYTES);
            long indexOffset = footer.getLong();
            int count = footer.getInt();
            int numClasses = footer.getInt();
            int numChannels = footer.getInt();
            if (footer.getInt() != MAGIC) {
                throw new IOException(file + ": not a stored-samples file (bad magic)");
            }
            long indexBytes = (long) count * (Long.BYTES + Integer.BYTES);
            if (count < 0 || indexOffset < 0 || indexOffset + indexBytes != size - FOOTER_BYTES) {
                throw new IOException(file + ": inconsistent index");
            }
            ByteBuffer index =
                    CheckedFiles.readAt(channel, indexOffset, Math.toIntExact(indexBytes));
            long[] offsets = new long[count + 1];
            int[] labels = new int[count];
            index.asLongBuffer().get(offsets, 0, count);
            index.position(count * Long.BYTES);
            index.asIntBuffer().get(labels);
            offsets[count] = indexOffset;
            return new StoredSamples(file, channel, offsets, labels, numClasses, numChannels);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public EventSample get(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException(
                    "sample " + i + " outside " + labels.length + " stored samples");
        }
        try {
            ByteBuffer record =
                    CheckedFiles.readAt(
                            channel, offsets[i], Math.toIntExact(offsets[i + 1] - offsets[i]));
            int label = record.getInt();
            int events = record.getInt();
            int[] times = new int[events];
            int[] channels = new int[events];
            record.asIntBuffer().get(times);
            record.position(record.position() + events * Integer.BYTES);
            record.asIntBuffer().get(channels);
            return new EventSample(times, channels, label);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read sample " + i, e);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    /** 1 + the largest label, 0 when empty. */
    public int numClasses() {
        return numClasses;
    }

    /** 1 + the largest channel, 0 when there are no events. */
    public int numChannels() {
        return numChannels;
    }

    /** Hands samples, one at a time, to a {@link Sink}. */
    @FunctionalInterface
    public interface Source {
        void writeTo(Sink sink) throws IOException;
    }

    /** Takes samples one at a time. */
    @FunctionalInterface
    public interface Sink {
        void add(EventSample sample) throws IOException;
    }

    /**
     * Writes the samples of {@code source} to {@code target} (atomically: a file under its name is
     * always complete) and opens it.
     */
    public static StoredSamples write(Path target, Source source) throws IOException {
        CheckedFiles.write(
                target,
                out -> {
                    Index index = new Index();
                    source.writeTo(
                            s -> {
                                index.add(s);
                                out.writeInt(s.label());
                                out.writeInt(s.size());
                                for (int t : s.timesUs()) {
                                    out.writeInt(t);
                                }
                                for (int c : s.channels()) {
                                    out.writeInt(c);
                                }
                            });
                    index.writeTo(out);
                });
        return open(target);
    }

    /** Offsets, labels and extents of the samples written so far. */
    private static final class Index {
        private long[] offsets = new long[1024];
        private int[] labels = new int[1024];
        private int count;
        private long position;
        private int numClasses;
        private int numChannels;

        void add(EventSample s) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, 2 * count);
                labels = Arrays.copyOf(labels, 2 * count);
            }
            offsets[count] = position;
            labels[count++] = s.label();
            numClasses = Math.max(numClasses, s.label() + 1);
            for (int c : s.channels()) {
                numChannels = Math.max(numChannels, c + 1);
            }
            position += 2L * Integer.BYTES * (1 + s.size());
        }

        void writeTo(DataOutputStream out) throws IOException {
            for (int i = 0; i < count; i++) {
                out.writeLong(offsets[i]);
            }
            for (int i = 0; i < count; i++) {
                out.writeInt(labels[i]);
            }
            out.writeLong(position);
            out.writeInt(count);
            out.writeInt(numClasses);
            out.writeInt(numChannels);
            out.writeInt(MAGIC);
        }
    }
}
