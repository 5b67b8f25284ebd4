package org.spikeshift.experiments.cli;

import java.nio.file.Path;
import org.spikeshift.experiments.experiment.TransferSettings;
import org.spikeshift.training.TransferTraining;
import picocli.CommandLine.Option;

/** Static-to-event transfer: the flags of {@code train} and the transfer experiment. */
public final class TransferOptions {

    @Option(
            names = "--transfer-from",
            description =
                    "static-to-event transfer from static images of the same classes: "
                            + "${COMPLETION-CANDIDATES} (mnist: IDX files; images: class "
                            + "folders of PNG/JPEG)")
    TransferSettings.Source source;

    @Option(names = "--transfer-data-dir", description = "folder of the static images")
    Path dataDir;

    @Option(
            names = "--transfer-weight",
            defaultValue = "1",
            description =
                    "transfer weight in [0, 1]: 1 the published loss, 0 events-only "
                            + "training (default: ${DEFAULT-VALUE})")
    float weight;

    @Option(
            names = "--transfer-alignment",
            description =
                    "weight of the alignment loss (per-step CKA of the two domains' last "
                            + "hidden membranes), 0 = none (default: 0.5, the published)")
    Float alignment;

    @Option(
            names = "--transfer-event-loss",
            description =
                    "the event head's loss: gated (science.md: each step's cross-entropy "
                            + "weighed by 1 - sigmoid(eta_t) against its alignment) | "
                            + "averaged (on the time-averaged output, gates on the "
                            + "alignment alone) (default: gated, the "
                            + "measured better)")
    TransferTraining.EventLoss eventLoss;

    /** The transfer of a training run, or null without --transfer-from. */
    TransferSettings settings() {
        if (source == null) {
            if (dataDir != null) {
                throw new IllegalArgumentException("--transfer-data-dir needs --transfer-from");
            }
            return null;
        }
        return new TransferSettings(source, dataDir, weight, alignment, false, eventLoss);
    }
}
