package org.spikeshift.training.optim;

import java.util.Locale;

/** Optimisers with state that can be saved and restored exactly (for resumable runs). */
public enum OptimizerKind {
    ADAM,
    ADAMW,
    SGD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OptimizerKind fromId(String id) {
        for (OptimizerKind k : values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + id + "' (expected adam, adamw or sgd)");
    }
}
