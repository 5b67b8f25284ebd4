package org.spikeshift.spark;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.experiments.experiment.ExperimentGrid;
import org.spikeshift.experiments.experiment.GridExecutor;

/**
 * Hands an experiment's grid to Spark: a stage of trainings (one task each), then a stage of cells
 * (one task each) that starts once the trainings it shuffles from are done. Tasks write their run
 * folders themselves, atomically, on the shared file system; a failed task is retried by Spark and
 * resumes its run from the last checkpoint, and cell rows reach the driver only from tasks that
 * succeeded, so no row is lost or doubled.
 */
public final class SparkGridExecutor implements GridExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SparkGridExecutor.class);

    /** Attempts per task on a local master (Spark's own default on a cluster). */
    static final int LOCAL_ATTEMPTS = 4;

    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)\\]");

    @Override
    public List<List<String>> run(ExperimentGrid grid, String master) throws IOException {
        String kind = grid.kind();
        String json = grid.settingsJson();
        List<String> trainings = grid.trainings();
        int cells = trainings.stream().mapToInt(t -> grid.cells(t).size()).sum();
        SparkConf conf =
                new SparkConf()
                        .setAppName("spikeshift " + kind)
                        .setMaster(withRetries(master))
                        .set("spark.ui.enabled", "false");
        if (!conf.contains("spark.executor.extraJavaOptions")) { // one engine thread per task core
            conf.set(
                    "spark.executor.extraJavaOptions",
                    "-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
                            + " -Dai.djl.pytorch.num_threads="
                            + conf.get("spark.task.cpus", "1"));
        }
        LOG.info("Spark on {}: {} trainings, then {} cells", master, trainings.size(), cells);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JavaRDD<String> trained =
                    sc.parallelize(trainings, Math.max(1, trainings.size()))
                            .map(
                                    t -> {
                                        GridTasks.train(kind, json, t);
                                        return t;
                                    });
            return trained.flatMap(t -> GridTasks.cells(kind, json, t).iterator())
                    .repartition(
                            Math.max(
                                    1,
                                    cells)) // a stage boundary: cells run once their trainings are
                    // done
                    .flatMap(c -> GridTasks.evaluate(kind, json, c).iterator())
                    .collect();
        } catch (Exception e) { // Spark's failures arrive as (undeclared) SparkException
            throw new IOException("the Spark job failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /**
     * A local master retries nothing unless asked: {@code local[N]} becomes {@code local[N,4]}; any
     * other master keeps its own setting ({@code spark.task.maxFailures}).
     */
    static String withRetries(String master) {
        Matcher m = LOCAL.matcher(master);
        return m.matches() ? "local[" + m.group(1) + "," + LOCAL_ATTEMPTS + "]" : master;
    }
}
