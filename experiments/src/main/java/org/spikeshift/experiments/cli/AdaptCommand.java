package org.spikeshift.experiments.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.AdaptedNetwork;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spikeshift adapt}. */
@Command(
        name = "adapt",
        mixinStandardHelpOptions = true,
        description = "Rewrite a trained network for another bin size without retraining.")
final class AdaptCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, description = "run folder or network file")
    Path checkpoint;

    @Option(
            names = "--from-bin-ms",
            description = "source bin size (default: the network's; must match it)")
    Double fromBinMs;

    @Option(names = "--to-bin-ms", required = true, description = "target bin size in milliseconds")
    double toBinMs;

    @Option(
            names = "--method",
            description =
                    "none|tau-scaling|integral|expectation|euler (default: the recommended "
                            + "method, marked below with the default variants of each)")
    AdaptationMethod method;

    @Option(
            names = "--spike-feedback",
            description = "unchanged|b-rule|propagated (default: the method's)")
    AdaptationOptions.SpikeFeedback spikeFeedback;

    @Option(
            names = "--norm",
            description =
                    "BatchNorm statistics: unchanged|rho-rho2|rho-rho (default: the method's)")
    AdaptationOptions.Normalization norm;

    @Option(
            names = "--spike-inputs",
            description =
                    "statistics of BatchNorms fed by spikes (hidden layers after the first, "
                            + "readout): input-rule|matched (default: the method's)")
    AdaptationOptions.SpikeInputs spikeInputs;

    @Option(
            names = "--readout",
            defaultValue = "adapted",
            description = "adapted|unchanged (default: ${DEFAULT-VALUE})")
    String readout;

    @Option(names = "--euler-input", description = "scaled|unchanged (default: the method's)")
    AdaptationOptions.EulerInput eulerInput;

    @Option(
            names = "--preserve-gains",
            negatable = true,
            description =
                    "tau-scaling: also scale a to keep a/(1-beta) (default: the method's; "
                            + "--no-preserve-gains for the published form)")
    Boolean preserveGains;

    @Option(names = "--out", required = true, description = "folder for the adapted network")
    Path out;

    /** The adaptation options these flags describe. */
    AdaptationOptions options() {
        if (!readout.equals("adapted") && !readout.equals("unchanged")) {
            throw new IllegalArgumentException(
                    "--readout must be adapted or unchanged, got '" + readout + "'");
        }
        AdaptationOptions options =
                AdaptationOptions.of(method == null ? AdaptationOptions.RECOMMENDED : method)
                        .withAdaptReadout(readout.equals("adapted"));
        if (spikeFeedback != null) {
            options = options.withSpikeFeedback(spikeFeedback);
        }
        if (norm != null) {
            options = options.withNormalization(norm);
        }
        if (spikeInputs != null) {
            options = options.withSpikeInputs(spikeInputs);
        }
        if (eulerInput != null) {
            options = options.withEulerInput(eulerInput);
        }
        if (preserveGains != null) {
            options = options.withPreserveGains(preserveGains);
        }
        return options;
    }

    @Override
    public Integer call() throws Exception {
        if (!(toBinMs > 0) || Double.isInfinite(toBinMs)) {
            throw new IllegalArgumentException(
                    "--to-bin-ms must be a finite positive number, got " + toBinMs);
        }
        AdaptationOptions options = options();
        Path file = RunDirectory.resolveNetwork(checkpoint);
        RunDirectory target = new RunDirectory(out);
        if (Files.exists(target.bestNetwork())) {
            throw new IllegalArgumentException(
                    "--out " + out + " already holds a network; choose another folder");
        }
        try (NDManager manager = Engines.newManager()) {
            SpikingNetwork source = SpikingNetwork.load(file, manager);
            if (fromBinMs != null && Math.abs(fromBinMs - source.spec().binMs()) > 1e-9) {
                throw new IllegalArgumentException(
                        "--from-bin-ms "
                                + fromBinMs
                                + " does not match the network's "
                                + source.spec().binMs()
                                + " ms");
            }
            AdaptedNetwork adapted = ModelAdapter.adapt(source, toBinMs, options, manager);
            adapted.network().save(target.bestNetwork());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("source", file.toString());
            record.put("from_bin_ms", source.spec().binMs());
            record.put("to_bin_ms", toBinMs);
            record.put("rho", adapted.rho());
            record.put("method", options.method().id());
            record.put("variant", options.variantLabel());
            record.put("warnings", adapted.warnings().size());
            record.put("warning_messages", adapted.warnings());
            AtomicFiles.writeString(
                    out.resolve("adaptation.json"),
                    new GsonBuilder()
                            .setPrettyPrinting()
                            .disableHtmlEscaping()
                            .create()
                            .toJson(record));
            System.out.printf(
                    Locale.ROOT,
                    "adapted %s (%s ms -> %s ms, rho %.4g, %s) to %s%n",
                    file,
                    source.spec().binMs(),
                    toBinMs,
                    adapted.rho(),
                    options.method().id(),
                    target.bestNetwork());
        }
        return 0;
    }
}
