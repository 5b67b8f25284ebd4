package org.spikeshift.experiments.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.transform.FrameMode;

class LoadedDataTest {

    private static LoadedData data() {
        List<EventSample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(
                    new EventSample(
                            new int[] {i}, new int[] {0}, i < 40 ? 0 : 1)); // 40 and 20 per class
        }
        EventDataset train = new EventDataset("x", 2, List.of("a", "b"), samples);
        EventDataset test = new EventDataset("x", 2, List.of("a", "b"), samples.subList(0, 5));
        return new LoadedData(new DataSplits(train, test, test, 100), FrameMode.SUM);
    }

    @Test
    void aTrainFractionIsAStratifiedSeededSubsetOfTheTrainingSplitOnly() {
        LoadedData all = data();
        LoadedData tenth = all.withTrainFraction(0.1, 42);
        assertEquals(6, tenth.splits().train().size());
        assertEquals(
                4, tenth.splits().train().samples().stream().filter(s -> s.label() == 0).count());
        assertEquals(
                2, tenth.splits().train().samples().stream().filter(s -> s.label() == 1).count());
        assertSame(all.splits().test(), tenth.splits().test());
        assertEquals(
                tenth.splits().train().fingerprint(),
                all.withTrainFraction(0.1, 42).splits().train().fingerprint(),
                "the same seed draws the same recordings");
        assertSame(all, all.withTrainFraction(1, 42));
    }
}
