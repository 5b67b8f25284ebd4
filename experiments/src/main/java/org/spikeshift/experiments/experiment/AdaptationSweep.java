package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
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
import org.spikeshift.training.Recalibration;
import org.spikeshift.training.RunDirectory;
import org.spikeshift.training.SnnTrainer;
import org.spikeshift.training.loss.SnnLoss;

/**
 * Trains at each source bin size and evaluates at each target bin size with every method and
 * variant, the input-adaptation baselines (re-binning the target data back to the source
 * resolution) and, optionally, models trained directly at the target as references. Resumable:
 * finished trainings and cells are skipped.
 *
 * <p>References are trained as well as the method they are compared with: to convergence (an epoch
 * cap with early stopping on validation), once with the neuron ranges matched to the source's
 * physical time constants and once per step as published.
 */
public final class AdaptationSweep implements ExperimentGrid {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptationSweep.class);
    private static final int EVAL_BATCH = 256;

    /** Training batches that re-estimate BatchNorm statistics in the recalibrated rows. */
    static final int RECALIBRATION_BATCHES = 10;

    /** The grid kind of every adaptation sweep. */
    public static final String KIND = "adaptation-sweep";

    /** The method column of reference rows. */
    public static final String REFERENCE = "trained-at-target";

    /** Early-stopping patience of references when the run sets none. */
    static final int REFERENCE_PATIENCE = 5;

    /**
     * @param base the training run configuration (its bin size and seed are replaced per cell)
     * @param sourceBins bin sizes to train at
     * @param targetBins bin sizes to evaluate at
     * @param seeds training seeds
     * @param variants methods and variants
     * @param reference whether to train models at each target bin as references
     * @param referenceEpochs the references' epoch cap (they stop early on validation)
     * @param trackCurves whether every training records test accuracy at the target after each
     *     epoch (adapted by the recommended method for sources), for time-to-accuracy curves
     * @param out experiment folder
     * @param name the experiment's name, prefixing its plots
     * @param title title of results.md
     */
    public record Settings(
            RunConfig base,
            List<Double> sourceBins,
            List<Double> targetBins,
            List<Long> seeds,
            List<AdaptationOptions> variants,
            boolean reference,
            int referenceEpochs,
            boolean trackCurves,
            Path out,
            String name,
            String title) {

        /** The settings as JSON, to hand to other processes. */
        public String toJson() {
            return RunConfig.GSON.toJson(this);
        }

        public static Settings fromJson(String json) {
            return RunConfig.GSON.fromJson(json, Settings.class);
        }
    }

    private final Settings settings;
    private final NDManager manager;
    private final LoadedData data;
    private final ResultTable table;
    private final Map<Double, Map<Long, Double>> trainSeconds = new java.util.TreeMap<>();

    public AdaptationSweep(Settings settings, LoadedData data, NDManager manager)
            throws IOException {
        this.settings = settings;
        this.manager = manager;
        this.data = data;
        Files.createDirectories(settings.out());
        this.table = ResultTable.open(settings.out());
    }

    /** One training of the grid: a source bin and a seed. */
    public record Training(double binMs, long seed) {}

    /** One cell of the grid: a training evaluated at a target bin by every method and variant. */
    public record Cell(Training training, double targetBinMs) {}

    /** The grid's trainings, seed by seed. */
    public static List<Training> trainings(Settings settings) {
        List<Training> out = new ArrayList<>();
        for (long seed : settings.seeds()) {
            for (double source : settings.sourceBins()) {
                out.add(new Training(source, seed));
            }
        }
        return out;
    }

    /** The cells that depend on training {@code t}. */
    public static List<Cell> cells(Settings settings, Training t) {
        return settings.targetBins().stream().map(target -> new Cell(t, target)).toList();
    }

    /** Runs the whole grid in this process, writing each row as it is measured. */
    public ResultTable run() throws IOException {
        for (Training t : trainings(settings)) {
            train(t);
            trainSeconds(t.binMs(), t.seed());
            for (Cell c : cells(settings, t)) {
                evaluate(c, this::add);
            }
            writeReports();
        }
        writeReports();
        return table;
    }

    /** Trains {@code t} unless done (resuming an interrupted run). */
    public void train(Training t) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            trained(t.binMs(), t.seed(), scope);
        }
    }

    /**
     * Measures every row of cell {@code c} not yet in the table (its training done), handing each
     * to {@code sink}; references are trained here when missing.
     */
    public void evaluate(Cell c, RowSink sink) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Training t = c.training();
            SpikingNetwork net = trained(t.binMs(), t.seed(), scope);
            evaluateCell(
                    net,
                    t.seed(),
                    t.binMs(),
                    c.targetBinMs(),
                    TrainExperiment.trainSeconds(runDir(t.binMs(), t.seed())),
                    sink);
        }
    }

    /** Where measured rows go. */
    @FunctionalInterface
    public interface RowSink {
        void accept(ResultRow row) throws IOException;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String settingsJson() {
        return settings.toJson();
    }

    @Override
    public List<String> trainings() {
        return trainings(settings).stream().map(RunConfig.GSON::toJson).toList();
    }

    @Override
    public void train(String training) throws IOException {
        train(RunConfig.GSON.fromJson(training, Training.class));
    }

    @Override
    public List<String> cells(String training) {
        return cells(settings, RunConfig.GSON.fromJson(training, Training.class)).stream()
                .map(RunConfig.GSON::toJson)
                .toList();
    }

    @Override
    public List<List<String>> evaluate(String cell) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        evaluate(RunConfig.GSON.fromJson(cell, Cell.class), row -> rows.add(row.textCells()));
        return rows;
    }

    /**
     * Adds rows measured elsewhere, skipping any already in the table, and rewrites the reports.
     */
    @Override
    public void addRows(List<List<String>> rows) throws IOException {
        for (List<String> cells : rows) {
            ResultRow row = ResultRow.ofCells(cells);
            if (!table.has(row.key())) {
                add(row);
            }
        }
        for (Training t : trainings(settings)) {
            if (Files.isRegularFile(new RunDirectory(runDir(t.binMs(), t.seed())).metricsJson())) {
                trainSeconds(t.binMs(), t.seed());
            }
        }
        writeReports();
    }

    public ResultTable table() {
        return table;
    }

    private void add(ResultRow row) throws IOException {
        table.add(row);
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "%s ms -> %s ms  %-18s %-40s %.2f%%",
                        ResultRow.fmt(row.sourceBinMs()),
                        ResultRow.fmt(row.targetBinMs()),
                        row.method(),
                        row.variant(),
                        100 * row.accuracy()));
    }

    /** The network trained at {@code binMs} with {@code seed}, training it unless already done. */
    SpikingNetwork trained(double binMs, long seed, NDManager scope) throws IOException {
        RunConfig config = settings.base().at(binMs, seed);
        return TrainExperiment.finished(
                runDir(binMs, seed),
                config,
                data,
                scope,
                settings.trackCurves() ? adaptedProbe() : null);
    }

    /**
     * The reference trained at {@code target} with the ranges holding at {@code rangesBinMs} (0:
     * per step), to convergence.
     */
    SpikingNetwork reference(double target, long seed, double rangesBinMs) throws IOException {
        int patience = settings.base().training().earlyStopPatience();
        RunConfig config = settings.base().at(target, seed).withRangesBinMs(rangesBinMs);
        config =
                config.withTraining(
                        config.training()
                                .withEpochs(
                                        settings.referenceEpochs(),
                                        patience > 0 ? patience : REFERENCE_PATIENCE));
        return trained(
                referenceDir(target, seed, rangesBinMs),
                config,
                settings.trackCurves() ? testProbe(target) : null);
    }

    private SpikingNetwork trained(Path dir, RunConfig config, SnnTrainer.EpochProbe probe)
            throws IOException {
        return TrainExperiment.finished(dir, config, data, manager, probe);
    }

    /** Test accuracy at the (single) target after adaptation by the recommended method. */
    private SnnTrainer.EpochProbe adaptedProbe() {
        double target = settings.targetBins().get(0);
        AdaptationOptions options = AdaptationOptions.of(AdaptationOptions.RECOMMENDED);
        return new SnnTrainer.EpochProbe(
                String.format(
                        Locale.ROOT,
                        "adapted to %s ms by %s",
                        ResultRow.fmt(target),
                        options.method().id()),
                (net, scope) ->
                        evaluate(
                                        ModelAdapter.adapt(net, target, options, scope).network(),
                                        data.batches(data.splits().test(), target),
                                        scope)
                                .accuracy());
    }

    private SnnTrainer.EpochProbe testProbe(double target) {
        return new SnnTrainer.EpochProbe(
                "test accuracy",
                (net, scope) ->
                        evaluate(net, data.batches(data.splits().test(), target), scope)
                                .accuracy());
    }

    /**
     * The ranges bin that matches a source trained at {@code source}: its physical time constants.
     */
    double matchedRangesBinMs(double source) {
        double own = settings.base().rangesBinMs();
        return own == 0 ? source : own;
    }

    double trainSeconds(double binMs, long seed) throws IOException {
        double s = TrainExperiment.trainSeconds(runDir(binMs, seed));
        trainSeconds.computeIfAbsent(binMs, k -> new LinkedHashMap<>()).put(seed, s);
        return s;
    }

    /** The run folder of the source trained at {@code binMs} with {@code seed}. */
    public Path runDir(double binMs, long seed) {
        return settings.out()
                .resolve("runs")
                .resolve(
                        String.format(
                                Locale.ROOT,
                                "%s-%sms-seed%d",
                                settings.base().model().id(),
                                ResultRow.fmt(binMs),
                                seed));
    }

    /** The run folder of a reference; see {@link #reference}. */
    public Path referenceDir(double binMs, long seed, double rangesBinMs) {
        return settings.out()
                .resolve("runs")
                .resolve(
                        String.format(
                                Locale.ROOT,
                                "reference-%s-%sms-%s-seed%d",
                                settings.base().model().id(),
                                ResultRow.fmt(binMs),
                                rangesLabel(rangesBinMs),
                                seed));
    }

    /** {@code ranges=per-step} or {@code ranges=10ms}: the variant label of a reference row. */
    public static String referenceVariant(double rangesBinMs) {
        return "ranges=" + rangesLabel(rangesBinMs);
    }

    private static String rangesLabel(double rangesBinMs) {
        return rangesBinMs == 0 ? "per-step" : ResultRow.fmt(rangesBinMs) + "ms";
    }

    private void evaluateCell(
            SpikingNetwork net,
            long seed,
            double source,
            double target,
            double seconds,
            RowSink sink)
            throws IOException {
        for (AdaptationOptions options : settings.variants()) {
            String key = key(seed, source, target, options.method().id(), options.variantLabel());
            if (table.has(key)) {
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                SpikingNetwork adapted = ModelAdapter.adapt(net, target, options, scope).network();
                sink.accept(
                        row(
                                seed,
                                source,
                                target,
                                options.method().id(),
                                options.variantLabel(),
                                evaluate(
                                        adapted, data.batches(data.splits().test(), target), scope),
                                seconds));
            }
        }
        // the baseline and the recommended method with BatchNorm statistics re-estimated at the
        // target
        for (AdaptationOptions options :
                List.of(
                        AdaptationGrid.NO_ADAPTATION,
                        AdaptationOptions.of(AdaptationOptions.RECOMMENDED))) {
            String variant = options.variantLabel() + ";bn=recalibrated";
            if (target != source
                    && !table.has(key(seed, source, target, options.method().id(), variant))) {
                try (NDManager scope = manager.newSubManager()) {
                    SpikingNetwork adapted =
                            ModelAdapter.adapt(net, target, options, scope).network();
                    Recalibration.recalibrate(
                            adapted,
                            data.batches(data.splits().train(), target),
                            RECALIBRATION_BATCHES,
                            settings.base().training().batchSize(),
                            seed,
                            scope);
                    sink.accept(
                            row(
                                    seed,
                                    source,
                                    target,
                                    options.method().id(),
                                    variant,
                                    evaluate(
                                            adapted,
                                            data.batches(data.splits().test(), target),
                                            scope),
                                    seconds));
                }
            }
        }
        for (FrameRebin rebin : inputAdaptations(source, target)) {
            String method = "input-" + rebin.id();
            if (!table.has(key(seed, source, target, method, "rebin-to-source"))) {
                sink.accept(
                        row(
                                seed,
                                source,
                                target,
                                method,
                                "rebin-to-source",
                                evaluate(
                                        net,
                                        data.rebinned(data.splits().test(), target, rebin),
                                        manager),
                                seconds));
            }
        }
        if (!isIntegerRatio(source, target)
                && !table.has(key(seed, source, target, "input-events", "rebin-raw-events"))) {
            // a non-integer ratio: the target data re-binned from its raw events at the source
            // width
            sink.accept(
                    row(
                            seed,
                            source,
                            target,
                            "input-events",
                            "rebin-raw-events",
                            evaluate(net, data.batches(data.splits().test(), source), manager),
                            seconds));
        }
        if (settings.reference() && target != source) {
            for (double rangesBinMs : new double[] {matchedRangesBinMs(source), 0}) {
                String variant = referenceVariant(rangesBinMs);
                if (!table.has(key(seed, source, target, REFERENCE, variant))) {
                    SpikingNetwork reference = reference(target, seed, rangesBinMs);
                    sink.accept(
                            row(
                                    seed,
                                    source,
                                    target,
                                    REFERENCE,
                                    variant,
                                    evaluate(
                                            reference,
                                            data.batches(data.splits().test(), target),
                                            manager),
                                    TrainExperiment.trainSeconds(
                                            referenceDir(target, seed, rangesBinMs))));
                }
            }
        }
    }

    private String key(long seed, double source, double target, String method, String variant) {
        return new ResultRow(
                        data.splits().train().name(),
                        settings.base().model().id(),
                        seed,
                        source,
                        target,
                        method,
                        variant,
                        0,
                        0,
                        0)
                .key();
    }

    private ResultRow row(
            long seed,
            double source,
            double target,
            String method,
            String variant,
            Evaluation.Result r,
            double seconds) {
        return new ResultRow(
                data.splits().train().name(),
                settings.base().model().id(),
                seed,
                source,
                target,
                method,
                variant,
                r.accuracy(),
                r.samples(),
                seconds);
    }

    private static Evaluation.Result evaluate(
            SpikingNetwork net, Batches batches, NDManager manager) {
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
        AtomicFiles.writeString(
                settings.out().resolve("results.md"), table.markdown(settings.title()));
        Plots.accuracyVsBin(table.rows(), settings.out(), settings.name());
        if (!trainSeconds.isEmpty()) {
            Map<Double, List<Double>> seconds = new LinkedHashMap<>();
            trainSeconds.forEach(
                    (bin, bySeed) -> seconds.put(bin, new ArrayList<>(bySeed.values())));
            Plots.trainingTime(
                    seconds, settings.out().resolve(settings.name() + "_training_time.png"));
        }
    }
}
