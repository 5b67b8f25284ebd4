package org.spikeshift.experiments.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.network.EventDrivenSimulator;
import org.spikeshift.core.network.MixedTimeSteps;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.experiments.experiment.LoadedData;
import org.spikeshift.training.Evaluation;
import org.spikeshift.training.EventDrivenEvaluation;
import org.spikeshift.training.Recalibration;
import org.spikeshift.training.RunDirectory;
import org.spikeshift.training.loss.SnnLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikeshift evaluate}. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a trained or adapted network on a data split at a bin size.")
final class EvaluateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    @Mixin DataOptions data;

    @Option(names = "--checkpoint", required = true, description = "run folder or network file")
    Path checkpoint;

    @Option(names = "--bin-ms", description = "bin size in milliseconds (default: the network's)")
    Double binMs;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "train|test|all (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--json", description = "print a JSON object instead of text")
    boolean json;

    @Option(
            names = "--recalibrate-bn",
            description =
                    "re-estimate BatchNorm statistics at the evaluation bin on this many "
                            + "training batches first (any network, also after adaptation)")
    Integer recalibrateBatches;

    @Option(
            names = "--event-driven",
            description =
                    "also run the split through the event-driven simulator from its raw "
                            + "events (feed-forward layers; sum or binary frames)")
    boolean eventDriven;

    @Option(
            names = "--neuron",
            defaultValue = "exact",
            description =
                    "the event-driven neuron: ${COMPLETION-CANDIDATES} (exact: the "
                            + "network's own dynamics, updated lazily; if: "
                            + "integrate-and-fire without leak, reset by "
                            + "subtraction, several spikes per update) "
                            + "(default: ${DEFAULT-VALUE})")
    EventDrivenSimulator.Neuron neuron;

    @Override
    public Integer call() throws Exception {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        if (binMs != null && (!(binMs > 0) || binMs.isInfinite())) {
            throw new IllegalArgumentException(
                    "--bin-ms must be a finite positive number, got " + binMs);
        }
        if (!split.equals("train") && !split.equals("test") && !split.equals("all")) {
            throw new IllegalArgumentException(
                    "--split must be train, test or all, got '" + split + "'");
        }
        Path file = RunDirectory.resolveNetwork(checkpoint);
        try (NDManager manager = Engines.newManager()) {
            SpikingNetwork net = SpikingNetwork.load(file, manager);
            double loadedBinMs = net.spec().binMs();
            String trainedMixed = net.spec().mixed() == null ? null : net.spec().mixed().describe();
            LoadedData loaded = LoadedData.load(data.request(), data.mode());
            if (loaded.splits().numChannels() != net.spec().inputSize()
                    || loaded.splits().numClasses() != net.spec().classes()) {
                throw new IllegalStateException( // the data do not fit the network: a failure, not
                        // usage
                        "--dataset "
                                + data.dataset
                                + " has "
                                + loaded.splits().numChannels()
                                + " channels and "
                                + loaded.splits().numClasses()
                                + " classes; the network expects "
                                + net.spec().inputSize()
                                + " and "
                                + net.spec().classes());
            }
            double bin = binMs == null ? net.spec().binMs() : binMs;
            MixedTimeSteps.Conversion conversion = ModelAdapter.conversionAt(net, bin);
            if (conversion != MixedTimeSteps.Conversion.NONE) {
                LOG.info(
                        "network trained with mixed time steps in physical time: converted "
                                + "from {} ms to {} ms by"
                                + " the rule it was trained with ({})",
                        net.spec().binMs(),
                        bin,
                        conversion.id());
                net = ModelAdapter.atBin(net, bin, manager);
            } else if (bin != net.spec().binMs() && net.spec().mixed() == null) {
                LOG.info(
                        "network made for {} ms bins, evaluated unadapted at {} ms (see 'adapt')",
                        net.spec().binMs(),
                        bin);
            }
            if (recalibrateBatches != null) {
                Recalibration.recalibrate(
                        net,
                        loaded.batches(loaded.splits().train(), bin),
                        recalibrateBatches,
                        batchSize,
                        0,
                        manager);
            }
            Evaluation.Result r =
                    Evaluation.evaluate(
                            net,
                            loaded.batches(loaded.split(split), bin),
                            batchSize,
                            SnnLoss.LOG_SOFTMAX,
                            manager);
            Map<String, Object> out = new LinkedHashMap<>();
            if (eventDriven) {
                EventDrivenEvaluation.Outcome e =
                        EventDrivenEvaluation.evaluate(
                                net,
                                loaded.batches(loaded.split(split), bin),
                                neuron,
                                batchSize,
                                manager);
                out.put("accuracy", e.accuracy());
                out.put("spike_difference", e.spikeDifference());
                out.put("events_per_second", e.eventsPerSecond());
                out.put("events", e.events());
                out.put("neuron", neuron.id());
                out.put("time_stepped_accuracy", r.accuracy());
            } else {
                out.put("accuracy", r.accuracy());
            }
            out.put("samples", r.samples());
            out.put("loss", r.loss());
            out.put("bin_ms", bin);
            out.put("network_bin_ms", loadedBinMs);
            out.put("conversion", conversion.id());
            out.put("trained_mixed", trainedMixed);
            out.put("dataset", data.dataset);
            out.put("split", split);
            out.put("firing_rates", r.firingRates());
            out.put("recalibrated_bn_batches", recalibrateBatches == null ? 0 : recalibrateBatches);
            if (json) {
                System.out.println(
                        new GsonBuilder()
                                .serializeSpecialFloatingPointValues()
                                .create()
                                .toJson(out));
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "accuracy %.4f on %d %s samples at %s ms%n",
                        r.accuracy(),
                        r.samples(),
                        split,
                        bin);
                if (eventDriven) {
                    System.out.printf(
                            Locale.ROOT,
                            "event-driven (%s) accuracy %.4f, spike difference %.4f, %.0f "
                                    + "events/s%n",
                            neuron.id(),
                            (double) out.get("accuracy"),
                            (double) out.get("spike_difference"),
                            (double) out.get("events_per_second"));
                }
            }
        }
        return 0;
    }
}
