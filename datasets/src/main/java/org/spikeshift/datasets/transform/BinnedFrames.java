package org.spikeshift.datasets.transform;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.spikeshift.core.io.CheckedFiles;
import org.spikeshift.core.loop.ActiveInputs;
import org.spikeshift.datasets.event.EventSample;

/**
 * A split binned once: each sample's (T, C) frame kept sparse (cells {@code t * C + c} in ascending
 * order with their values), with its label and unpadded length. Batches are expanded from it
 * without touching the events again. The cells are held in memory ({@link #bin}) or in a file
 * ({@link #store}, {@link #open}) read a batch at a time, so that memory holds the index (16 bytes
 * per sample) and the batch, whatever the split's size.
 *
 * <p>File layout (big-endian, a {@link CheckedFiles checked file}): each sample's cells as (int
 * cell, float value) pairs; the labels, the lengths and the cell offsets; a footer with steps,
 * channels, sample count and a magic number.
 */
public final class BinnedFrames {

    private static final int MAGIC = 0x53504b47; // "SPKG"
    private static final int FOOTER_BYTES = 4 * Integer.BYTES;
    private static final int CELL_BYTES = Integer.BYTES + Float.BYTES;

    private final int steps;
    private final int channels;
    private final long[] starts;
    private final int[] lengths;
    private final int[] labels;
    private final int[] cells; // in memory, or null
    private final float[] values;
    private final Path file; // stored, or null
    private final FileChannel channel;

    private BinnedFrames(
            int steps,
            int channels,
            long[] starts,
            int[] lengths,
            int[] labels,
            int[] cells,
            float[] values,
            Path file,
            FileChannel channel) {
        this.steps = steps;
        this.channels = channels;
        this.starts = starts;
        this.lengths = lengths;
        this.labels = labels;
        this.cells = cells;
        this.values = values;
        this.file = file;
        this.channel = channel;
    }

    /** One sample binned: its cells in ascending order, their values, its length and label. */
    private record SampleCells(int[] cells, float[] values, int length, int label) {}

    /** Takes binned samples in order. */
    @FunctionalInterface
    private interface CellSink {
        void add(SampleCells sample) throws IOException;
    }

    /** Applies {@code spec}'s transform to each sample and bins it, in memory. */
    public static BinnedFrames bin(List<EventSample> samples, FrameSpec spec) {
        int n = samples.size();
        long[] starts = new long[n + 1];
        int[] lengths = new int[n];
        int[] labels = new int[n];
        int[][] cells = new int[n][];
        float[][] values = new float[n][];
        int[] i = {0};
        try {
            binEach(
                    samples,
                    spec,
                    s -> {
                        cells[i[0]] = s.cells();
                        values[i[0]] = s.values();
                        lengths[i[0]] = s.length();
                        labels[i[0]] = s.label();
                        starts[i[0] + 1] = starts[i[0]] + s.cells().length;
                        i[0]++;
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("binning in memory cannot fail", e);
        }
        int total = Math.toIntExact(starts[n]);
        int[] allCells = new int[total];
        float[] allValues = new float[total];
        for (int k = 0; k < n; k++) {
            System.arraycopy(cells[k], 0, allCells, (int) starts[k], cells[k].length);
            System.arraycopy(values[k], 0, allValues, (int) starts[k], values[k].length);
        }
        return new BinnedFrames(
                spec.steps(),
                spec.channels(),
                starts,
                lengths,
                labels,
                allCells,
                allValues,
                null,
                null);
    }

    /**
     * Applies {@code spec}'s transform to each sample, bins it and writes it to {@code target}, one
     * sample at a time (atomically: a file under its name is always complete); then opens it.
     */
    public static BinnedFrames store(List<EventSample> samples, FrameSpec spec, Path target)
            throws IOException {
        int n = samples.size();
        long[] starts = new long[n + 1];
        int[] lengths = new int[n];
        int[] labels = new int[n];
        CheckedFiles.write(
                target,
                out -> {
                    int[] i = {0};
                    binEach(
                            samples,
                            spec,
                            s -> {
                                for (int k = 0; k < s.cells().length; k++) {
                                    out.writeInt(s.cells()[k]);
                                    out.writeFloat(s.values()[k]);
                                }
                                lengths[i[0]] = s.length();
                                labels[i[0]] = s.label();
                                starts[i[0] + 1] = starts[i[0]] + s.cells().length;
                                i[0]++;
                            });
                    writeIndex(out, spec, starts, lengths, labels);
                });
        return open(target, spec);
    }

    private static void writeIndex(
            DataOutputStream out, FrameSpec spec, long[] starts, int[] lengths, int[] labels)
            throws IOException {
        for (int label : labels) {
            out.writeInt(label);
        }
        for (int length : lengths) {
            out.writeInt(length);
        }
        for (long start : starts) {
            out.writeLong(start);
        }
        out.writeInt(spec.steps());
        out.writeInt(spec.channels());
        out.writeInt(labels.length);
        out.writeInt(MAGIC);
    }

    /**
     * Frames stored by {@link #store}, checked against their checksum and {@code spec}.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static BinnedFrames open(Path file, FrameSpec spec) throws IOException {
        FileChannel channel = CheckedFiles.openVerified(file);
        try {
            long content = channel.size() - Long.BYTES;
            if (content < FOOTER_BYTES) {
                throw new IOException(file + ": too short for frames");
            }
            ByteBuffer footer = CheckedFiles.readAt(channel, content - FOOTER_BYTES, FOOTER_BYTES);
            int steps = footer.getInt();
            int channels = footer.getInt();
            int n = footer.getInt();
            if (footer.getInt() != MAGIC) {
                throw new IOException(file + ": not a frames file (bad magic)");
            }
            if (steps != spec.steps() || channels != spec.channels()) {
                throw new IOException(
                        file
                                + ": frames of "
                                + steps
                                + "x"
                                + channels
                                + ", expected "
                                + spec.steps()
                                + "x"
                                + spec.channels());
            }
            long indexBytes = 2L * n * Integer.BYTES + (n + 1L) * Long.BYTES;
            long indexOffset = content - FOOTER_BYTES - indexBytes;
            if (n < 0 || indexOffset < 0) {
                throw new IOException(file + ": inconsistent index");
            }
            ByteBuffer index =
                    CheckedFiles.readAt(channel, indexOffset, Math.toIntExact(indexBytes));
            int[] labels = new int[n];
            int[] lengths = new int[n];
            long[] starts = new long[n + 1];
            index.asIntBuffer().get(labels);
            index.position(n * Integer.BYTES);
            index.asIntBuffer().get(lengths);
            index.position(2 * n * Integer.BYTES);
            index.asLongBuffer().get(starts);
            if (starts[0] != 0 || starts[n] * CELL_BYTES != indexOffset) {
                throw new IOException(file + ": inconsistent index");
            }
            for (int i = 0; i < n; i++) {
                if (starts[i + 1] < starts[i]) {
                    throw new IOException(file + ": inconsistent index");
                }
            }
            return new BinnedFrames(
                    steps, channels, starts, lengths, labels, null, null, file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Bins each sample in turn into {@code sink}. */
    private static void binEach(List<EventSample> samples, FrameSpec spec, CellSink sink)
            throws IOException {
        float[] scratch = new float[spec.steps() * spec.channels()];
        for (EventSample raw : samples) {
            EventSample s = spec.transform() == null ? raw : spec.transform().apply(raw);
            Binning.fill(s, spec.binUs(), spec.steps(), spec.channels(), spec.mode(), scratch, 0);
            int[] touched = new int[s.size()];
            int count = 0;
            for (int e = 0; e < s.size(); e++) {
                int cell =
                        Binning.cell(
                                s.timesUs()[e],
                                s.channels()[e],
                                spec.binUs(),
                                spec.steps(),
                                spec.channels());
                if (cell >= 0 && scratch[cell] > 0) {
                    touched[count++] = cell;
                    scratch[cell] =
                            -scratch[cell]; // marks the cell as collected, keeping its value
                }
            }
            int[] c = Arrays.copyOf(touched, count);
            Arrays.sort(c);
            float[] v = new float[count];
            for (int k = 0; k < count; k++) {
                v[k] = -scratch[c[k]];
                scratch[c[k]] = 0;
            }
            sink.add(new SampleCells(c, v, spec.length(s), s.label()));
        }
    }

    public int size() {
        return labels.length;
    }

    public int steps() {
        return steps;
    }

    public int channels() {
        return channels;
    }

    /** Dense frames (B, T, C), row-major, of {@code indices} in batch order. */
    public float[] dense(int[] indices) {
        float[] out = new float[indices.length * steps * channels];
        scatter(indices, FloatBuffer.wrap(out));
        return out;
    }

    /**
     * Writes the dense frames (B, T, C) of {@code indices} into {@code zeroed}, which holds at
     * least B x T x C zeros: straight into an engine array's memory, without a dense copy.
     *
     * @return the frames' non-zero entries by row ({@code b * T + t}), for a network's first layer
     */
    public ActiveInputs scatter(int[] indices, FloatBuffer zeroed) {
        int block = steps * channels;
        long total = 0;
        for (int i : indices) {
            total += starts[i + 1] - starts[i];
        }
        int[] rowStarts = new int[indices.length * steps + 1];
        int[] columns = new int[Math.toIntExact(total)];
        float[] entries = new float[columns.length];
        int n = 0;
        for (int b = 0; b < indices.length; b++) {
            int count = readCells(indices[b], columns, entries, n);
            // cells ascend within a sample, so rows (b T + t) ascend across the batch
            for (int k = n; k < n + count; k++) {
                int cell = columns[k];
                zeroed.put(b * block + cell, entries[k]);
                rowStarts[b * steps + cell / channels + 1]++;
                columns[k] = cell % channels;
            }
            n += count;
        }
        for (int r = 0; r < indices.length * steps; r++) {
            rowStarts[r + 1] += rowStarts[r];
        }
        return new ActiveInputs(indices.length * steps, channels, rowStarts, columns, entries);
    }

    /**
     * Copies sample {@code i}'s cells and values, from memory or from the file, to {@code at} in
     * the given arrays.
     *
     * @return how many
     */
    private int readCells(int i, int[] cellsOut, float[] valuesOut, int at) {
        int count = Math.toIntExact(starts[i + 1] - starts[i]);
        if (cells != null) {
            System.arraycopy(cells, (int) starts[i], cellsOut, at, count);
            System.arraycopy(values, (int) starts[i], valuesOut, at, count);
            return count;
        }
        ByteBuffer stored;
        try {
            stored = CheckedFiles.readAt(channel, starts[i] * CELL_BYTES, count * CELL_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read sample " + i, e);
        }
        int block = steps * channels;
        for (int k = at; k < at + count; k++) {
            int cell = stored.getInt();
            if (cell < 0 || cell >= block) {
                throw new IllegalStateException(
                        file + ": sample " + i + " has cell " + cell + " outside its frames");
            }
            cellsOut[k] = cell;
            valuesOut[k] = stored.getFloat();
        }
        return count;
    }

    /** Class labels of {@code indices}. */
    public int[] labels(int[] indices) {
        return pick(labels, indices);
    }

    /** Unpadded lengths in steps of {@code indices} (see {@link FrameSpec#length}). */
    public int[] lengths(int[] indices) {
        return pick(lengths, indices);
    }

    private static int[] pick(int[] all, int[] indices) {
        int[] out = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            out[b] = all[indices[b]];
        }
        return out;
    }
}
