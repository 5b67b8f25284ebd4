package org.spikeshift.training.optim;

import org.spikeshift.core.util.EnumIds;

/** Learning-rate schedules, applied once per epoch. */
public enum LrSchedule {
    /** Multiply by a factor when validation accuracy has not improved for `patience` epochs. */
    PLATEAU,
    /** Cosine decay from the initial rate to 0 over the epochs. */
    COSINE,
    /** Constant. */
    CONSTANT;

    public String id() {
        return EnumIds.id(this);
    }

    public static LrSchedule fromId(String id) {
        return EnumIds.parse(LrSchedule.class, id, "schedule");
    }
}
