package org.spikeshift.datasets.transform;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.spikeshift.datasets.event.EventSample;

/**
 * A split binned once: each sample's (T, C) frame kept sparse (cells {@code t * C + c} in ascending
 * order with their values), with its label and unpadded length. Batches are expanded from it
 * without touching the events again, and it is what the frame cache stores.
 */
public final class BinnedFrames {

    private final int steps;
    private final int channels;
    private final int[] starts;
    private final int[] cells;
    private final float[] values;
    private final int[] lengths;
    private final int[] labels;

    private BinnedFrames(
            int steps,
            int channels,
            int[] starts,
            int[] cells,
            float[] values,
            int[] lengths,
            int[] labels) {
        this.steps = steps;
        this.channels = channels;
        this.starts = starts;
        this.cells = cells;
        this.values = values;
        this.lengths = lengths;
        this.labels = labels;
    }

    /** Applies {@code spec}'s transform to each sample and bins it. */
    public static BinnedFrames bin(List<EventSample> samples, FrameSpec spec) {
        int n = samples.size();
        int[] starts = new int[n + 1];
        int[] lengths = new int[n];
        int[] labels = new int[n];
        int[][] sampleCells = new int[n][];
        float[][] sampleValues = new float[n][];
        float[] scratch = new float[spec.steps() * spec.channels()];
        for (int i = 0; i < n; i++) {
            EventSample s =
                    spec.transform() == null
                            ? samples.get(i)
                            : spec.transform().apply(samples.get(i));
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
            sampleCells[i] = c;
            sampleValues[i] = v;
            starts[i + 1] = starts[i] + count;
            lengths[i] = spec.length(s);
            labels[i] = s.label();
        }
        int[] cells = new int[starts[n]];
        float[] values = new float[starts[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sampleCells[i], 0, cells, starts[i], sampleCells[i].length);
            System.arraycopy(sampleValues[i], 0, values, starts[i], sampleValues[i].length);
        }
        return new BinnedFrames(
                spec.steps(), spec.channels(), starts, cells, values, lengths, labels);
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
     */
    public void scatter(int[] indices, FloatBuffer zeroed) {
        int block = steps * channels;
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            for (int k = starts[i]; k < starts[i + 1]; k++) {
                zeroed.put(b * block + cells[k], values[k]);
            }
        }
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

    /** Writes the frames, for the cache. */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(steps);
        out.writeInt(channels);
        out.writeInt(labels.length);
        out.writeInt(cells.length);
        for (int i = 0; i < labels.length; i++) {
            out.writeInt(labels[i]);
            out.writeInt(lengths[i]);
            out.writeInt(starts[i + 1] - starts[i]);
            for (int k = starts[i]; k < starts[i + 1]; k++) {
                out.writeInt(cells[k]);
                out.writeFloat(values[k]);
            }
        }
    }

    /**
     * Reads {@link #writeTo} back.
     *
     * @throws IOException when the stream is truncated or does not fit {@code spec}
     */
    public static BinnedFrames readFrom(DataInputStream in, FrameSpec spec) throws IOException {
        try {
            int steps = in.readInt();
            int channels = in.readInt();
            if (steps != spec.steps() || channels != spec.channels()) {
                throw new IOException(
                        "frames of "
                                + steps
                                + "x"
                                + channels
                                + ", expected "
                                + spec.steps()
                                + "x"
                                + spec.channels());
            }
            int n = in.readInt();
            int total = in.readInt();
            if (n < 0 || total < 0) {
                throw new IOException("claims " + n + " samples and " + total + " cells");
            }
            int[] starts = new int[n + 1];
            int[] lengths = new int[n];
            int[] labels = new int[n];
            int[] cells = new int[total];
            float[] values = new float[total];
            int limit = steps * channels;
            for (int i = 0; i < n; i++) {
                labels[i] = in.readInt();
                lengths[i] = in.readInt();
                int count = in.readInt();
                if (count < 0 || starts[i] + (long) count > total) {
                    throw new IOException("sample " + i + " claims " + count + " cells");
                }
                starts[i + 1] = starts[i] + count;
                for (int k = starts[i]; k < starts[i + 1]; k++) {
                    cells[k] = in.readInt();
                    values[k] = in.readFloat();
                    if (cells[k] < 0 || cells[k] >= limit) {
                        throw new IOException("cell " + cells[k] + " outside the frames");
                    }
                }
            }
            if (starts[n] != total) {
                throw new IOException("holds " + starts[n] + " cells, claims " + total);
            }
            return new BinnedFrames(steps, channels, starts, cells, values, lengths, labels);
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
    }
}
