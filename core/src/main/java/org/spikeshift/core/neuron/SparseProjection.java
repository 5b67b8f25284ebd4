package org.spikeshift.core.neuron;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The product {@code P = x W^T} of a layer whose input is mostly zeros (input spikes are about 2 %
 * dense at 1 ms): the input's non-zero entries kept by row, so that the forward pass adds only the
 * weight columns of the active inputs and the backward pass scatters only into their gradient
 * columns. The dense product touches every input, active or not.
 *
 * <p>Rows are split into a fixed number of chunks, whatever the thread count, and per-chunk weight
 * gradients are added in chunk order: results do not depend on the threads.
 */
final class SparseProjection {

    /**
     * Above this fraction of non-zero inputs the dense product is faster; measured by the benchmark
     * ({@code sparse_crossover}) on the shd-shape workload: the sparse forward and weight gradient
     * cost as much as the engine's dense ones at about 15 % density on one core.
     */
    static final float MAX_DENSITY = 0.1f;

    private static final int CHUNKS = 16;

    private final int rows;
    private final int inputs;
    private final int[] rowStarts;
    private final int[] columns;
    private final float[] values;

    private SparseProjection(int rows, int inputs, int[] rowStarts, int[] columns, float[] values) {
        this.rows = rows;
        this.inputs = inputs;
        this.rowStarts = rowStarts;
        this.columns = columns;
        this.values = values;
    }

    /**
     * The non-zero entries of {@code x} (rows, inputs), or null when more than {@code maxDensity}
     * of them are non-zero (the scan stops there).
     */
    static SparseProjection of(FloatBuffer x, int rows, int inputs, float maxDensity) {
        long limit = (long) (maxDensity * (double) rows * inputs);
        int[] rowStarts = new int[rows + 1];
        int[] columns = new int[Math.toIntExact(Math.min(limit, 1 << 16))];
        float[] values = new float[columns.length];
        float[] row = new float[inputs];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            x.get(r * inputs, row);
            for (int c = 0; c < inputs; c++) {
                if (row[c] != 0) {
                    if (count == columns.length) {
                        if (count >= limit) {
                            return null;
                        }
                        int grown = (int) Math.min(limit, 2L * count);
                        columns = Arrays.copyOf(columns, grown);
                        values = Arrays.copyOf(values, grown);
                    }
                    columns[count] = c;
                    values[count++] = row[c];
                }
            }
            rowStarts[r + 1] = count;
        }
        return new SparseProjection(rows, inputs, rowStarts, columns, values);
    }

    /** The fraction of non-zero inputs. */
    double density() {
        return rowStarts[rows] / ((double) rows * inputs);
    }

    /**
     * Writes {@code P = x W^T}.
     *
     * @param weight W (outputs, inputs), row-major as the linear block holds it
     * @param out P (rows, outputs)
     */
    void forward(float[] weight, int outputs, FloatBuffer out) {
        float[] transposed = transpose(weight, outputs, inputs);
        IntStream.range(0, CHUNKS)
                .parallel()
                .forEach(
                        chunk -> {
                            float[] sum = new float[outputs];
                            for (int r = chunkStart(chunk); r < chunkStart(chunk + 1); r++) {
                                Arrays.fill(sum, 0f);
                                for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++) {
                                    float v = values[k];
                                    int base = columns[k] * outputs;
                                    for (int j = 0; j < outputs; j++) {
                                        sum[j] += v * transposed[base + j];
                                    }
                                }
                                out.put(r * outputs, sum);
                            }
                        });
    }

    /**
     * dL/dW = (dL/dP)^T x, read only at the active inputs.
     *
     * @param gradOut dL/dP (rows, outputs)
     * @return dL/dW (outputs, inputs), row-major
     */
    float[] weightGradient(FloatBuffer gradOut, int outputs) {
        float[][] partial = new float[CHUNKS][];
        IntStream.range(0, CHUNKS)
                .parallel()
                .forEach(
                        chunk -> {
                            float[] sum = new float[inputs * outputs];
                            float[] g = new float[outputs];
                            for (int r = chunkStart(chunk); r < chunkStart(chunk + 1); r++) {
                                if (rowStarts[r] == rowStarts[r + 1]) {
                                    continue;
                                }
                                gradOut.get(r * outputs, g);
                                for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++) {
                                    float v = values[k];
                                    int base = columns[k] * outputs;
                                    for (int j = 0; j < outputs; j++) {
                                        sum[base + j] += v * g[j];
                                    }
                                }
                            }
                            partial[chunk] = sum;
                        });
        float[] total = partial[0];
        for (int chunk = 1; chunk < CHUNKS; chunk++) {
            float[] p = partial[chunk];
            for (int i = 0; i < total.length; i++) {
                total[i] += p[i];
            }
        }
        return transpose(total, inputs, outputs);
    }

    private int chunkStart(int chunk) {
        return (int) ((long) rows * chunk / CHUNKS);
    }

    /** {@code m} (r, c) row-major as (c, r) row-major. */
    private static float[] transpose(float[] m, int r, int c) {
        float[] out = new float[m.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = m[i * c + j];
            }
        }
        return out;
    }
}
