package org.spikeshift.spark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.spikeshift.experiments.experiment.ExperimentGrid;
import org.spikeshift.experiments.experiment.ExperimentGrids;

/**
 * The work of one task, on an executor. Tasks of one executor JVM take turns on the engine: it
 * allows one gradient collector per process and seeds one random generator for all threads, so
 * concurrent tasks would neither train nor give the numbers of the in-process run.
 */
final class GridTasks {

    /**
     * Injects a failure into the first attempt of the first training: it is interrupted once a
     * checkpoint of its own appears in the experiment's run folders, as a killed task would be.
     */
    static final String INJECT_FAILURE = "spikeshift.spark.injectFailure";

    private static final ReentrantLock ENGINE = new ReentrantLock();

    private GridTasks() {}

    static void train(String kind, String json, String training) throws IOException {
        ENGINE.lock();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            ExperimentGrid grid = ExperimentGrids.open(kind, json, manager);
            Thread saboteur = injectedFailure(grid);
            try {
                grid.train(training);
            } finally {
                if (saboteur != null) {
                    saboteur.interrupt();
                }
            }
        } finally {
            Thread.interrupted(); // an injected interrupt that came late must not reach the next
            // task
            ENGINE.unlock();
        }
    }

    static List<String> cells(String kind, String json, String training) throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            return new ArrayList<>(ExperimentGrids.open(kind, json, manager).cells(training));
        }
    }

    static List<List<String>> evaluate(String kind, String json, String cell) throws IOException {
        ENGINE.lock();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            return new ArrayList<>(ExperimentGrids.open(kind, json, manager).evaluate(cell));
        } finally {
            ENGINE.unlock();
        }
    }

    /**
     * With {@link #INJECT_FAILURE} set, the first attempt of training 0 is interrupted after a
     * checkpoint.
     */
    private static Thread injectedFailure(ExperimentGrid grid) throws IOException {
        TaskContext task = TaskContext.get();
        if (!Boolean.getBoolean(INJECT_FAILURE)
                || task == null
                || task.attemptNumber() > 0
                || task.partitionId() != 0
                || task.stageAttemptNumber() > 0) {
            return null;
        }
        // every experiment's settings name its folder "out", whose runs/ holds the run folders
        Path runs =
                Path.of(
                        JsonParser.parseString(grid.settingsJson())
                                .getAsJsonObject()
                                .get("out")
                                .getAsString(),
                        "runs");
        Thread victim = Thread.currentThread();
        Set<Path> earlier = checkpoints(runs); // other tasks' trainings, done before this one
        Thread saboteur =
                new Thread(
                        () -> {
                            try {
                                while (earlier.containsAll(checkpoints(runs))) {
                                    Thread.sleep(20);
                                }
                                victim.interrupt();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "spikeshift-injected-failure");
        saboteur.setDaemon(true);
        saboteur.start();
        return saboteur;
    }

    /** The last checkpoints in the run folders under {@code runs}. */
    private static Set<Path> checkpoints(Path runs) {
        if (!Files.isDirectory(runs)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(run -> run.resolve("checkpoints").resolve("last.ckpt"))
                    .filter(Files::isRegularFile)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
