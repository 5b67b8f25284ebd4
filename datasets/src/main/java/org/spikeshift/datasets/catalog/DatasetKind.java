package org.spikeshift.datasets.catalog;

import java.util.Arrays;
import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DatasetKind fromId(String id) {
        for (DatasetKind k : values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown dataset '" + id + "' (expected one of "
                        + Arrays.stream(values()).map(DatasetKind::id).toList() + ")");
    }
}
