package org.spikeshift.core.loop;

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
     * Above this fraction of non-zero inputs the dense product runs. Measured at the shd-shape
     * sizes (12,800 rows, 700 inputs, 128 outputs, 2 cores): the scan, forward and weight gradient
     * take about 16 ms at 2 %, 57 ms at 10 % and 95 ms at 20 %, the engine's two dense products
     * 60-90 ms on one thread.
     */
    static final float MAX_DENSITY = 0.1f;

    /** Chunks of rows run in parallel, whatever the thread count. */
    static final int CHUNKS = 16;

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
     * The product over the non-zero entries of {@code x} (rows, inputs), or null when more than
     * {@code maxDensity} of them are non-zero.
     */
    static SparseProjection of(FloatBuffer x, int rows, int inputs, float maxDensity) {
        ActiveInputs active = ActiveInputs.scan(x, rows, inputs, maxDensity);
        return active == null ? null : of(active, maxDensity);
    }

    /**
     * The product over entries a data loader already knows, or null when more than {@code
     * maxDensity} of the inputs are active.
     */
    static SparseProjection of(ActiveInputs active, float maxDensity) {
        if (active.columns().length > maxDensity * (double) active.rows() * active.inputs()) {
            return null;
        }
        return new SparseProjection(
                active.rows(),
                active.inputs(),
                active.rowStarts(),
                active.columns(),
                active.values());
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
        // one array per input: the sums index both arrays alike, which the JIT vectorises
        float[][] weightColumns = byInput(weight, outputs);
        IntStream.range(0, CHUNKS)
                .parallel()
                .forEach(
                        chunk -> {
                            float[] sum = new float[outputs];
                            for (int r = chunkStart(chunk); r < chunkStart(chunk + 1); r++) {
                                Arrays.fill(sum, 0f);
                                for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++) {
                                    float v = values[k];
                                    float[] column = weightColumns[columns[k]];
                                    for (int j = 0; j < outputs; j++) {
                                        sum[j] += v * column[j];
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
        float[][][] partial = new float[CHUNKS][][];
        IntStream.range(0, CHUNKS)
                .parallel()
                .forEach(
                        chunk -> {
                            float[][] sum = new float[inputs][];
                            float[] g = new float[outputs];
                            for (int r = chunkStart(chunk); r < chunkStart(chunk + 1); r++) {
                                if (rowStarts[r] == rowStarts[r + 1]) {
                                    continue;
                                }
                                gradOut.get(r * outputs, g);
                                for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++) {
                                    float v = values[k];
                                    int c = columns[k];
                                    if (sum[c] == null) {
                                        sum[c] = new float[outputs];
                                    }
                                    float[] column = sum[c];
                                    for (int j = 0; j < outputs; j++) {
                                        column[j] += v * g[j];
                                    }
                                }
                            }
                            partial[chunk] = sum;
                        });
        float[] gradient = new float[outputs * inputs];
        float[] total = new float[outputs];
        for (int c = 0; c < inputs; c++) {
            Arrays.fill(total, 0f);
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                float[] column = partial[chunk][c];
                if (column != null) {
                    for (int j = 0; j < outputs; j++) {
                        total[j] += column[j];
                    }
                }
            }
            for (int j = 0; j < outputs; j++) {
                gradient[j * inputs + c] = total[j];
            }
        }
        return gradient;
    }

    /** W (outputs, inputs) as one array of its outputs per input. */
    private float[][] byInput(float[] weight, int outputs) {
        float[][] columns = new float[inputs][outputs];
        for (int j = 0; j < outputs; j++) {
            for (int c = 0; c < inputs; c++) {
                columns[c][j] = weight[j * inputs + c];
            }
        }
        return columns;
    }

    private int chunkStart(int chunk) {
        return chunkStart(rows, chunk);
    }

    static int chunkStart(int rows, int chunk) {
        return (int) ((long) rows * chunk / CHUNKS);
    }
}
