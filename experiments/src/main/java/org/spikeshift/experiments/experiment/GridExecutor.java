package org.spikeshift.experiments.experiment;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Runs an {@link ExperimentGrid} on a cluster manager; found with {@link ServiceLoader} so that
 * nothing of it is loaded without {@code --spark-master} (the spikeshift-spark module provides
 * one).
 */
public interface GridExecutor {

    /**
     * Runs every training, then every cell that depends on it, and returns the rows measured.
     *
     * @param grid the experiment; its folders must be reachable from every worker
     * @param master the cluster manager's URL, e.g. {@code local[2]} or {@code spark://host:7077}
     */
    List<List<String>> run(ExperimentGrid grid, String master) throws IOException;

    /**
     * Runs {@code grid} on {@code master} with the executor on the class path and adds its rows.
     */
    static void runOn(ExperimentGrid grid, String master) throws IOException {
        Optional<GridExecutor> executor = ServiceLoader.load(GridExecutor.class).findFirst();
        if (executor.isEmpty()) {
            throw new IllegalArgumentException(
                    "--spark-master needs the spikeshift-spark jars on the class path (built"
                            + " by mvn install into spark/target; ./spikeshift adds them "
                            + "when present)");
        }
        grid.addRows(executor.get().run(grid, master));
    }
}
