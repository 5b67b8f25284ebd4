package org.spikeshift.experiments.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.core.surrogate.Surrogate;
import org.spikeshift.datasets.catalog.DataRequest;
import org.spikeshift.datasets.catalog.DatasetKind;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.training.TrainingConfig;

class RunWarningsTest {

    private static RunConfig config(double binMs, float lr) {
        TrainingConfig t = TrainingConfig.defaults(1, 1);
        t =
                new TrainingConfig(
                        t.epochs(),
                        t.batchSize(),
                        lr,
                        t.optimizer(),
                        t.weightDecay(),
                        t.schedule(),
                        t.plateauFactor(),
                        t.plateauPatience(),
                        t.clipNorm(),
                        t.rateRegularization(),
                        t.earlyStopPatience(),
                        t.loss(),
                        t.seed(),
                        t.timeLoop());
        return new RunConfig(
                new DataRequest(DatasetKind.NMNIST, Path.of("."), 1, "mel", 0.1, 0, 1),
                FrameMode.SUM,
                binMs,
                NeuronKind.ADLIF,
                new int[] {8},
                0.1f,
                Surrogate.BOXCAR,
                NeuronRanges.SPARCH_V2,
                0,
                t,
                null,
                null,
                null,
                null,
                null,
                0);
    }

    private static LoadedData data(int channels, boolean silentOne, boolean lateOne) {
        List<EventSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(new EventSample(new int[] {0, 300_000}, new int[] {0, 0}, i % 2));
        }
        if (silentOne) {
            samples.add(new EventSample(new int[0], new int[0], 0));
        }
        if (lateOne) {
            samples.add(new EventSample(new int[] {0, 8_390_000}, new int[] {0, 0}, 1));
        }
        EventDataset train = new EventDataset("x", channels, List.of("a", "b"), samples);
        EventDataset test =
                new EventDataset("x", channels, List.of("a", "b"), samples.subList(0, 4));
        long window = lateOne ? 8_390_001 : 300_001;
        return new LoadedData(new DataSplits(train, test, test, window), FrameMode.SUM);
    }

    @Test
    void sensibleSettingsGiveNoWarning() {
        assertEquals(List.of(), RunWarnings.of(config(10, 0.01f), data(700, false, false)));
    }

    @Test
    void likelyMistakesGetOneLineEach() {
        assertTrue(
                RunWarnings.of(config(1e9, 0.01f), data(700, false, false))
                        .get(0)
                        .contains("one time step"));
        assertTrue(
                RunWarnings.of(config(10, 1e6f), data(700, false, false)).get(0).contains("--lr"));
        assertTrue(
                RunWarnings.of(config(10, 0.01f), data(1, false, false))
                        .get(0)
                        .contains("1 channel"));
        List<String> data = RunWarnings.of(config(10, 0.01f), data(700, true, true));
        assertEquals(2, data.size(), data.toString());
        assertEquals("1 recording has no events", data.get(0));
        assertTrue(
                data.get(1).contains("8390 ms") && data.get(1).contains("--window-ms 301"),
                data.get(1));
    }
}
