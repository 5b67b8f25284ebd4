package org.spikeshift.datasets.catalog;

import java.io.IOException;
import org.spikeshift.datasets.encode.AudioEncoder;
import org.spikeshift.datasets.encode.CochleaEncoder;
import org.spikeshift.datasets.encode.MelDeltaEncoder;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.synthetic.SyntheticSpikes;
import org.spikeshift.datasets.transform.DownsampleChannels;

/** Loads a data set by name into train, validation and test splits. */
public final class DatasetCatalog {

    private DatasetCatalog() {}

    public static DataSplits load(DataRequest request) throws IOException {
        DataSplits splits = loadAll(request);
        long window =
                request.windowMs() > 0
                        ? Math.round(request.windowMs() * 1000)
                        : splits.durationUs();
        if (request.downsample() > 1) {
            DownsampleChannels down = new DownsampleChannels(request.downsample());
            return new DataSplits(
                    downsampled(splits.train(), down),
                    downsampled(splits.validation(), down),
                    downsampled(splits.test(), down),
                    window);
        }
        return new DataSplits(splits.train(), splits.validation(), splits.test(), window);
    }

    private static EventDataset downsampled(EventDataset d, DownsampleChannels down) {
        return new EventDataset(
                d.name(),
                down.channelsAfter(d.numChannels()),
                d.classes(),
                d.samples().stream().map(down).toList());
    }

    private static DataSplits loadAll(DataRequest request) throws IOException {
        return switch (request.kind()) {
            case GENERATED -> SyntheticSpikes.defaultSplits(request.seed());
            case NMNIST, NCALTECH101 ->
                    Loaders.eventFolders(
                            request,
                            request.kind().id(),
                            request.kind().sensor()[2],
                            request.kind().sensor()[1]);
            case SHD -> Loaders.hdf5(request, "shd");
            case SSC -> Loaders.hdf5(request, "ssc");
            case FSDD -> Loaders.fsdd(request, encoder(request));
            case MSWC -> Loaders.mswc(request, encoder(request));
            case WAV_FOLDER -> Loaders.wavFolder(request, encoder(request));
        };
    }

    /** The audio encoder a request names: {@code mel} (default) or {@code cochlea}. */
    public static AudioEncoder encoder(DataRequest request) {
        return switch (request.encoder()) {
            case "cochlea" -> CochleaEncoder.defaults();
            case "mel" -> MelDeltaEncoder.defaults();
            default ->
                    throw new IllegalArgumentException(
                            "--encoder must be mel or cochlea, got '" + request.encoder() + "'");
        };
    }
}
