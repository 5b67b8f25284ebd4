package org.spikeshift.core.neuron;

import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;

/**
 * The non-zero entries of a batch of frames (B, T, C) by row ({@code b * T + t}), as a data loader
 * that holds its frames sparse knows them: handed to a network's forward pass (see {@link
 * #params}), the first layer's sparse product reads them instead of scanning the dense frames.
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

    /** Forward-pass parameters carrying these active inputs. */
    public PairList<String, Object> params() {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, this);
        return params;
    }

    /** Whether these are the active inputs of frames of {@code shape} (B, T, C). */
    boolean describe(Shape shape) {
        return shape.dimension() == 3
                && shape.get(0) * shape.get(1) == rows
                && shape.get(2) == inputs;
    }
}
