package org.spikeshift.spark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.TaskContext;
import org.spikeshift.experiments.experiment.AdaptationSweep;
import org.spikeshift.experiments.experiment.LoadedData;
import org.spikeshift.experiments.report.ResultRow;

/**
 * The work of one task, on an executor. Tasks of one executor JVM take turns on the engine: it
 * allows one gradient collector per process and seeds one random generator for all threads, so
 * concurrent tasks would neither train nor give the numbers of the in-process run.
 */
final class SweepTasks {

    /** Injects a failure into the first attempt of the first training, once it has a checkpoint. */
    static final String INJECT_FAILURE = "spikeshift.spark.injectFailure";

    private static final ReentrantLock ENGINE = new ReentrantLock();
    private static final Map<String, LoadedData> DATA = new ConcurrentHashMap<>();

    private SweepTasks() {}

    static void train(String json, AdaptationSweep.Training t) throws IOException {
        AdaptationSweep.Settings settings = AdaptationSweep.Settings.fromJson(json);
        ENGINE.lock();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            AdaptationSweep sweep = new AdaptationSweep(settings, data(settings), manager);
            Thread saboteur = injectedFailure(sweep.runDir(t.binMs(), t.seed()));
            try {
                sweep.train(t);
            } finally {
                if (saboteur != null) {
                    saboteur.interrupt();
                }
            }
        } finally {
            Thread.interrupted(); // an injected interrupt that came late must not reach the next task
            ENGINE.unlock();
        }
    }

    static List<ResultRow> evaluate(String json, AdaptationSweep.Cell c) throws IOException {
        AdaptationSweep.Settings settings = AdaptationSweep.Settings.fromJson(json);
        List<ResultRow> rows = new ArrayList<>();
        ENGINE.lock();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            new AdaptationSweep(settings, data(settings), manager).evaluate(c, rows::add);
        } finally {
            ENGINE.unlock();
        }
        return rows;
    }

    private static LoadedData data(AdaptationSweep.Settings settings) throws IOException {
        String key = settings.base().data() + "|" + settings.base().frameMode();
        LoadedData loaded = DATA.get(key);
        if (loaded == null) {
            loaded = LoadedData.load(settings.base().data(), settings.base().frameMode());
            DATA.put(key, loaded);
        }
        return loaded;
    }

    /**
     * With {@link #INJECT_FAILURE} set, the first attempt of partition 0 of the training stage is
     * interrupted once its run has written a checkpoint, as a killed task would be.
     */
    private static Thread injectedFailure(Path runDir) {
        TaskContext task = TaskContext.get();
        if (!Boolean.getBoolean(INJECT_FAILURE) || task == null || task.attemptNumber() > 0 || task.partitionId() != 0
                || task.stageAttemptNumber() > 0) {
            return null;
        }
        Thread victim = Thread.currentThread();
        Path checkpoint = runDir.resolve("checkpoints").resolve("last.ckpt");
        Thread saboteur = new Thread(() -> {
            try {
                while (!Files.isRegularFile(checkpoint)) {
                    Thread.sleep(20);
                }
                victim.interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spikeshift-injected-failure");
        saboteur.setDaemon(true);
        saboteur.start();
        return saboteur;
    }
}
