package org.spikeshift.datasets.catalog;

import java.io.IOException;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.synthetic.SyntheticSpikes;

/** Loads a data set by name into train, validation and test splits. */
public final class DatasetCatalog {

    private DatasetCatalog() {}

    public static DataSplits load(DataRequest request) throws IOException {
        return switch (request.kind()) {
            case GENERATED -> SyntheticSpikes.defaultSplits(request.seed());
            default -> throw new IOException(
                    "--dataset " + request.kind().id() + " is not supported yet");
        };
    }
}
