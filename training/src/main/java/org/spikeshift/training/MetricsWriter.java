package org.spikeshift.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.io.CsvFiles;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.optim.SnnOptimizer;

/**
 * Writes a run's {@code metrics.csv} after every epoch and its {@code metrics.json} at the end,
 * each replaced atomically.
 */
final class MetricsWriter implements TrainingListener {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final RunDirectory run;
    private final String curveLabel;
    private final String selection;

    /**
     * @param curveLabel what the per-epoch probe measures, or null without a probe
     * @param selection what model selection followed, written to metrics.json
     */
    MetricsWriter(RunDirectory run, String curveLabel, String selection) {
        this.run = run;
        this.curveLabel = curveLabel;
        this.selection = selection;
    }

    @Override
    public void onEpoch(TrainingProgress progress, SpikingNetwork net, SnnOptimizer optimizer)
            throws IOException {
        List<TrainingProgress.Epoch> history = progress.history;
        boolean tracked = curveLabel != null;
        List<String> header =
                new ArrayList<>(
                        List.of(
                                "epoch",
                                "train_loss",
                                "train_accuracy",
                                "val_loss",
                                "val_accuracy",
                                "lr",
                                "epoch_seconds"));
        if (tracked) {
            header.add("tracked_accuracy");
        }
        for (int l = 0; l < history.get(0).rates().length; l++) {
            header.add("rate_layer" + l);
        }
        List<List<String>> rows = new ArrayList<>();
        for (TrainingProgress.Epoch row : history) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(row.epoch()));
            for (double v :
                    new double[] {
                        row.trainLoss(),
                        row.trainAccuracy(),
                        row.valLoss(),
                        row.valAccuracy(),
                        row.lr(),
                        row.epochSeconds()
                    }) {
                cells.add(number(v));
            }
            if (tracked) {
                cells.add(number(row.trackedAccuracy()));
            }
            for (double r : row.rates()) {
                cells.add(number(r));
            }
            rows.add(cells);
        }
        CsvFiles.write(run.metricsCsv(), header.toArray(String[]::new), rows);
    }

    @Override
    public void onEnd(TrainingProgress progress, TrainingOutcome outcome, double[] testFiringRates)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_accuracy", outcome.testAccuracy());
        m.put("test_loss", outcome.testLoss());
        m.put("test_samples", outcome.testSamples());
        m.put("best_val_accuracy", outcome.bestValAccuracy());
        m.put("best_epoch", outcome.bestEpoch());
        m.put("epochs", outcome.epochs());
        m.put("train_seconds", outcome.trainSeconds());
        m.put("test_firing_rates", testFiringRates);
        m.put("selection", selection);
        if (curveLabel != null) { // the time-to-accuracy curve: after each epoch, seconds so far
            double seconds = 0;
            List<Double> elapsed = new ArrayList<>();
            List<Double> accuracy = new ArrayList<>();
            for (TrainingProgress.Epoch row : progress.history) {
                seconds += row.epochSeconds();
                elapsed.add(seconds);
                accuracy.add(row.trackedAccuracy());
            }
            m.put("curve_label", curveLabel);
            m.put("curve_train_seconds", elapsed);
            m.put("curve_tracked_accuracy", accuracy);
        }
        AtomicFiles.writeString(run.metricsJson(), GSON.toJson(m));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
