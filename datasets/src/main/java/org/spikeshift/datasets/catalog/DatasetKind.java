package org.spikeshift.datasets.catalog;

import org.spikeshift.core.util.EnumIds;

/** The data sets the command line knows by name. */
public enum DatasetKind {
    GENERATED,
    SHD,
    SSC,
    NMNIST,
    NCALTECH101,
    FSDD,
    MSWC,
    WAV_FOLDER;

    public String id() {
        return EnumIds.id(this);
    }

    /**
     * The event sensor's (polarities, height, width), whose pixels the channels flatten as {@code p
     * H W + y W + x}; null for data without a sensor image.
     */
    public int[] sensor() {
        return switch (this) {
            case NMNIST -> new int[] {2, 34, 34};
            case NCALTECH101 -> new int[] {2, 180, 240};
            default -> null;
        };
    }

    public static DatasetKind fromId(String id) {
        return EnumIds.parse(DatasetKind.class, id, "dataset");
    }
}
