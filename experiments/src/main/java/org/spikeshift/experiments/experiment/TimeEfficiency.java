package org.spikeshift.experiments.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.experiments.report.ResultRow;
import org.spikeshift.experiments.report.ResultTable;

/**
 * The time-efficient pipeline's summary: the best adaptation of the coarse model vs the model
 * trained at the target, in accuracy and training wall time (evaluation excluded).
 */
public final class TimeEfficiency {

    private TimeEfficiency() {}

    /** Writes {@code time_efficiency.md} and {@code time_efficiency.json} and returns the Markdown. */
    public static String summarize(Path dir, double coarseBinMs, double targetBinMs) throws IOException {
        List<ResultRow> rows = ResultTable.open(dir).rows().stream()
                .filter(r -> r.sourceBinMs() == coarseBinMs && r.targetBinMs() == targetBinMs)
                .toList();
        List<ResultRow> reference = rows.stream().filter(r -> r.method().equals("trained-at-target")).toList();
        Map<String, List<ResultRow>> adapted =
                rows.stream()
                        .filter(r -> !r.method().equals("trained-at-target") && !r.method().startsWith("input-"))
                        .collect(Collectors.groupingBy(r -> r.method() + " (" + r.variant() + ")", LinkedHashMap::new, Collectors.toList()));
        String best = null;
        double bestAcc = -1;
        for (var e : adapted.entrySet()) {
            double m = e.getValue().stream().mapToDouble(ResultRow::accuracy).average().orElse(0);
            if (m > bestAcc) {
                bestAcc = m;
                best = e.getKey();
            }
        }
        if (best == null || reference.isEmpty()) {
            throw new IOException(dir + ": the experiment has no adapted or reference results yet");
        }
        double fineAcc = reference.stream().mapToDouble(ResultRow::accuracy).average().orElse(0);
        double fineSeconds = reference.stream().mapToDouble(ResultRow::trainSeconds).average().orElse(0);
        double coarseSeconds = adapted.get(best).stream().mapToDouble(ResultRow::trainSeconds).average().orElse(0);
        ResultRow any = reference.get(0);
        String md = String.format(Locale.ROOT,
                "# time-efficient pipeline on %s (%s)%n%n"
                        + "| pipeline | training bin | training time (s) | accuracy at %s ms |%n|---|---|---|---|%n"
                        + "| train coarse, adapt (%s) | %s ms | %.1f | %.2f %% |%n"
                        + "| train at target | %s ms | %.1f | %.2f %% |%n%n"
                        + "Training speed-up %.2fx; accuracy difference %+.2f points (seeds: %d).%n",
                any.dataset(), any.model(), ResultRow.fmt(any.targetBinMs()), best, ResultRow.fmt(any.sourceBinMs()),
                coarseSeconds, 100 * bestAcc, ResultRow.fmt(any.targetBinMs()), fineSeconds, 100 * fineAcc,
                fineSeconds / coarseSeconds, 100 * (bestAcc - fineAcc), reference.size());
        AtomicFiles.writeString(dir.resolve("time_efficiency.md"), md);
        AtomicFiles.writeString(dir.resolve("time_efficiency.json"), String.format(Locale.ROOT,
                "{\"coarse_bin_ms\": %s, \"target_bin_ms\": %s, \"best_method\": \"%s\", \"adapted_accuracy\": %.6f,"
                        + " \"fine_accuracy\": %.6f, \"coarse_train_seconds\": %.3f, \"fine_train_seconds\": %.3f,"
                        + " \"speedup\": %.4f}%n",
                any.sourceBinMs(), any.targetBinMs(), best, bestAcc, fineAcc, coarseSeconds, fineSeconds,
                fineSeconds / coarseSeconds));
        return md;
    }
}
