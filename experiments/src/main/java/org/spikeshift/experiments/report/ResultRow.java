package org.spikeshift.experiments.report;

import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;

/**
 * One cell of an adaptation experiment: a model trained at a source bin size, evaluated at a target
 * bin size by one method and variant.
 *
 * @param dataset data set name
 * @param model neuron model
 * @param seed training seed
 * @param sourceBinMs bin size the model was trained at
 * @param targetBinMs bin size of the evaluation data
 * @param method adaptation method, input adaptation ({@code input-*}) or {@code trained-at-target}
 * @param variant variant label
 * @param accuracy test accuracy
 * @param samples test samples
 * @param trainSeconds training wall time of the evaluated model, without evaluation
 */
public record ResultRow(
        String dataset,
        String model,
        long seed,
        double sourceBinMs,
        double targetBinMs,
        String method,
        String variant,
        double accuracy,
        int samples,
        double trainSeconds) {

    /** The columns of {@code results.csv}. */
    public static final String[] HEADER = {
        "dataset",
        "model",
        "seed",
        "source_bin_ms",
        "target_bin_ms",
        "method",
        "variant",
        "accuracy",
        "samples",
        "train_seconds"
    };

    /** The identity of a cell, for skipping finished cells on resume. */
    public String key() {
        return String.join(
                "|",
                dataset,
                model,
                Long.toString(seed),
                fmt(sourceBinMs),
                fmt(targetBinMs),
                method,
                variant);
    }

    /** The row's cells in {@link #HEADER} order. */
    public List<Object> cells() {
        return List.of(
                dataset,
                model,
                seed,
                fmt(sourceBinMs),
                fmt(targetBinMs),
                method,
                variant,
                String.format(Locale.ROOT, "%.6f", accuracy),
                samples,
                String.format(Locale.ROOT, "%.3f", trainSeconds));
    }

    /** The row's cells as text, in {@link #HEADER} order. */
    public List<String> textCells() {
        return cells().stream().map(String::valueOf).toList();
    }

    /** The row whose {@link #textCells} these are. */
    public static ResultRow ofCells(List<String> c) {
        return new ResultRow(
                c.get(0),
                c.get(1),
                Long.parseLong(c.get(2)),
                Double.parseDouble(c.get(3)),
                Double.parseDouble(c.get(4)),
                c.get(5),
                c.get(6),
                Double.parseDouble(c.get(7)),
                Integer.parseInt(c.get(8)),
                Double.parseDouble(c.get(9)));
    }

    /** The row a CSV record with {@link #HEADER}'s columns holds. */
    public static ResultRow of(CSVRecord r) {
        return new ResultRow(
                r.get("dataset"),
                r.get("model"),
                Long.parseLong(r.get("seed")),
                Double.parseDouble(r.get("source_bin_ms")),
                Double.parseDouble(r.get("target_bin_ms")),
                r.get("method"),
                r.get("variant"),
                Double.parseDouble(r.get("accuracy")),
                Integer.parseInt(r.get("samples")),
                Double.parseDouble(r.get("train_seconds")));
    }

    /** Bin sizes without a trailing ".0". */
    public static String fmt(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }
}
