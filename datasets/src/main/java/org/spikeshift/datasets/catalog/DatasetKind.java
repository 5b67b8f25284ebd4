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

    public static DatasetKind fromId(String id) {
        return EnumIds.parse(DatasetKind.class, id, "dataset");
    }
}
