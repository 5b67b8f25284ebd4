package org.spikeshift.training.optim;

import java.util.Locale;

/** Learning-rate schedules, applied once per epoch. */
public enum LrSchedule {
    /** Multiply by a factor when validation accuracy has not improved for `patience` epochs. */
    PLATEAU,
    /** Cosine decay from the initial rate to 0 over the epochs. */
    COSINE,
    /** Constant. */
    CONSTANT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LrSchedule fromId(String id) {
        for (LrSchedule s : values()) {
            if (s.id().equals(id.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + id + "' (expected plateau, cosine or constant)");
    }
}
