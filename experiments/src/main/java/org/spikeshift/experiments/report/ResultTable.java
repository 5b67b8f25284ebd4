package org.spikeshift.experiments.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.spikeshift.core.io.CsvFiles;

/**
 * The rows of an experiment: {@code results.csv} (one row per cell, rewritten atomically after each
 * cell so an interrupted experiment resumes where it stopped) and {@code results.md} (mean +/- std
 * over seeds, best per column in bold).
 */
public final class ResultTable {

    private final Path csv;
    private final List<ResultRow> rows = new ArrayList<>();

    private ResultTable(Path csv) {
        this.csv = csv;
    }

    /** Opens {@code results.csv} in {@code dir}, reading the finished cells. */
    public static ResultTable open(Path dir) throws IOException {
        ResultTable table = new ResultTable(dir.resolve("results.csv"));
        if (Files.isRegularFile(table.csv)) {
            CSVFormat format =
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            try (Reader in = Files.newBufferedReader(table.csv);
                    CSVParser parser = format.parse(in)) {
                for (CSVRecord record : parser) {
                    try {
                        table.rows.add(ResultRow.of(record));
                    } catch (RuntimeException e) {
                        throw new IOException(
                                table.csv
                                        + " line "
                                        + parser.getCurrentLineNumber()
                                        + ": "
                                        + e.getMessage(),
                                e);
                    }
                }
            } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
                throw new IOException(
                        table.csv + ": not a results table (" + e.getMessage() + ")", e);
            }
        }
        return table;
    }

    public List<ResultRow> rows() {
        return List.copyOf(rows);
    }

    public boolean has(String key) {
        return rows.stream().anyMatch(r -> r.key().equals(key));
    }

    /** Adds a row and rewrites the CSV atomically. */
    public void add(ResultRow row) throws IOException {
        rows.add(row);
        CsvFiles.write(csv, ResultRow.HEADER, rows.stream().map(ResultRow::cells).toList());
    }

    /**
     * Markdown: one table per (dataset, model, source bin); rows are method + variant, columns the
     * target bins; cells mean +/- std accuracy in % over seeds with n (see {@link #cell}); the best
     * mean per column in bold.
     */
    public String markdown(String title) {
        return markdown(rows, title);
    }

    /** As {@link #markdown(String)} for any rows. */
    public static String markdown(List<ResultRow> rows, String title) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n");
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(
                            r.dataset()
                                    + " / "
                                    + r.model()
                                    + " / trained at "
                                    + ResultRow.fmt(r.sourceBinMs())
                                    + " ms",
                            k -> new ArrayList<>())
                    .add(r);
        }
        for (var group : groups.entrySet()) {
            TreeSet<Double> targets = new TreeSet<>();
            Map<String, Map<Double, List<Double>>> cells = new LinkedHashMap<>();
            for (ResultRow r : group.getValue()) {
                targets.add(r.targetBinMs());
                cells.computeIfAbsent(r.method() + " | " + r.variant(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.targetBinMs(), k -> new ArrayList<>())
                        .add(r.accuracy());
            }
            Map<Double, Double> best = new LinkedHashMap<>();
            for (Map<Double, List<Double>> row : cells.values()) {
                for (var c : row.entrySet()) {
                    best.merge(c.getKey(), mean(c.getValue()), Math::max);
                }
            }
            md.append("\n## ").append(group.getKey()).append("\n\n| method | variant |");
            for (double t : targets) {
                md.append(" ").append(ResultRow.fmt(t)).append(" ms |");
            }
            md.append("\n|---|---|").append("---|".repeat(targets.size())).append('\n');
            for (var row : cells.entrySet()) {
                String[] mv = row.getKey().split(" \\| ", 2);
                md.append("| ").append(mv[0]).append(" | ").append(mv[1]).append(" |");
                for (double t : targets) {
                    List<Double> v = row.getValue().get(t);
                    if (v == null) {
                        md.append(" - |");
                        continue;
                    }
                    double m = mean(v);
                    String cell = cell(v);
                    boolean isBest = Math.abs(m - best.get(t)) < 1e-12;
                    md.append(' ').append(isBest ? "**" + cell + "**" : cell).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /**
     * Accuracies in %: the value and {@code n=1} for one seed (a spread of one run is not zero, it
     * is unmeasured), mean ± sample std and n for more.
     */
    public static String cell(List<Double> accuracies) {
        if (accuracies.size() == 1) {
            return String.format(Locale.ROOT, "%.1f (n=1)", 100 * accuracies.get(0));
        }
        return String.format(
                Locale.ROOT,
                "%.1f ± %.1f (n=%d)",
                100 * mean(accuracies),
                100 * std(accuracies),
                accuracies.size());
    }

    public static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public static double std(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }
}
