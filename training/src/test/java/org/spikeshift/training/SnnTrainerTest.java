package org.spikeshift.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.datasets.djl.EventFramesDataset;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.synthetic.SyntheticSpikes;
import org.spikeshift.datasets.transform.DownsampleChannels;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.datasets.transform.FrameSpec;

class SnnTrainerTest {

    private static DataSplits splits;
    private static FrameSpec frames;

    @BeforeAll
    static void data() {
        SyntheticSpikes generator = new SyntheticSpikes(5);
        EventDataset train = generator.generate("generated", 400, 1);
        EventDataset test = generator.generate("generated", 100, 2);
        splits = DataSplits.withValidation(train, test, 0.1, 5, SyntheticSpikes.DURATION_US);
        DownsampleChannels down = new DownsampleChannels(5);
        frames =
                FrameSpec.of(
                        20,
                        SyntheticSpikes.DURATION_US,
                        down.channelsAfter(700),
                        FrameMode.SUM,
                        down);
    }

    private static NetworkSpec spec() {
        return NetworkSpec.of(frames.channels(), NeuronKind.ADLIF, new int[] {48}, 20, 20);
    }

    private static TrainingOutcome train(Path dir, int epochs, boolean resume) throws IOException {
        return train(dir, epochs, resume, false);
    }

    /**
     * @param throughDjl whether the splits are read as DJL data sets ({@link EventFramesDataset})
     *     instead of {@link Batches}
     */
    private static TrainingOutcome train(Path dir, int epochs, boolean resume, boolean throughDjl)
            throws IOException {
        TrainingConfig config = TrainingConfig.defaults(epochs, 3).withBatchSize(64);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            RunDirectory run = resume ? RunDirectory.open(dir) : RunDirectory.create(dir);
            if (!resume) {
                Files.writeString(run.config(), "{}");
            }
            List<TrainingData> data = new ArrayList<>();
            for (EventDataset split : List.of(splits.train(), splits.validation(), splits.test())) {
                data.add(
                        throughDjl
                                ? TrainingData.of(
                                        EventFramesDataset.builder()
                                                .setData(split)
                                                .setFrames(frames)
                                                .setSampling(64, false)
                                                .build(),
                                        split.numClasses(),
                                        manager)
                                : new Batches(split, frames));
            }
            return new SnnTrainer(config, run, manager)
                    .fit(spec(), data.get(0), data.get(1), data.get(2), resume);
        }
    }

    @Test
    void aDjlDatasetTrainsAsTheEventBatchesDo(@TempDir Path dir) throws IOException {
        TrainingOutcome batches = train(dir.resolve("batches"), 2, false, false);
        TrainingOutcome djl = train(dir.resolve("djl"), 2, false, true);
        assertEquals(batches.testAccuracy(), djl.testAccuracy());
        assertEquals(batches.testLoss(), djl.testLoss(), 1e-6);
        assertArrayEquals(
                column(dir.resolve("batches").resolve("metrics.csv"), 1),
                column(dir.resolve("djl").resolve("metrics.csv"), 1));
    }

    @Test
    void trainingLearnsAndWritesTheRunFolder(@TempDir Path dir) throws IOException {
        TrainingOutcome outcome = train(dir.resolve("run"), 4, false);
        // 20 classes: chance is 5 %
        assertTrue(outcome.testAccuracy() > 0.3, "test accuracy " + outcome.testAccuracy());
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        assertTrue(Files.isRegularFile(run.bestNetwork()));
        assertTrue(Files.isRegularFile(run.lastCheckpoint()));
        List<String> csv = Files.readAllLines(run.metricsCsv());
        assertEquals(5, csv.size());
        assertTrue(csv.get(0).startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy"));
        String json = Files.readString(run.metricsJson());
        for (String key :
                List.of("test_accuracy", "best_val_accuracy", "train_seconds", "epochs")) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        try (Stream<Path> files = Files.list(run.root().resolve("checkpoints"))) {
            assertTrue(
                    files.noneMatch(p -> p.toString().endsWith(".tmp")),
                    "temporary files left behind");
        }
        assertThrows(IOException.class, () -> RunDirectory.create(dir.resolve("run")));
    }

    @Test
    void aResumedRunEndsWithTheSameMetricsAsAnUninterruptedOne(@TempDir Path dir)
            throws IOException {
        TrainingOutcome whole = train(dir.resolve("whole"), 2, false);
        train(dir.resolve("split"), 1, false); // "killed" after epoch 1
        TrainingOutcome resumed = train(dir.resolve("split"), 2, true);
        assertEquals(whole.testAccuracy(), resumed.testAccuracy());
        assertEquals(whole.bestValAccuracy(), resumed.bestValAccuracy());
        assertEquals(whole.testLoss(), resumed.testLoss(), 1e-9);
        assertEquals(2, resumed.epochs());
        assertArrayEquals(
                column(dir.resolve("whole").resolve("metrics.csv"), 1),
                column(dir.resolve("split").resolve("metrics.csv"), 1));
    }

    private static String[] column(Path csv, int index) throws IOException {
        return Files.readAllLines(csv).stream()
                .skip(1)
                .map(l -> l.split(",")[index])
                .toArray(String[]::new);
    }

    @Test
    void sameSeedGivesTheSameNetwork(@TempDir Path dir) throws IOException {
        train(dir.resolve("a"), 1, false);
        train(dir.resolve("b"), 1, false);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            SpikingNetwork a =
                    SpikingNetwork.load(dir.resolve("a/checkpoints/best.spikeshift"), manager);
            SpikingNetwork b =
                    SpikingNetwork.load(dir.resolve("b/checkpoints/best.spikeshift"), manager);
            assertArrayEquals(
                    a.layers()
                            .get(0)
                            .projection()
                            .getParameters()
                            .get("weight")
                            .getArray()
                            .toFloatArray(),
                    b.layers()
                            .get(0)
                            .projection()
                            .getParameters()
                            .get("weight")
                            .getArray()
                            .toFloatArray());
        }
    }
}
