package org.spikeshift.experiments.cli;

import java.nio.file.Path;
import org.spikeshift.datasets.catalog.DataRequest;
import org.spikeshift.datasets.catalog.DatasetKind;
import org.spikeshift.datasets.transform.FrameMode;
import picocli.CommandLine.Option;

/** Which data set, and how its events become frames. */
public final class DataOptions {

    @Option(
            names = "--dataset",
            defaultValue = "generated",
            description =
                    "generated|shd|ssc|nmnist|ncaltech101|fsdd|mswc|wav-folder (default: "
                            + "${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data-dir", description = "folder (or HDF5 file for shd/ssc) of the data set")
    Path dataDir;

    @Option(
            names = "--data-seed",
            defaultValue = "42",
            description = "seed of generated data and carved splits (default: ${DEFAULT-VALUE})")
    long dataSeed;

    @Option(
            names = "--encoder",
            defaultValue = "mel",
            description =
                    "audio-to-spikes encoder for WAV corpora: mel|cochlea (default: "
                            + "${DEFAULT-VALUE})")
    String encoder;

    @Option(
            names = "--frame-mode",
            defaultValue = "sum",
            description =
                    "sum|binary|max event accumulation per bin (max: highest count in a 1 "
                            + "ms sub-bin) (default: ${DEFAULT-VALUE})")
    String frameMode;

    @Option(
            names = "--window-ms",
            defaultValue = "0",
            description =
                    "frame window in ms, later events dropped; 0 = the longest recording "
                            + "(default: ${DEFAULT-VALUE})")
    double windowMs;

    @Option(
            names = "--downsample",
            defaultValue = "1",
            description =
                    "merge this many neighbouring channels into one, e.g. 5 for SHD 700 -> "
                            + "140 (default: ${DEFAULT-VALUE})")
    int downsample;

    DataRequest request() {
        DatasetKind kind = DatasetKind.fromId(dataset);
        if (dataDir != null && !java.nio.file.Files.exists(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + " does not exist");
        }
        if (!encoder.equals("mel") && !encoder.equals("cochlea")) {
            throw new IllegalArgumentException(
                    "--encoder must be mel or cochlea, got '" + encoder + "'");
        }
        return new DataRequest(kind, dataDir, dataSeed, encoder, 0.1, windowMs, downsample);
    }

    FrameMode mode() {
        return switch (frameMode) {
            case "sum" -> FrameMode.SUM;
            case "binary" -> FrameMode.BINARY;
            case "max" -> FrameMode.MAX;
            default ->
                    throw new IllegalArgumentException(
                            "--frame-mode must be sum, binary or max, got '" + frameMode + "'");
        };
    }
}
