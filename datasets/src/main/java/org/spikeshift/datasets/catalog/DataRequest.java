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
 */
public record DataRequest(DatasetKind kind, Path dataDir, long seed, String encoder, double validationFraction) {

    public DataRequest {
        if (kind != DatasetKind.GENERATED && dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required for --dataset " + kind.id());
        }
    }
}
