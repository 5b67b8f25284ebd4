package org.spikeshift.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeshift.datasets.event.EventSample;

class BinningTest {

    private static final EventSample SAMPLE =
            new EventSample(new int[] {0, 999, 1000, 1000, 2999, 3000}, new int[] {0, 1, 1, 1, 0, 1}, 0);

    @Test
    void binsAreHalfOpenAndEventsPastTheEndAreDropped() {
        float[] frames = new float[3 * 2];
        Binning.fill(SAMPLE, 1000, 3, 2, FrameMode.SUM, frames, 0);
        // t=0 -> bin 0, t=999 -> bin 0, t=1000 -> bin 1 (twice), t=2999 -> bin 2, t=3000 dropped
        assertArrayEquals(new float[] {1, 1, 0, 2, 1, 0}, frames);
        float[] binary = new float[6];
        Binning.fill(SAMPLE, 1000, 3, 2, FrameMode.BINARY, binary, 0);
        assertArrayEquals(new float[] {1, 1, 0, 1, 1, 0}, binary);
    }

    @ParameterizedTest
    @CsvSource({"1000000, 10000, 100", "1000000, 3000, 334", "300000, 1000, 300", "1, 2500, 1"})
    void stepsCoverTheDuration(long duration, double binUs, int steps) {
        assertEquals(steps, Binning.steps(duration, binUs));
    }

    @Test
    void nonIntegerBinWidthsBinFromRawTimes() {
        float[] frames = new float[4 * 2];
        Binning.fill(SAMPLE, 750, 4, 2, FrameMode.SUM, frames, 0);
        // 0,999 -> bins 0,1; 1000 -> bin 1; 2999 -> bin 3
        assertArrayEquals(new float[] {1, 0, 0, 3, 0, 0, 1, 0}, frames);
    }

    @Test
    void transformsReturnNewArraysAndCompose() {
        int[] channels = {0, 699, 350};
        EventSample s = new EventSample(new int[] {5, 10, 20}, channels, 2);
        EventTransform t = EventTransform.compose(new CropTime(8, 30), new DownsampleChannels(5));
        EventSample out = t.apply(s);
        assertArrayEquals(new int[] {2, 12}, out.timesUs());
        assertArrayEquals(new int[] {139, 70}, out.channels());
        assertArrayEquals(new int[] {0, 699, 350}, channels, "input must not change");
        assertEquals(140, new DownsampleChannels(5).channelsAfter(700));
        assertThrows(IllegalArgumentException.class, () -> new DownsampleChannels(0));
        assertThrows(IllegalArgumentException.class, () -> new CropTime(5, 5));
    }

    @Test
    void channelsOutsideTheFramesAreAnError() {
        EventSample bad = new EventSample(new int[] {1}, new int[] {9}, 0);
        assertThrows(IllegalArgumentException.class, () -> Binning.fill(bad, 10, 1, 4, FrameMode.SUM, new float[4], 0));
    }

    @Test
    void batcherPlacesSamplesInBatchOrder() {
        EventSample a = new EventSample(new int[] {0}, new int[] {0}, 0);
        EventSample b = new EventSample(new int[] {0}, new int[] {1}, 1);
        float[] frames = FrameBatcher.frames(List.of(a, b), new int[] {1, 0}, FrameSpec.of(1, 1000, 2, FrameMode.SUM, null));
        assertArrayEquals(new float[] {0, 1, 1, 0}, frames);
    }

    @Test
    void lengthsCountTheStepsUpToTheLastEvent() {
        FrameSpec spec = FrameSpec.of(1, 10_000, 2, FrameMode.SUM, null);
        assertEquals(4, spec.length(SAMPLE)); // the last event, at 3000 us, is in bin 3
        assertEquals(0, spec.length(new EventSample(new int[0], new int[0], 0)));
        assertEquals(2, FrameSpec.of(1, 2000, 2, FrameMode.SUM, null).length(SAMPLE)); // capped at the window
    }
}
