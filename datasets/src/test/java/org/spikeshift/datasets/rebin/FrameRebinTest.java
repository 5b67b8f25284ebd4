package org.spikeshift.datasets.rebin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.transform.Binning;
import org.spikeshift.datasets.transform.FrameMode;

class FrameRebinTest {

    // batch 1, 5 steps, 1 channel
    private static final float[] FINE = {1, 2, 0, 3, 1};

    @Test
    void fineToCoarseMerges() {
        assertArrayEquals(new float[] {3, 3, 1}, new SumBin(2).apply(FINE, 1, 5, 1));
        assertArrayEquals(new float[] {1, 1, 1}, new BinaryBin(2).apply(FINE, 1, 5, 1));
        assertArrayEquals(new float[] {2, 3, 1}, new MaxPoolBin(2).apply(FINE, 1, 5, 1));
        assertEquals(3, new SumBin(2).stepsAfter(5));
    }

    @Test
    void coarseToFineExpands() {
        float[] coarse = {4, 5};
        assertArrayEquals(new float[] {4, 0, 0, 5, 0, 0}, new PadZeros(3).apply(coarse, 1, 2, 1));
        assertArrayEquals(
                new float[] {4, 4, 4, 5, 5, 5}, new RepeatElements(3).apply(coarse, 1, 2, 1));
    }

    @Test
    void sumBinningFineFramesEqualsBinningCoarseFromEvents() {
        EventSample s =
                new EventSample(new int[] {0, 999, 1500, 2100, 5999}, new int[] {0, 1, 1, 0, 1}, 0);
        float[] fine = new float[6 * 2];
        Binning.fill(s, 1000, 6, 2, FrameMode.SUM, fine, 0);
        float[] coarse = new float[2 * 2];
        Binning.fill(s, 3000, 2, 2, FrameMode.SUM, coarse, 0);
        assertArrayEquals(coarse, new SumBin(3).apply(fine, 1, 6, 2));
    }

    @Test
    void batchesStayApartAndIdsAreStable() {
        float[] two = {1, 1, 2, 2}; // batch 2 x 2 steps x 1 channel
        assertArrayEquals(new float[] {2, 4}, new SumBin(2).apply(two, 2, 2, 1));
        assertEquals("sum-bin", new SumBin(2).id());
        assertEquals("max-pool-bin", new MaxPoolBin(2).id());
        assertEquals("repeat-elements", new RepeatElements(2).id());
    }
}
