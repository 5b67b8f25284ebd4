package org.spikeshift.experiments.experiment;

import java.io.IOException;
import java.nio.file.Path;
import org.spikeshift.datasets.image.StaticImages;
import org.spikeshift.training.TransferTraining;

/**
 * Static-to-event transfer of a run.
 *
 * @param source where the static images come from
 * @param dataDir their folder
 * @param weight the transfer weight in [0, 1] (1: the published loss, 0: events only)
 * @param alignment the weight of the alignment loss; null (configurations from before it was saved)
 *     is the published {@value #DEFAULT_ALIGNMENT}
 * @param staticOnly pre-training on the static images alone (the first stage of the
 *     static-pretrain-then-fine-tune baseline)
 * @param eventLoss the event head's loss
 */
public record TransferSettings(
        Source source,
        Path dataDir,
        float weight,
        Float alignment,
        boolean staticOnly,
        TransferTraining.EventLoss eventLoss) {

    /** Static image sources. */
    public enum Source {
        /** MNIST IDX files (classes 0-9). */
        MNIST,
        /** Class folders of PNG or JPEG images (e.g. Caltech101 for N-Caltech101). */
        IMAGES;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TransferSettings {
        if (dataDir == null) {
            throw new IllegalArgumentException("--transfer-from needs --transfer-data-dir");
        }
        if (alignment == null) {
            alignment = DEFAULT_ALIGNMENT;
        }
        if (eventLoss == null) {
            eventLoss = DEFAULT_EVENT_LOSS;
        }
        TransferTraining.requireWeights(weight, alignment);
    }

    /** The published weight of the alignment loss. */
    public static final float DEFAULT_ALIGNMENT = 0.5f;

    /**
     * The event loss of runs that name none: the variant with the better mean test accuracy on
     * N-MNIST under the published training recipe (README, "Static-to-event transfer").
     */
    public static final TransferTraining.EventLoss DEFAULT_EVENT_LOSS =
            TransferTraining.EventLoss.GATED;

    /** The same transfer with the static images alone (pre-training). */
    public TransferSettings staticPretraining() {
        return new TransferSettings(source, dataDir, 1, alignment, true, eventLoss);
    }

    /** The images resized to a sensor of {@code height x width}. */
    public StaticImages images(int height, int width) throws IOException {
        return source == Source.MNIST
                ? StaticImages.mnist(dataDir, height, width)
                : StaticImages.folders(dataDir, height, width);
    }
}
