package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.io.CsvFiles;
import org.spikeshift.core.network.EventDrivenSimulator;
import org.spikeshift.core.network.MixedTimeSteps;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.experiments.report.Plots;
import org.spikeshift.experiments.report.ResultRow;
import org.spikeshift.experiments.report.ResultTable;
import org.spikeshift.training.Evaluation;
import org.spikeshift.training.EventDrivenEvaluation;
import org.spikeshift.training.Recalibration;
import org.spikeshift.training.loss.SnnLoss;

/**
 * Both routes to temporal flexibility on the same data and budget: a standard network trained at
 * one bin (evaluated at other bins as it is and through every adaptation method at its default
 * variant) against a network trained with mixed time steps (as it is, by its own rule, and with
 * BatchNorm re-estimated at the evaluation bin), both also run event-driven. Writes {@code
 * flexibility.csv}, {@code flexibility.md}, {@code flexibility.png} and {@code event_driven.json};
 * a rerun skips the finished cells.
 */
public final class Flexibility implements ExperimentGrid {

    private static final Logger LOG = LoggerFactory.getLogger(Flexibility.class);
    private static final int EVAL_BATCH = 256;
    private static final com.google.gson.Gson JSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                    .serializeSpecialFloatingPointValues()
                    .create();

    /** The columns of {@code flexibility.csv}. */
    public static final String[] HEADER = {
        "dataset", "model", "seed", "method", "variant", "eval_bin_ms", "accuracy", "train_seconds"
    };

    /** The grid kind of the flexibility experiment. */
    public static final String KIND = "flexibility";

    /** The standard route's model name in the tables. */
    public static final String STANDARD = "standard";

    /** The mixed time-step route's model name in the tables. */
    public static final String MIXED = "mtt";

    /**
     * @param base the standard run (its bin is the training bin of both models)
     * @param mixed the mixed time-step training of the second model
     * @param evalBins the evaluation bins in milliseconds
     * @param seeds training seeds
     * @param out the experiment folder
     */
    public record Settings(
            RunConfig base,
            MixedTimeSteps mixed,
            List<Double> evalBins,
            List<Long> seeds,
            Path out) {

        public String toJson() {
            return RunConfig.GSON.toJson(this);
        }

        public static Settings fromJson(String json) {
            return RunConfig.GSON.fromJson(json, Settings.class);
        }
    }

    /** One training: a route's model and a seed. */
    record Training(String model, long seed) {}

    /** One cell: both networks of a seed at an evaluation bin. */
    record Cell(long seed, double evalBinMs) {}

    /** One row of {@code flexibility.csv}. */
    record Row(
            String dataset,
            String model,
            long seed,
            String method,
            String variant,
            double evalBinMs,
            double accuracy,
            double trainSeconds) {
        String key() {
            return String.join(
                    "|",
                    dataset,
                    model,
                    Long.toString(seed),
                    method,
                    variant,
                    ResultRow.fmt(evalBinMs));
        }

        List<Object> cells() {
            return List.of(
                    dataset,
                    model,
                    seed,
                    method,
                    variant,
                    ResultRow.fmt(evalBinMs),
                    String.format(Locale.ROOT, "%.6f", accuracy),
                    String.format(Locale.ROOT, "%.3f", trainSeconds));
        }

        static Row ofCells(List<String> c) {
            return new Row(
                    c.get(0),
                    c.get(1),
                    Long.parseLong(c.get(2)),
                    c.get(3),
                    c.get(4),
                    Double.parseDouble(c.get(5)),
                    Double.parseDouble(c.get(6)),
                    Double.parseDouble(c.get(7)));
        }

        static Row of(CSVRecord r) {
            return new Row(
                    r.get("dataset"),
                    r.get("model"),
                    Long.parseLong(r.get("seed")),
                    r.get("method"),
                    r.get("variant"),
                    Double.parseDouble(r.get("eval_bin_ms")),
                    Double.parseDouble(r.get("accuracy")),
                    Double.parseDouble(r.get("train_seconds")));
        }
    }

    /** One event-driven measurement, for {@code event_driven.json}. */
    record EventDrivenPoint(
            String model,
            long seed,
            double evalBinMs,
            String neuron,
            double accuracy,
            double timeSteppedAccuracy,
            double spikeDifference,
            double eventsPerSecond) {}

    private static final String ROW = "row";
    private static final String POINT = "event-driven-point";

    private final Settings settings;
    private final LoadedData data;
    private final NDManager manager;
    private final Path csv;
    private final List<Row> rows = new ArrayList<>();
    private final List<EventDrivenPoint> eventDriven = new ArrayList<>();
    private boolean eventDrivenRefused;

    public Flexibility(Settings settings, LoadedData data, NDManager manager) throws IOException {
        this.settings = settings;
        this.data = data;
        this.manager = manager;
        Files.createDirectories(settings.out());
        csv = settings.out().resolve("flexibility.csv");
        if (Files.isRegularFile(csv)) {
            CSVFormat format =
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            try (Reader in = Files.newBufferedReader(csv);
                    CSVParser parser = format.parse(in)) {
                for (CSVRecord record : parser) {
                    rows.add(Row.of(record));
                }
            } catch (RuntimeException e) {
                throw new IOException(
                        csv + ": not a flexibility table (" + e.getMessage() + ")", e);
            }
        }
        Path json = settings.out().resolve("event_driven.json");
        if (Files.isRegularFile(json)) {
            for (var e : JsonParser.parseString(Files.readString(json)).getAsJsonArray()) {
                eventDriven.add(JSON.fromJson(e, EventDrivenPoint.class));
            }
        }
    }

    /** Trains what is missing, evaluates every cell not yet in the table, writes the reports. */
    public List<Row> run() throws IOException {
        runHere();
        writeReports();
        return List.copyOf(rows);
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
        List<String> out = new ArrayList<>();
        for (long seed : settings.seeds()) {
            out.add(RunConfig.GSON.toJson(new Training(STANDARD, seed)));
            out.add(RunConfig.GSON.toJson(new Training(MIXED, seed)));
        }
        return out;
    }

    @Override
    public void train(String training) throws IOException {
        Training t = RunConfig.GSON.fromJson(training, Training.class);
        try (NDManager scope = manager.newSubManager()) {
            trained(t.model(), t.seed(), scope);
        }
    }

    /** The cells of a seed follow its mixed training, the second of the seed's two. */
    @Override
    public List<String> cells(String training) {
        Training t = RunConfig.GSON.fromJson(training, Training.class);
        if (!t.model().equals(MIXED)) {
            return List.of();
        }
        return settings.evalBins().stream()
                .map(bin -> RunConfig.GSON.toJson(new Cell(t.seed(), bin)))
                .toList();
    }

    @Override
    public List<List<String>> evaluate(String cell) throws IOException {
        Cell c = RunConfig.GSON.fromJson(cell, Cell.class);
        List<List<String>> out = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            evaluateStandard(
                    trained(STANDARD, c.seed(), scope),
                    c.seed(),
                    c.evalBinMs(),
                    TrainExperiment.trainSeconds(runDir(STANDARD, c.seed())),
                    out);
            evaluateMixed(
                    trained(MIXED, c.seed(), scope),
                    c.seed(),
                    c.evalBinMs(),
                    TrainExperiment.trainSeconds(runDir(MIXED, c.seed())),
                    out);
        }
        return out;
    }

    @Override
    public void addRows(List<List<String>> measured) throws IOException {
        for (List<String> m : measured) {
            if (m.get(0).equals(POINT)) {
                eventDriven.add(JSON.fromJson(m.get(1), EventDrivenPoint.class));
            } else {
                Row row = Row.ofCells(m.subList(1, m.size()));
                if (!has(row)) {
                    add(row);
                }
            }
        }
        writeReports();
    }

    private SpikingNetwork trained(String model, long seed, NDManager scope) throws IOException {
        RunConfig standard = settings.base().at(settings.base().binMs(), seed);
        RunConfig config = model.equals(MIXED) ? standard.withMixed(settings.mixed()) : standard;
        return TrainExperiment.finished(runDir(model, seed), config, data, scope, null);
    }

    private static List<String> tagged(Row row) {
        List<String> out = new ArrayList<>(List.of(ROW));
        row.cells().forEach(c -> out.add(String.valueOf(c)));
        return out;
    }

    /**
     * The standard network at {@code bin}: as trained, and by every method at its default variant.
     */
    private void evaluateStandard(
            SpikingNetwork net, long seed, double bin, double seconds, List<List<String>> out)
            throws IOException {
        List<AdaptationOptions> methods = new ArrayList<>(List.of(AdaptationGrid.NO_ADAPTATION));
        for (AdaptationMethod m : AdaptationMethod.values()) {
            methods.add(AdaptationOptions.of(m));
        }
        for (AdaptationOptions options : methods) {
            String variant =
                    options == AdaptationGrid.NO_ADAPTATION ? "as-trained" : options.variantLabel();
            Row key = row(STANDARD, seed, options.method().id(), variant, bin, 0, seconds);
            if (!has(key)) {
                try (NDManager scope = manager.newSubManager()) {
                    SpikingNetwork adapted = ModelAdapter.adapt(net, bin, options, scope).network();
                    out.add(
                            tagged(
                                    row(
                                            STANDARD,
                                            seed,
                                            options.method().id(),
                                            variant,
                                            bin,
                                            evaluate(adapted, bin, scope),
                                            seconds)));
                }
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            eventDriven(
                    ModelAdapter.adapt(net, bin, AdaptationGrid.NO_ADAPTATION, scope).network(),
                    STANDARD,
                    seed,
                    bin,
                    seconds,
                    scope,
                    out);
        }
    }

    /** The mixed network at {@code bin} by its own rule, then with BatchNorm re-estimated there. */
    private void evaluateMixed(
            SpikingNetwork net, long seed, double bin, double seconds, List<List<String>> out)
            throws IOException {
        String rule = "rule=" + settings.mixed().conversion().id();
        if (!has(row(MIXED, seed, "none", rule, bin, 0, seconds))) {
            try (NDManager scope = manager.newSubManager()) {
                out.add(
                        tagged(
                                row(
                                        MIXED,
                                        seed,
                                        "none",
                                        rule,
                                        bin,
                                        evaluate(ModelAdapter.atBin(net, bin, scope), bin, scope),
                                        seconds)));
            }
        }
        String recalibrated = rule + ";bn=recalibrated";
        if (!has(row(MIXED, seed, "none", recalibrated, bin, 0, seconds))) {
            try (NDManager scope = manager.newSubManager()) {
                SpikingNetwork atBin =
                        ModelAdapter.adapt(
                                        ModelAdapter.atBin(net, bin, scope),
                                        bin,
                                        AdaptationGrid.NO_ADAPTATION,
                                        scope)
                                .network(); // a copy: recalibration rewrites it
                Recalibration.recalibrate(
                        atBin,
                        data.batches(data.splits().train(), bin),
                        AdaptationSweep.RECALIBRATION_BATCHES,
                        settings.base().training().batchSize(),
                        seed,
                        scope);
                out.add(
                        tagged(
                                row(
                                        MIXED,
                                        seed,
                                        "none",
                                        recalibrated,
                                        bin,
                                        evaluate(atBin, bin, scope),
                                        seconds)));
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            eventDriven(ModelAdapter.atBin(net, bin, scope), MIXED, seed, bin, seconds, scope, out);
        }
    }

    /**
     * Both simulator neurons on {@code net} at {@code bin}, unless the network cannot run
     * event-driven.
     */
    private void eventDriven(
            SpikingNetwork net,
            String model,
            long seed,
            double bin,
            double seconds,
            NDManager scope,
            List<List<String>> out)
            throws IOException {
        for (EventDrivenSimulator.Neuron neuron : EventDrivenSimulator.Neuron.values()) {
            String variant = "neuron=" + neuron.id();
            if (eventDrivenRefused
                    || has(row(model, seed, "event-driven", variant, bin, 0, seconds))) {
                continue;
            }
            EventDrivenEvaluation.Outcome outcome;
            try {
                outcome =
                        EventDrivenEvaluation.evaluate(
                                net,
                                data.batches(data.splits().test(), bin),
                                neuron,
                                EVAL_BATCH,
                                scope);
            } catch (IllegalArgumentException e) {
                LOG.warn("no event-driven rows: {}", e.getMessage());
                eventDrivenRefused = true;
                return;
            }
            out.add(
                    tagged(
                            row(
                                    model,
                                    seed,
                                    "event-driven",
                                    variant,
                                    bin,
                                    outcome.accuracy(),
                                    seconds)));
            out.add(
                    List.of(
                            POINT,
                            JSON.toJson(
                                    new EventDrivenPoint(
                                            model,
                                            seed,
                                            bin,
                                            neuron.id(),
                                            outcome.accuracy(),
                                            evaluate(net, bin, scope),
                                            outcome.spikeDifference(),
                                            outcome.eventsPerSecond()))));
        }
    }

    private Row row(
            String model,
            long seed,
            String method,
            String variant,
            double bin,
            double accuracy,
            double seconds) {
        return new Row(
                data.splits().train().name(), model, seed, method, variant, bin, accuracy, seconds);
    }

    private boolean has(Row key) {
        return rows.stream().anyMatch(r -> r.key().equals(key.key()));
    }

    private void add(Row row) throws IOException {
        rows.add(row);
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "%-8s at %s ms  %-13s %-40s %.2f%%",
                        row.model(),
                        ResultRow.fmt(row.evalBinMs()),
                        row.method(),
                        row.variant(),
                        100 * row.accuracy()));
        CsvFiles.write(csv, HEADER, rows.stream().map(Row::cells).toList());
    }

    private double evaluate(SpikingNetwork net, double bin, NDManager scope) {
        return Evaluation.evaluate(
                        net,
                        data.batches(data.splits().test(), bin),
                        EVAL_BATCH,
                        SnnLoss.LOG_SOFTMAX,
                        scope)
                .accuracy();
    }

    private Path runDir(String model, long seed) {
        return settings.out()
                .resolve("runs")
                .resolve(
                        String.format(
                                Locale.ROOT,
                                "%s-%s-%sms-seed%d",
                                model,
                                settings.base().model().id(),
                                ResultRow.fmt(settings.base().binMs()),
                                seed));
    }

    /**
     * The table as result rows (trained at the training bin, evaluated at each bin), for markdown.
     */
    private List<ResultRow> asResultRows() {
        return rows.stream()
                .map(
                        r ->
                                new ResultRow(
                                        r.dataset(),
                                        r.model(),
                                        r.seed(),
                                        settings.base().binMs(),
                                        r.evalBinMs(),
                                        r.method(),
                                        r.variant(),
                                        r.accuracy(),
                                        0,
                                        r.trainSeconds()))
                .toList();
    }

    private void writeReports() throws IOException {
        String title =
                "Temporal flexibility on "
                        + data.splits().train().name()
                        + ": standard training ("
                        + ResultRow.fmt(settings.base().binMs())
                        + " ms) vs mixed time steps ("
                        + settings.mixed().describe()
                        + ")";
        AtomicFiles.writeString(
                settings.out().resolve("flexibility.md"),
                ResultTable.markdown(asResultRows(), title));
        Map<String, TreeMap<Double, List<Double>>> lines = new LinkedHashMap<>();
        for (Row r : rows) {
            lines.computeIfAbsent(
                            r.model() + ": " + r.method() + " (" + r.variant() + ")",
                            k -> new TreeMap<>())
                    .computeIfAbsent(r.evalBinMs(), k -> new ArrayList<>())
                    .add(r.accuracy());
        }
        Plots.save(
                Plots.accuracyLines(
                        lines,
                        "accuracy across evaluation bins, trained at "
                                + ResultRow.fmt(settings.base().binMs())
                                + " ms (error bars: std over seeds)",
                        "evaluation bin size (ms)"),
                settings.out().resolve("flexibility.png"));
        AtomicFiles.writeString(
                settings.out().resolve("event_driven.json"), JSON.toJson(eventDriven));
    }
}
