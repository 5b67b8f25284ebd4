package org.spikeshift.training.optim;

import org.spikeshift.core.util.EnumIds;

/** Optimisers with state that can be saved and restored exactly (for resumable runs). */
public enum OptimizerKind {
    ADAM,
    ADAMW,
    SGD;

    public String id() {
        return EnumIds.id(this);
    }

    public static OptimizerKind fromId(String id) {
        return EnumIds.parse(OptimizerKind.class, id, "optimizer");
    }
}
