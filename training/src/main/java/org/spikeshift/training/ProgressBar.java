package org.spikeshift.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with loss, accuracy and throughput, redrawn in place on a terminal and
 * printed sparsely (every quarter) when output is redirected.
 */
public final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int lastQuarter = -1;

    public ProgressBar(String label, int total) {
        this.out = System.err;
        this.interactive = System.console() != null;
        this.label = label;
        this.total = total;
    }

    /** Redraws after {@code done} of {@code total} units with the running metrics. */
    public void update(int done, int samples, double loss, double accuracy) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String line =
                String.format(
                        Locale.ROOT,
                        "%s [%s%s] %d/%d loss %.4f acc %.1f%% %.0f samples/s",
                        label,
                        "=".repeat(filled),
                        " ".repeat(WIDTH - filled),
                        done,
                        total,
                        loss,
                        100 * accuracy,
                        samples / Math.max(seconds, 1e-9));
        if (interactive) {
            out.print("\r" + line + (done == total ? "\n" : ""));
            out.flush();
        } else {
            int quarter = total == 0 ? 4 : done * 4 / total;
            if (quarter != lastQuarter) {
                lastQuarter = quarter;
                out.println(line);
            }
        }
    }
}
