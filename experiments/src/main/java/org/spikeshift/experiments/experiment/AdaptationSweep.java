package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.datasets.rebin.BinaryBin;
import org.spikeshift.datasets.rebin.FrameRebin;
import org.spikeshift.datasets.rebin.MaxPoolBin;
import org.spikeshift.datasets.rebin.PadZeros;
import org.spikeshift.datasets.rebin.RepeatElements;
import org.spikeshift.datasets.rebin.SumBin;
import org.spikeshift.experiments.report.Plots;
import org.spikeshift.experiments.report.ResultRow;
import org.spikeshift.experiments.report.ResultTable;
import org.spikeshift.training.Batches;
import org.spikeshift.training.Evaluation;
import org.spikeshift.training.RunDirectory;
import org.spikeshift.training.loss.SnnLoss;

/**
 * Trains at each source bin size and evaluates at each target bin size with every method and
 * variant, the input-adaptation baselines (re-binning the target data back to the source
 * resolution) and, optionally, a model trained directly at the target as the reference.
 * Resumable: finished trainings and cells are skipped.
 */
public final class AdaptationSweep {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptationSweep.class);
    private static final int EVAL_BATCH = 256;

    /**
     * @param base the training run configuration (its bin size and seed are replaced per cell)
     * @param sourceBins bin sizes to train at
     * @param targetBins bin sizes to evaluate at
     * @param seeds training seeds
     * @param variants methods and variants
     * @param reference whether to train a model at each target bin as the reference
     * @param out experiment folder
     * @param title title of results.md
     */
    public record Settings(
            RunConfig base,
            List<Double> sourceBins,
            List<Double> targetBins,
            List<Long> seeds,
            List<AdaptationOptions> variants,
            boolean reference,
            Path out,
            String title) {}

    private final Settings settings;
    private final NDManager manager;
    private final LoadedData data;
    private final ResultTable table;
    private final Map<Double, Map<Long, Double>> trainSeconds = new java.util.TreeMap<>();

    public AdaptationSweep(Settings settings, LoadedData data, NDManager manager) throws IOException {
        this.settings = settings;
        this.manager = manager;
        this.data = data;
        Files.createDirectories(settings.out());
        this.table = ResultTable.open(settings.out());
    }

    public ResultTable run() throws IOException {
        for (long seed : settings.seeds()) {
            for (double source : settings.sourceBins()) {
                SpikingNetwork net = trained(source, seed);
                double seconds = trainSeconds(source, seed);
                for (double target : settings.targetBins()) {
                    evaluateCell(net, seed, source, target, seconds);
                }
                writeReports();
            }
        }
        writeReports();
        return table;
    }

    /** The network trained at {@code binMs} with {@code seed}, training it unless already done. */
    SpikingNetwork trained(double binMs, long seed) throws IOException {
        Path dir = runDir(binMs, seed);
        RunConfig config = settings.base().at(binMs, seed);
        if (!Files.isRegularFile(new RunDirectory(dir).metricsJson())) {
            if (Files.isRegularFile(dir.resolve("config.json"))) {
                LOG.info("resuming training run {}", dir);
                TrainExperiment.resume(dir, manager);
            } else {
                LOG.info("training {} at {} ms, seed {}", config.model().id(), binMs, seed);
                TrainExperiment.run(config, data, dir, manager);
            }
        }
        return SpikingNetwork.load(new RunDirectory(dir).bestNetwork(), manager);
    }

    double trainSeconds(double binMs, long seed) throws IOException {
        String json = Files.readString(new RunDirectory(runDir(binMs, seed)).metricsJson());
        double s = JsonParser.parseString(json).getAsJsonObject().get("train_seconds").getAsDouble();
        trainSeconds.computeIfAbsent(binMs, k -> new LinkedHashMap<>()).put(seed, s);
        return s;
    }

    private Path runDir(double binMs, long seed) {
        return settings.out().resolve("runs").resolve(
                String.format(Locale.ROOT, "%s-%sms-seed%d", settings.base().model().id(), ResultRow.fmt(binMs), seed));
    }

    private void evaluateCell(SpikingNetwork net, long seed, double source, double target, double seconds)
            throws IOException {
        for (AdaptationOptions options : settings.variants()) {
            String key = key(seed, source, target, options.method().id(), options.variantLabel());
            if (table.has(key)) {
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                SpikingNetwork adapted = ModelAdapter.adapt(net, target, options, scope).network();
                record(seed, source, target, options.method().id(), options.variantLabel(),
                        evaluate(adapted, data.batches(data.splits().test(), target), scope), seconds);
            }
        }
        for (FrameRebin rebin : inputAdaptations(source, target)) {
            String method = "input-" + rebin.id();
            if (!table.has(key(seed, source, target, method, "rebin-to-source"))) {
                record(seed, source, target, method, "rebin-to-source",
                        evaluate(net, data.rebinned(data.splits().test(), target, rebin), manager), seconds);
            }
        }
        if (!isIntegerRatio(source, target) && !table.has(key(seed, source, target, "input-events", "rebin-raw-events"))) {
            // a non-integer ratio: the target data re-binned from its raw events at the source width
            record(seed, source, target, "input-events", "rebin-raw-events",
                    evaluate(net, data.batches(data.splits().test(), source), manager), seconds);
        }
        if (settings.reference() && target != source
                && !table.has(key(seed, source, target, "trained-at-target", "reference"))) {
            SpikingNetwork reference = trained(target, seed);
            record(seed, source, target, "trained-at-target", "reference",
                    evaluate(reference, data.batches(data.splits().test(), target), manager), trainSeconds(target, seed));
        }
    }

    private String key(long seed, double source, double target, String method, String variant) {
        return new ResultRow(data.splits().train().name(), settings.base().model().id(), seed, source, target,
                method, variant, 0, 0, 0).key();
    }

    private void record(long seed, double source, double target, String method, String variant,
            Evaluation.Result r, double seconds) throws IOException {
        ResultRow row = new ResultRow(data.splits().train().name(), settings.base().model().id(), seed, source,
                target, method, variant, r.accuracy(), r.samples(), seconds);
        table.add(row);
        LOG.info(String.format(Locale.ROOT, "%s ms -> %s ms  %-18s %-40s %.2f%%",
                ResultRow.fmt(source), ResultRow.fmt(target), method, variant, 100 * r.accuracy()));
    }

    private static Evaluation.Result evaluate(SpikingNetwork net, Batches batches, NDManager manager) {
        return Evaluation.evaluate(net, batches, EVAL_BATCH, SnnLoss.LOG_SOFTMAX, manager);
    }

    /** Re-binning the target-resolution data back to the source resolution, for integer ratios. */
    static List<FrameRebin> inputAdaptations(double source, double target) {
        List<FrameRebin> out = new ArrayList<>();
        if (target < source && isIntegerRatio(source, target)) {
            int k = (int) Math.round(source / target);
            out.add(new SumBin(k));
            out.add(new BinaryBin(k));
            out.add(new MaxPoolBin(k));
        } else if (target > source && isIntegerRatio(source, target)) {
            int k = (int) Math.round(target / source);
            out.add(new PadZeros(k));
            out.add(new RepeatElements(k));
        }
        return out;
    }

    static boolean isIntegerRatio(double a, double b) {
        double r = Math.max(a, b) / Math.min(a, b);
        return Math.abs(r - Math.round(r)) < 1e-9;
    }

    private void writeReports() throws IOException {
        AtomicFiles.writeString(settings.out().resolve("results.md"), table.markdown(settings.title()));
        Plots.accuracyVsBin(table.rows(), settings.out());
        if (!trainSeconds.isEmpty()) {
            Map<Double, List<Double>> seconds = new LinkedHashMap<>();
            trainSeconds.forEach((bin, bySeed) -> seconds.put(bin, new ArrayList<>(bySeed.values())));
            Plots.trainingTime(seconds, settings.out().resolve("training_time.png"));
        }
    }
}
