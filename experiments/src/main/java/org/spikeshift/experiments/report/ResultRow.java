package org.spikeshift.experiments.report;

/**
 * One cell of an adaptation experiment: a model trained at a source bin size, evaluated at a
 * target bin size by one method and variant.
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

    public static final String HEADER =
            "dataset,model,seed,source_bin_ms,target_bin_ms,method,variant,accuracy,samples,train_seconds";

    /** The identity of a cell, for skipping finished cells on resume. */
    public String key() {
        return String.join("|", dataset, model, Long.toString(seed), fmt(sourceBinMs), fmt(targetBinMs), method, variant);
    }

    public String toCsv() {
        return String.join(
                ",", dataset, model, Long.toString(seed), fmt(sourceBinMs), fmt(targetBinMs), method,
                '"' + variant + '"', String.format(java.util.Locale.ROOT, "%.6f", accuracy), Integer.toString(samples),
                String.format(java.util.Locale.ROOT, "%.3f", trainSeconds));
    }

    public static ResultRow parseCsv(String line) {
        java.util.List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        if (cells.size() != 10) {
            throw new IllegalArgumentException("malformed results row: " + line);
        }
        return new ResultRow(
                cells.get(0), cells.get(1), Long.parseLong(cells.get(2)), Double.parseDouble(cells.get(3)),
                Double.parseDouble(cells.get(4)), cells.get(5), cells.get(6), Double.parseDouble(cells.get(7)),
                Integer.parseInt(cells.get(8)), Double.parseDouble(cells.get(9)));
    }

    /** Bin sizes without a trailing ".0". */
    public static String fmt(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }
}
