package org.spikeshift.core.loop;

import ai.djl.util.PairList;

/** The parameters of a forward pass that its time loops read. */
public final class LoopParams {

    private LoopParams() {}

    /**
     * Forward-pass parameters carrying a tape and a batch's active inputs.
     *
     * @param tape where the JVM loops record their backward stages, or null
     * @param active the batch's active inputs (see {@link ActiveInputs}), or null
     * @return the parameters, or null when both are null
     */
    public static PairList<String, Object> of(TimeLoopTape tape, ActiveInputs active) {
        if (tape == null && active == null) {
            return null;
        }
        PairList<String, Object> params = new PairList<>();
        if (tape != null) {
            params.add(TimeLoopTape.KEY, tape);
        }
        if (active != null) {
            params.add(ActiveInputs.KEY, active);
        }
        return params;
    }
}
