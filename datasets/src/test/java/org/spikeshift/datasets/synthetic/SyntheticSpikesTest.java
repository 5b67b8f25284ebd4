package org.spikeshift.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;

class SyntheticSpikesTest {

    @Test
    void sameSeedSameEventsOtherSeedOtherEvents() {
        EventSample a = new SyntheticSpikes(3).generate("g", 5, 1).samples().get(4);
        EventSample b = new SyntheticSpikes(3).generate("g", 5, 1).samples().get(4);
        EventSample c = new SyntheticSpikes(4).generate("g", 5, 1).samples().get(4);
        assertArrayEquals(a.timesUs(), b.timesUs());
        assertArrayEquals(a.channels(), b.channels());
        assertNotEquals(a.size(), c.size());
    }

    @Test
    void shapedLikeShd() {
        EventDataset d = new SyntheticSpikes(1).generate("g", 40, 1);
        assertEquals(700, d.numChannels());
        assertEquals(20, d.numClasses());
        for (EventSample s : d.samples()) {
            assertTrue(s.durationUs() <= SyntheticSpikes.DURATION_US);
            assertTrue(s.size() > 1000, "events per sample " + s.size());
            for (int c : s.channels()) {
                assertTrue(c >= 0 && c < 700);
            }
        }
    }

    @Test
    void classesWithTheSameBandsDifferOnlyInTiming() {
        // per-channel counts over the whole recording are close for some pairs of classes
        EventDataset d = new SyntheticSpikes(1).generate("g", 20 * 30, 1);
        double[][] rates = new double[20][70];
        for (EventSample s : d.samples()) {
            for (int c : s.channels()) {
                rates[s.label()][c / 10] += 1.0 / 30;
            }
        }
        double minDistance = Double.MAX_VALUE;
        double norm = 0;
        for (int i = 0; i < 20; i++) {
            for (double r : rates[i]) {
                norm += r * r / 20;
            }
            for (int j = i + 1; j < 20; j++) {
                double dist = 0;
                for (int k = 0; k < 70; k++) {
                    dist += (rates[i][k] - rates[j][k]) * (rates[i][k] - rates[j][k]);
                }
                minDistance = Math.min(minDistance, dist);
            }
        }
        assertTrue(
                minDistance < 0.05 * norm,
                "some classes must share their rate profile: " + minDistance + " vs " + norm);
    }

    @Test
    void validationIsCarvedFromTrainStratifiedAndSeeded() {
        DataSplits a = SyntheticSpikes.defaultSplits(7);
        DataSplits b = SyntheticSpikes.defaultSplits(7);
        assertEquals(1800, a.train().size());
        assertEquals(200, a.validation().size());
        assertEquals(500, a.test().size());
        int[] perClass = new int[20];
        for (EventSample s : a.validation().samples()) {
            perClass[s.label()]++;
        }
        for (int n : perClass) {
            assertEquals(10, n);
        }
        assertArrayEquals(
                a.validation().samples().get(3).timesUs(),
                b.validation().samples().get(3).timesUs());
    }
}
