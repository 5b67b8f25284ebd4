package org.spikeshift.experiments.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

    @Option(names = "--from-bin-ms", description = "source bin size (default: the network's; must match it)")
    Double fromBinMs;

    @Option(names = "--to-bin-ms", required = true, description = "target bin size in milliseconds")
    double toBinMs;

    @Option(names = "--method", required = true, description = "none|tau-scaling|integral|expectation|euler")
    String method;

    @Option(names = "--spike-feedback", defaultValue = "unchanged", description = "unchanged|b-rule|propagated (default: ${DEFAULT-VALUE})")
    String spikeFeedback;

    @Option(names = "--norm", defaultValue = "rho-rho2", description = "BatchNorm statistics: unchanged|rho-rho2|rho-rho (default: ${DEFAULT-VALUE})")
    String norm;

    @Option(names = "--readout", defaultValue = "adapted", description = "adapted|unchanged (default: ${DEFAULT-VALUE})")
    String readout;

    @Option(names = "--euler-input", defaultValue = "scaled", description = "scaled|unchanged (default: ${DEFAULT-VALUE})")
    String eulerInput;

    @Option(names = "--preserve-gains", description = "tau-scaling: also scale a and b to keep a/(1-beta), b/(1-beta)")
    boolean preserveGains;

    @Option(names = "--out", required = true, description = "folder for the adapted network")
    Path out;

    /** The adaptation options these flags describe. */
    AdaptationOptions options() {
        if (!readout.equals("adapted") && !readout.equals("unchanged")) {
            throw new IllegalArgumentException("--readout must be adapted or unchanged, got '" + readout + "'");
        }
        return AdaptationOptions.of(AdaptationMethod.fromId(method))
                .withSpikeFeedback(AdaptationOptions.SpikeFeedback.fromId(spikeFeedback))
                .withNormalization(AdaptationOptions.Normalization.fromId(norm))
                .withAdaptReadout(readout.equals("adapted"))
                .withEulerInput(AdaptationOptions.EulerInput.fromId(eulerInput))
                .withPreserveGains(preserveGains);
    }

    @Override
    public Integer call() throws Exception {
        if (!(toBinMs > 0) || Double.isInfinite(toBinMs)) {
            throw new IllegalArgumentException("--to-bin-ms must be positive, got " + toBinMs);
        }
        AdaptationOptions options = options();
        Path file = RunDirectory.resolveNetwork(checkpoint);
        RunDirectory target = new RunDirectory(out);
        if (Files.exists(target.bestNetwork())) {
            throw new IllegalArgumentException("--out " + out + " already holds a network; choose another folder");
        }
        try (NDManager manager = Engines.newManager()) {
            SpikingNetwork source = SpikingNetwork.load(file, manager);
            if (fromBinMs != null && Math.abs(fromBinMs - source.spec().binMs()) > 1e-9) {
                throw new IllegalArgumentException(
                        "--from-bin-ms " + fromBinMs + " does not match the network's " + source.spec().binMs() + " ms");
            }
            AdaptedNetwork adapted = ModelAdapter.adapt(source, toBinMs, options, manager);
            adapted.network().save(target.bestNetwork());
            AtomicFiles.writeString(
                    out.resolve("adaptation.json"),
                    String.format(
                            Locale.ROOT,
                            "{\"source\": \"%s\", \"from_bin_ms\": %s, \"to_bin_ms\": %s, \"rho\": %s,"
                                    + " \"method\": \"%s\", \"variant\": \"%s\", \"warnings\": %d}%n",
                            file.toString().replace("\\", "/"), source.spec().binMs(), toBinMs, adapted.rho(),
                            options.method().id(), options.variantLabel(), adapted.warnings().size()));
            System.out.printf(
                    Locale.ROOT, "adapted %s (%s ms -> %s ms, rho %.4g, %s) to %s%n",
                    file, source.spec().binMs(), toBinMs, adapted.rho(), options.method().id(), target.bestNetwork());
        }
        return 0;
    }
}
