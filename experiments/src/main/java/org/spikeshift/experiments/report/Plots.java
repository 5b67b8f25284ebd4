package org.spikeshift.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of experiment results (XChart, headless). */
public final class Plots {

    private Plots() {}

    /**
     * Accuracy vs target bin size over every target measured, one line per method (its best variant
     * by mean accuracy) with error bars of one std over seeds, for each source bin size; written as
     * {@code <experiment>_accuracy_vs_bin_<source>ms.png}.
     */
    public static List<Path> accuracyVsBin(List<ResultRow> rows, Path dir, String experiment)
            throws IOException {
        Map<Double, List<ResultRow>> bySource = new TreeMap<>();
        for (ResultRow r : rows) {
            bySource.computeIfAbsent(r.sourceBinMs(), k -> new ArrayList<>()).add(r);
        }
        List<Path> written = new ArrayList<>();
        for (var source : bySource.entrySet()) {
            // method -> variant -> target -> accuracies
            Map<String, Map<String, TreeMap<Double, List<Double>>>> data = new LinkedHashMap<>();
            for (ResultRow r : source.getValue()) {
                data.computeIfAbsent(r.method(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.variant(), k -> new TreeMap<>())
                        .computeIfAbsent(r.targetBinMs(), k -> new ArrayList<>())
                        .add(r.accuracy());
            }
            Map<String, TreeMap<Double, List<Double>>> lines = new LinkedHashMap<>();
            for (var method : data.entrySet()) {
                String bestVariant = null;
                double bestMean = -1;
                for (var variant : method.getValue().entrySet()) {
                    double m =
                            variant.getValue().values().stream()
                                    .mapToDouble(ResultTable::mean)
                                    .average()
                                    .orElse(0);
                    if (m > bestMean) {
                        bestMean = m;
                        bestVariant = variant.getKey();
                    }
                }
                lines.put(
                        method.getKey() + " (" + bestVariant + ")",
                        method.getValue().get(bestVariant));
            }
            XYChart chart =
                    accuracyLines(
                            lines,
                            "trained at "
                                    + ResultRow.fmt(source.getKey())
                                    + " ms (error bars: std over seeds)",
                            "target bin size (ms)");
            Path file =
                    dir.resolve(
                            experiment
                                    + "_accuracy_vs_bin_"
                                    + ResultRow.fmt(source.getKey())
                                    + "ms.png");
            save(chart, file);
            written.add(file);
        }
        return written;
    }

    /**
     * Accuracy against bin size, one line per entry (bin -> accuracies over seeds, 0-1), with error
     * bars of one std.
     */
    public static XYChart accuracyLines(
            Map<String, TreeMap<Double, List<Double>>> lines, String title, String xAxis) {
        XYChart chart = chart(1100, 600, title, xAxis, "test accuracy (%)");
        double[] bins =
                lines.values().stream()
                        .flatMap(l -> l.keySet().stream())
                        .mapToDouble(Double::doubleValue)
                        .toArray();
        double spread =
                java.util.Arrays.stream(bins).max().orElse(1)
                        / java.util.Arrays.stream(bins).min().orElse(1);
        chart.getStyler()
                .setXAxisLogarithmic(
                        spread >= 10); // a log axis with few decades mislabels its ticks
        chart.getStyler().setxAxisTickLabelsFormattingFunction(ResultRow::fmt);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        for (var line : lines.entrySet()) {
            TreeMap<Double, List<Double>> points = line.getValue();
            double[] x = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y =
                    points.values().stream().mapToDouble(v -> 100 * ResultTable.mean(v)).toArray();
            double[] err =
                    points.values().stream().mapToDouble(v -> 100 * ResultTable.std(v)).toArray();
            XYSeries s = chart.addSeries(line.getKey(), x, y, err);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Training wall time vs bin size; {@code seconds} maps bin size to measured runs. */
    public static Path trainingTime(Map<Double, List<Double>> seconds, Path file)
            throws IOException {
        XYChart chart =
                chart(
                        700,
                        460,
                        "training time per resolution (error bars: std over seeds)",
                        "bin size (ms)",
                        "training wall time (s)");
        TreeMap<Double, List<Double>> sorted = new TreeMap<>(seconds);
        chart.getStyler().setXAxisLogarithmic(sorted.size() > 1);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(ResultRow::fmt);
        chart.getStyler()
                .setyAxisTickLabelsFormattingFunction(
                        v -> String.format(java.util.Locale.ROOT, "%.0f", v));
        chart.getStyler().setYAxisMin(0.0);
        double[] x = sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = sorted.values().stream().mapToDouble(ResultTable::mean).toArray();
        double[] err = sorted.values().stream().mapToDouble(ResultTable::std).toArray();
        chart.addSeries("training", x, y, err).setMarker(SeriesMarkers.SQUARE);
        save(chart, file);
        return file;
    }

    /** A line: accuracies (0-1) against training seconds. */
    public record Curve(List<Double> seconds, List<Double> accuracy) {}

    /** Test accuracy against training wall time, one line per named curve. */
    public static Path timeToAccuracy(Map<String, Curve> curves, Path file) throws IOException {
        XYChart chart =
                chart(
                        900,
                        560,
                        "per-epoch test accuracy against training time (selection on validation)",
                        "training wall time (s)",
                        "test accuracy (%)");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler()
                .setxAxisTickLabelsFormattingFunction(
                        v -> String.format(java.util.Locale.ROOT, "%.0f", v));
        for (var e : curves.entrySet()) {
            Curve c = e.getValue();
            double[] x = c.seconds().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = c.accuracy().stream().mapToDouble(v -> 100 * v).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, file);
        return file;
    }

    private static XYChart chart(int width, int height, String title, String xAxis, String yAxis) {
        System.setProperty("java.awt.headless", "true");
        return new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xAxis)
                .yAxisTitle(yAxis)
                .build();
    }

    /** Writes {@code chart} to {@code file} atomically. */
    public static void save(XYChart chart, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
