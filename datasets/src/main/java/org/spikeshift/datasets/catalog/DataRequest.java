package org.spikeshift.datasets.catalog;

import java.nio.file.Path;

/**
 * Which data set to load and how.
 *
 * @param kind the data set
 * @param dataDir its folder (or file, for SHD/SSC), null for generated data
 * @param seed seed of generated data and of carved validation/test splits
 * @param encoder audio-to-spikes encoder for WAV corpora ({@code mel} or {@code cochlea})
 * @param validationFraction fraction of the training split held out for validation
 * @param windowMs frame window in milliseconds (events later are dropped); 0 = the longest
 *     recording
 * @param downsample channels merged into one (e.g. 5 turns SHD's 700 into 140); 1 = none
 */
public record DataRequest(
        DatasetKind kind,
        Path dataDir,
        long seed,
        String encoder,
        double validationFraction,
        double windowMs,
        int downsample) {

    public DataRequest {
        if (kind != DatasetKind.GENERATED && dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required for --dataset " + kind.id());
        }
        if (windowMs < 0 || Double.isNaN(windowMs)) {
            throw new IllegalArgumentException("--window-ms must not be negative, got " + windowMs);
        }
        if (downsample < 1) {
            throw new IllegalArgumentException(
                    "--downsample must be at least 1, got " + downsample);
        }
    }

    /** The same request for data moved to {@code dir}. */
    public DataRequest withDataDir(Path dir) {
        return new DataRequest(kind, dir, seed, encoder, validationFraction, windowMs, downsample);
    }
}
