package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
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
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.io.CsvFiles;
import org.spikeshift.experiments.report.Plots;
import org.spikeshift.experiments.report.ResultTable;
import org.spikeshift.training.RunDirectory;

/**
 * Static-to-event transfer against its references at several fractions of the event training data:
 * events only, static pre-training then fine-tuning on events, and the transfer method, each with
 * the same epochs. Writes {@code transfer.csv} (dataset, method, event_fraction, seed, accuracy),
 * {@code transfer.md} and {@code transfer.png}; a rerun skips finished cells.
 */
public final class TransferComparison implements ExperimentGrid {

    private static final Logger LOG = LoggerFactory.getLogger(TransferComparison.class);

    /** The grid kind of the transfer experiment. */
    public static final String KIND = "transfer";

    /** The columns of {@code transfer.csv}. */
    public static final String[] HEADER = {
        "dataset", "method", "event_fraction", "seed", "accuracy"
    };

    /** The methods compared, in table order. */
    public static final List<String> METHODS =
            List.of("events-only", "static-pretrain-finetune", "transfer");

    /**
     * @param base the events-only run (data, model, training)
     * @param transfer the static images (its weight is the transfer method's)
     * @param fractions fractions of the event training split
     * @param seeds training seeds
     * @param out the experiment folder
     */
    public record Settings(
            RunConfig base,
            TransferSettings transfer,
            List<Double> fractions,
            List<Long> seeds,
            Path out) {

        public String toJson() {
            return RunConfig.GSON.toJson(this);
        }

        public static Settings fromJson(String json) {
            return RunConfig.GSON.fromJson(json, Settings.class);
        }
    }

    /** One method trained at a fraction with a seed (the pre-training and fine-tuning together). */
    record Training(String method, double fraction, long seed) {}

    private record Row(String dataset, String method, double fraction, long seed, double accuracy) {
        String key() {
            return method + "|" + fraction + "|" + seed;
        }
    }

    private final Settings settings;
    private final LoadedData data;
    private final NDManager manager;
    private final Path csv;
    private final List<Row> rows = new ArrayList<>();

    public TransferComparison(Settings settings, LoadedData data, NDManager manager)
            throws IOException {
        this.settings = settings;
        this.data = data;
        this.manager = manager;
        Files.createDirectories(settings.out());
        csv = settings.out().resolve("transfer.csv");
        if (Files.isRegularFile(csv)) {
            CSVFormat format =
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            try (Reader in = Files.newBufferedReader(csv);
                    CSVParser parser = format.parse(in)) {
                for (CSVRecord r : parser) {
                    rows.add(
                            new Row(
                                    r.get("dataset"),
                                    r.get("method"),
                                    Double.parseDouble(r.get("event_fraction")),
                                    Long.parseLong(r.get("seed")),
                                    Double.parseDouble(r.get("accuracy"))));
                }
            } catch (RuntimeException e) {
                throw new IOException(csv + ": not a transfer table (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Trains what is missing and writes the reports. */
    public void run() throws IOException {
        runHere();
        writeReports();
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
        for (double fraction : settings.fractions()) {
            for (long seed : settings.seeds()) {
                for (String method : METHODS) {
                    out.add(RunConfig.GSON.toJson(new Training(method, fraction, seed)));
                }
            }
        }
        return out;
    }

    @Override
    public void train(String training) throws IOException {
        Training t = RunConfig.GSON.fromJson(training, Training.class);
        RunConfig events =
                settings.base()
                        .at(settings.base().binMs(), t.seed())
                        .withTrainFraction(t.fraction() >= 1 ? null : t.fraction());
        try (NDManager scope = manager.newSubManager()) {
            switch (t.method()) {
                case "events-only" ->
                        TrainExperiment.finished(runDir(t), events, data, scope, null);
                case "transfer" ->
                        TrainExperiment.finished(
                                runDir(t),
                                events.withTransfer(settings.transfer()),
                                data,
                                scope,
                                null);
                default -> {
                    Path pretrained = runDir("static-pretrain", t.fraction(), t.seed());
                    TrainExperiment.finished(
                            pretrained,
                            events.withTransfer(settings.transfer().staticPretraining()),
                            data,
                            scope,
                            null);
                    TrainExperiment.finished(
                            runDir(t),
                            events.withInitialNetwork(new RunDirectory(pretrained).bestNetwork()),
                            data,
                            scope,
                            null);
                }
            }
        }
    }

    /** A training's one cell: its test accuracy. */
    @Override
    public List<String> cells(String training) {
        return List.of(training);
    }

    @Override
    public List<List<String>> evaluate(String cell) throws IOException {
        Training t = RunConfig.GSON.fromJson(cell, Training.class);
        double accuracy =
                JsonParser.parseString(Files.readString(new RunDirectory(runDir(t)).metricsJson()))
                        .getAsJsonObject()
                        .get("test_accuracy")
                        .getAsDouble();
        return List.of(
                List.of(
                        data.splits().train().name(),
                        t.method(),
                        fmt(t.fraction()),
                        Long.toString(t.seed()),
                        String.format(Locale.ROOT, "%.6f", accuracy)));
    }

    @Override
    public void addRows(List<List<String>> measured) throws IOException {
        for (List<String> m : measured) {
            Row row =
                    new Row(
                            m.get(0),
                            m.get(1),
                            Double.parseDouble(m.get(2)),
                            Long.parseLong(m.get(3)),
                            Double.parseDouble(m.get(4)));
            if (rows.stream().noneMatch(r -> r.key().equals(row.key()))) {
                rows.add(row);
                LOG.info(
                        String.format(
                                Locale.ROOT,
                                "%-26s event fraction %.2f seed %d: %.2f%%",
                                row.method(),
                                row.fraction(),
                                row.seed(),
                                100 * row.accuracy()));
            }
        }
        CsvFiles.write(
                csv,
                HEADER,
                rows.stream()
                        .map(
                                r ->
                                        List.<Object>of(
                                                r.dataset(),
                                                r.method(),
                                                fmt(r.fraction()),
                                                r.seed(),
                                                String.format(Locale.ROOT, "%.6f", r.accuracy())))
                        .toList());
        writeReports();
    }

    private Path runDir(Training t) {
        return runDir(t.method(), t.fraction(), t.seed());
    }

    private Path runDir(String method, double fraction, long seed) {
        return settings.out()
                .resolve("runs")
                .resolve(
                        String.format(
                                Locale.ROOT, "%s-fraction%s-seed%d", method, fmt(fraction), seed));
    }

    private static String fmt(double fraction) {
        return String.format(Locale.ROOT, "%.3g", fraction);
    }

    private void writeReports() throws IOException {
        Map<String, TreeMap<Double, List<Double>>> lines = new LinkedHashMap<>();
        for (String method : METHODS) {
            for (Row r : rows) {
                if (r.method().equals(method)) {
                    lines.computeIfAbsent(method, k -> new TreeMap<>())
                            .computeIfAbsent(r.fraction(), k -> new ArrayList<>())
                            .add(r.accuracy());
                }
            }
        }
        StringBuilder md =
                new StringBuilder(
                        "# Static-to-event transfer on "
                                + data.splits().train().name()
                                + " (test accuracy, %; mean ± std over seeds)\n\n| method |");
        List<Double> fractions = settings.fractions();
        for (double f : fractions) {
            md.append(" ").append(fmt(f)).append(" of the events |");
        }
        md.append("\n|---|").append("---|".repeat(fractions.size())).append('\n');
        for (var line : lines.entrySet()) {
            md.append("| ").append(line.getKey()).append(" |");
            for (double f : fractions) {
                List<Double> v = line.getValue().get(f);
                md.append(' ').append(v == null ? "-" : ResultTable.cell(v)).append(" |");
            }
            md.append('\n');
        }
        AtomicFiles.writeString(settings.out().resolve("transfer.md"), md.toString());
        Plots.save(
                Plots.accuracyLines(
                        lines,
                        "static-to-event transfer (error bars: std over seeds)",
                        "fraction of the event training data"),
                settings.out().resolve("transfer.png"));
    }
}
