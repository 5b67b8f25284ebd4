package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.experiments.report.Plots;
import org.spikeshift.experiments.report.ResultRow;
import org.spikeshift.experiments.report.ResultTable;
import org.spikeshift.training.RunDirectory;

/**
 * The time-efficient pipeline's summary: the coarse model adapted by the recommended method vs the
 * model trained at the target with ranges matched to the source's physical time constants (and, as
 * a second row, per step as published), in accuracy and training wall time (evaluation excluded),
 * and the time each arm needs to reach the adapted model's accuracy.
 *
 * <p>Both arms record test accuracy after every epoch for the curve only; the reported accuracies
 * are those of the validation-selected models.
 */
public final class TimeEfficiency {

    private final AdaptationSweep sweep;
    private final AdaptationSweep.Settings settings;
    private final NDManager manager;

    public TimeEfficiency(
            AdaptationSweep sweep, AdaptationSweep.Settings settings, NDManager manager) {
        this.sweep = sweep;
        this.settings = settings;
        this.manager = manager;
    }

    /** One arm's accuracy after each epoch against training seconds so far. */
    record Curve(String label, List<Double> seconds, List<Double> accuracy) {

        static Curve of(Path runDir) throws IOException {
            JsonObject m =
                    JsonParser.parseString(Files.readString(new RunDirectory(runDir).metricsJson()))
                            .getAsJsonObject();
            if (!m.has("curve_train_seconds")) {
                throw new IOException(
                        runDir
                                + ": trained without a time-to-accuracy curve; remove it to "
                                + "retrain");
            }
            // curves written before they were labelled are the recommended method's of that time
            String label =
                    m.has("curve_label")
                            ? m.get("curve_label").getAsString()
                            : "adapted by integral";
            return new Curve(
                    label,
                    doubles(m.getAsJsonArray("curve_train_seconds")),
                    doubles(m.getAsJsonArray("curve_tracked_accuracy")));
        }

        /** Seconds until the accuracy first reaches {@code level}; null if it never does. */
        Double secondsToReach(double level) {
            for (int i = 0; i < accuracy.size(); i++) {
                if (accuracy.get(i) >= level - 1e-9) {
                    return seconds.get(i);
                }
            }
            return null;
        }

        Plots.Curve line() {
            return new Plots.Curve(seconds, accuracy);
        }

        double best() {
            return accuracy.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        private static List<Double> doubles(JsonArray a) {
            List<Double> out = new ArrayList<>();
            a.forEach(e -> out.add(e.getAsDouble()));
            return out;
        }
    }

    /**
     * Writes {@code time_efficiency.md}, {@code time_efficiency.json} and {@code
     * time_to_accuracy.png}; returns the Markdown.
     */
    public String summarize() throws IOException {
        double coarse = settings.sourceBins().get(0);
        double target = settings.targetBins().get(0);
        AdaptationOptions recommended = AdaptationOptions.of(AdaptationOptions.RECOMMENDED);
        double matched = sweep.matchedRangesBinMs(coarse);
        List<ResultRow> rows =
                ResultTable.open(settings.out()).rows().stream()
                        .filter(r -> r.sourceBinMs() == coarse && r.targetBinMs() == target)
                        .toList();
        List<Double> adapted = new ArrayList<>();
        List<Double> fine = new ArrayList<>();
        List<Double> finePerStep = new ArrayList<>();
        List<Double> fineBest = new ArrayList<>();
        List<Double> coarseSeconds = new ArrayList<>();
        List<Double> coarsePlusAdapt = new ArrayList<>();
        List<Double> fineSeconds = new ArrayList<>();
        List<Double> toMatch = new ArrayList<>();
        boolean everySeedMatches = true;
        Map<String, Plots.Curve> curves = new LinkedHashMap<>();
        for (long seed : settings.seeds()) {
            ResultRow a = row(rows, seed, recommended.method().id(), recommended.variantLabel());
            ResultRow f =
                    row(
                            rows,
                            seed,
                            AdaptationSweep.REFERENCE,
                            AdaptationSweep.referenceVariant(matched));
            ResultRow p =
                    row(rows, seed, AdaptationSweep.REFERENCE, AdaptationSweep.referenceVariant(0));
            double adaptSeconds = adaptationSeconds(coarse, target, seed, recommended);
            Curve coarseCurve = Curve.of(sweep.runDir(coarse, seed));
            Curve fineCurve = Curve.of(sweep.referenceDir(target, seed, matched));
            adapted.add(a.accuracy());
            fine.add(f.accuracy());
            finePerStep.add(p.accuracy());
            fineBest.add(fineCurve.best());
            coarseSeconds.add(a.trainSeconds());
            coarsePlusAdapt.add(a.trainSeconds() + adaptSeconds);
            fineSeconds.add(f.trainSeconds());
            Double s = fineCurve.secondsToReach(a.accuracy());
            if (s == null) {
                everySeedMatches = false;
            } else {
                toMatch.add(s);
            }
            curves.put(
                    String.format(
                            Locale.ROOT,
                            "trained at %s ms, %s (seed %d)",
                            ResultRow.fmt(coarse),
                            coarseCurve.label(),
                            seed),
                    coarseCurve.line());
            curves.put(
                    String.format(
                            Locale.ROOT, "trained at %s ms (seed %d)", ResultRow.fmt(target), seed),
                    fineCurve.line());
        }
        Double secondsToMatch = everySeedMatches ? ResultTable.mean(toMatch) : null;
        double pipelineSeconds = ResultTable.mean(coarsePlusAdapt);
        Double speedupAtEqual = secondsToMatch == null ? null : secondsToMatch / pipelineSeconds;
        String label = recommended.method().id() + " (" + recommended.variantLabel() + ")";

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("coarse_bin_ms", coarse);
        json.put("target_bin_ms", target);
        json.put("best_method", label);
        json.put("adapted_accuracy", ResultTable.mean(adapted));
        json.put("fine_accuracy", ResultTable.mean(fine));
        json.put("fine_accuracy_per_step_ranges", ResultTable.mean(finePerStep));
        json.put("fine_ranges_bin_ms", matched);
        json.put("fine_best_accuracy", ResultTable.mean(fineBest));
        json.put("fine_seconds_to_match", secondsToMatch);
        json.put("coarse_plus_adapt_seconds", pipelineSeconds);
        json.put("speedup_at_equal_accuracy", speedupAtEqual);
        json.put("coarse_train_seconds", ResultTable.mean(coarseSeconds));
        json.put("fine_train_seconds", ResultTable.mean(fineSeconds));
        json.put("speedup", ResultTable.mean(fineSeconds) / ResultTable.mean(coarseSeconds));
        json.put("seeds", settings.seeds());
        AtomicFiles.writeString(
                settings.out().resolve("time_efficiency.json"),
                new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .serializeNulls()
                        .create()
                        .toJson(json));
        Plots.timeToAccuracy(curves, settings.out().resolve("time_to_accuracy.png"));

        ResultRow any = rows.get(0);
        String t = ResultRow.fmt(target);
        String md =
                String.format(
                        Locale.ROOT,
                        "# time-efficient pipeline on %s (%s, n=%d)%n%n"
                                + "| pipeline | training bin | training time (s) | accuracy "
                                + "at %s ms (%%) |%n|---|---|---|---|%n"
                                + "| train coarse, adapt (%s) | %s ms | %.1f | %s |%n"
                                + "| train at target, ranges at %s ms (matched) | %s ms | "
                                + "%.1f | %s |%n"
                                + "| train at target, ranges per step | %s ms | %s | %s |%n%n"
                                + "Best test accuracy on the fine curve %.2f %%. Fine "
                                + "training reaches the adapted"
                                + " accuracy after %s; the pipeline takes %.1f s: speed-up "
                                + "at equal accuracy %s."
                                + " Speed-up at the epoch cap %.2fx.%n",
                        any.dataset(),
                        any.model(),
                        settings.seeds().size(),
                        t,
                        label,
                        ResultRow.fmt(coarse),
                        ResultTable.mean(coarseSeconds),
                        ResultTable.cell(adapted),
                        ResultRow.fmt(matched),
                        t,
                        ResultTable.mean(fineSeconds),
                        ResultTable.cell(fine),
                        t,
                        seconds(rows, AdaptationSweep.referenceVariant(0)),
                        ResultTable.cell(finePerStep),
                        100 * ResultTable.mean(fineBest),
                        secondsToMatch == null
                                ? "never (in at least one seed)"
                                : String.format(Locale.ROOT, "%.1f s", secondsToMatch),
                        pipelineSeconds,
                        speedupAtEqual == null
                                ? "not reached"
                                : String.format(Locale.ROOT, "%.2fx", speedupAtEqual),
                        ResultTable.mean(fineSeconds) / ResultTable.mean(coarseSeconds));
        AtomicFiles.writeString(settings.out().resolve("time_efficiency.md"), md);
        return md;
    }

    private static String seconds(List<ResultRow> rows, String variant) {
        return String.format(
                Locale.ROOT,
                "%.1f",
                rows.stream()
                        .filter(
                                r ->
                                        r.method().equals(AdaptationSweep.REFERENCE)
                                                && r.variant().equals(variant))
                        .mapToDouble(ResultRow::trainSeconds)
                        .average()
                        .orElse(Double.NaN));
    }

    private static ResultRow row(List<ResultRow> rows, long seed, String method, String variant)
            throws IOException {
        return rows.stream()
                .filter(
                        r ->
                                r.seed() == seed
                                        && r.method().equals(method)
                                        && r.variant().equals(variant))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IOException(
                                        "no result for "
                                                + method
                                                + " "
                                                + variant
                                                + " seed "
                                                + seed));
    }

    private double adaptationSeconds(
            double coarse, double target, long seed, AdaptationOptions options) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            SpikingNetwork source = sweep.trained(coarse, seed, scope);
            long start = System.nanoTime();
            ModelAdapter.adapt(source, target, options, scope);
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
