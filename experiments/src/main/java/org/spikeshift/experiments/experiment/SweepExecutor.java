package org.spikeshift.experiments.experiment;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.spikeshift.experiments.report.ResultRow;

/**
 * Runs an adaptation sweep's trainings and cells elsewhere than this process, on a cluster
 * manager; found with {@link ServiceLoader} so that nothing of it is loaded without {@code
 * --spark-master} (the spikeshift-spark module provides one).
 */
public interface SweepExecutor {

    /**
     * Runs every training, then every cell that depends on it, and returns the rows measured
     * (the driver adds them to results.csv).
     *
     * @param settings the sweep; its folders must be reachable from every worker
     * @param master the cluster manager's URL, e.g. {@code local[2]} or {@code spark://host:7077}
     */
    List<ResultRow> run(AdaptationSweep.Settings settings, String master) throws IOException;

    /** The executor on the class path, if any. */
    static Optional<SweepExecutor> find() {
        return ServiceLoader.load(SweepExecutor.class).findFirst();
    }
}
