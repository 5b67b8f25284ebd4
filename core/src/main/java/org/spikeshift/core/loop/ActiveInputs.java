package org.spikeshift.core.loop;

import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The non-zero entries of a batch of frames (B, T, C) by row ({@code b * T + t}), as a data loader
 * that holds its frames sparse knows them: handed to a network's forward pass (see {@link
 * LoopParams#of}), the first layer's sparse product reads them instead of scanning the dense
 * frames.
 *
 * @param rows B x T
 * @param inputs C
 * @param rowStarts where each row's entries start, rows + 1 offsets
 * @param columns each entry's input, ascending within a row
 * @param values each entry's value
 */
public record ActiveInputs(int rows, int inputs, int[] rowStarts, int[] columns, float[] values) {

    /** The key under which a forward pass's parameters carry the active inputs. */
    public static final String KEY = "spikeshift.activeInputs";

    public ActiveInputs {
        if (rowStarts.length != rows + 1
                || columns.length != values.length
                || rowStarts[rows] != columns.length) {
            throw new IllegalArgumentException(
                    "an index of "
                            + rows
                            + " rows needs "
                            + (rows + 1)
                            + " offsets ending at its "
                            + columns.length
                            + " entries");
        }
    }

    /**
     * The non-zero entries of dense frames {@code x} (rows, inputs), found by a vectorised scan in
     * parallel chunks of rows; null when more than {@code maxDensity} of them are non-zero (the
     * scan stops early on dense frames).
     */
    public static ActiveInputs scan(FloatBuffer x, int rows, int inputs, float maxDensity) {
        int[][] chunkColumns = new int[SparseProjection.CHUNKS][];
        float[][] chunkValues = new float[SparseProjection.CHUNKS][];
        int[] rowCounts = new int[rows];
        boolean[] dense = new boolean[1];
        IntStream.range(0, SparseProjection.CHUNKS)
                .parallel()
                .forEach(
                        chunk -> {
                            int first = SparseProjection.chunkStart(rows, chunk);
                            int last = SparseProjection.chunkStart(rows, chunk + 1);
                            // a chunk stops early well past the limit: a dense input costs
                            // a partial scan, a sparse one with a denser stretch is not lost
                            long limit =
                                    (long) (2 * maxDensity * (double) (last - first) * inputs)
                                            + inputs;
                            int[] columns = new int[(int) Math.min(limit, 1 << 12)];
                            float[] values = new float[columns.length];
                            float[] row = new float[inputs];
                            float[] zeros = new float[inputs];
                            int count = 0;
                            for (int r = first; r < last && !dense[0]; r++) {
                                x.get(r * inputs, row);
                                int before = count;
                                // a vectorised search for the next non-zero bit pattern
                                for (int c = Arrays.mismatch(row, zeros);
                                        c >= 0;
                                        c = nextNonZero(row, zeros, c + 1)) {
                                    if (row[c] != 0) {
                                        if (count == columns.length) {
                                            if (count >= limit) {
                                                dense[0] = true;
                                                return;
                                            }
                                            int grown = (int) Math.min(limit, 2L * count + 1);
                                            columns = Arrays.copyOf(columns, grown);
                                            values = Arrays.copyOf(values, grown);
                                        }
                                        columns[count] = c;
                                        values[count++] = row[c];
                                    }
                                }
                                rowCounts[r] = count - before;
                            }
                            chunkColumns[chunk] = columns;
                            chunkValues[chunk] = values;
                        });
        if (dense[0]) {
            return null;
        }
        int[] rowStarts = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            rowStarts[r + 1] = rowStarts[r] + rowCounts[r];
        }
        if (rowStarts[rows] > maxDensity * (double) rows * inputs) {
            return null;
        }
        int[] columns = new int[rowStarts[rows]];
        float[] values = new float[columns.length];
        for (int chunk = 0; chunk < SparseProjection.CHUNKS; chunk++) {
            int from = rowStarts[SparseProjection.chunkStart(rows, chunk)];
            int count = rowStarts[SparseProjection.chunkStart(rows, chunk + 1)] - from;
            System.arraycopy(chunkColumns[chunk], 0, columns, from, count);
            System.arraycopy(chunkValues[chunk], 0, values, from, count);
        }
        return new ActiveInputs(rows, inputs, rowStarts, columns, values);
    }

    /** The index of the first entry from {@code from} whose bits are not zero, or -1. */
    private static int nextNonZero(float[] row, float[] zeros, int from) {
        int at = Arrays.mismatch(row, from, row.length, zeros, from, row.length);
        return at < 0 ? -1 : from + at;
    }

    /** Whether these are the active inputs of frames of {@code shape} (B, T, C). */
    boolean describe(Shape shape) {
        return shape.dimension() == 3
                && shape.get(0) * shape.get(1) == rows
                && shape.get(2) == inputs;
    }
}
