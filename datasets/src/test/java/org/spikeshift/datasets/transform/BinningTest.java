package org.spikeshift.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.rebin.MaxPoolBin;
import org.spikeshift.datasets.synthetic.SyntheticSpikes;

class BinningTest {

    private static final EventSample SAMPLE =
            new EventSample(
                    new int[] {0, 999, 1000, 1000, 2999, 3000}, new int[] {0, 1, 1, 1, 0, 1}, 0);

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
        assertThrows(
                IllegalArgumentException.class,
                () -> Binning.fill(bad, 10, 1, 4, FrameMode.SUM, new float[4], 0));
    }

    @Test
    void maxIsTheHighestCountInAMillisecondSubBin() {
        // channel 1: two events in ms 1 of bin 0, three in ms 2 (also bin 0); channel 0: one each
        // in ms 0, 3
        EventSample s =
                new EventSample(
                        new int[] {0, 1100, 1900, 2000, 2500, 2999, 3500},
                        new int[] {0, 1, 1, 1, 1, 1, 0},
                        0);
        float[] max = new float[2 * 2];
        Binning.fill(s, 3000, 2, 2, FrameMode.MAX, max, 0);
        assertArrayEquals(new float[] {1, 3, 1, 0}, max);
        float[] sum = new float[2 * 2];
        Binning.fill(s, 3000, 2, 2, FrameMode.SUM, sum, 0);
        assertArrayEquals(new float[] {1, 5, 1, 0}, sum);
    }

    @Test
    void maxFramesEqualMaxPooledMillisecondCounts() {
        EventSample s = new SyntheticSpikes(3).generate("g", 1, 1).samples().get(0);
        float[] fine = new float[1000 * 700];
        Binning.fill(s, 1000, 1000, 700, FrameMode.SUM, fine, 0);
        float[] pooled = new MaxPoolBin(10).apply(fine, 1, 1000, 700);
        float[] direct = new float[100 * 700];
        Binning.fill(s, 10_000, 100, 700, FrameMode.MAX, direct, 0);
        assertArrayEquals(pooled, direct);
        float total = 0;
        for (float v : direct) {
            total += v;
        }
        assertTrue(total > 100, "the sample must have events: " + total);
    }

    @Test
    void binnedFramesExpandSamplesInBatchOrderWithLabelsAndLengths() {
        EventSample a = new EventSample(new int[] {0, 0, 2500}, new int[] {0, 0, 1}, 0);
        EventSample b = new EventSample(new int[] {0}, new int[] {1}, 1);
        BinnedFrames binned =
                BinnedFrames.bin(List.of(a, b), FrameSpec.of(1, 4000, 2, FrameMode.SUM, null));
        assertArrayEquals(
                new float[] {0, 1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0},
                binned.dense(new int[] {1, 0}));
        assertArrayEquals(new int[] {1, 0}, binned.labels(new int[] {1, 0}));
        assertArrayEquals(new int[] {1, 3}, binned.lengths(new int[] {1, 0}));
    }

    @Test
    void storedFramesEqualTheFramesInMemoryAndRejectAMismatchOrDamage(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        FrameSpec spec =
                FrameSpec.of(
                        7.5,
                        SyntheticSpikes.DURATION_US,
                        140,
                        FrameMode.MAX,
                        new DownsampleChannels(5));
        var samples = new SyntheticSpikes(4).generate("g", 6, 1).samples();
        BinnedFrames binned = BinnedFrames.bin(samples, spec);
        java.nio.file.Path file = dir.resolve("g.frames");
        BinnedFrames stored = BinnedFrames.store(samples, spec, file);
        int[] some = {5, 0, 3, 3};
        assertArrayEquals(binned.dense(some), stored.dense(some));
        float[] frames = new float[some.length * spec.steps() * spec.channels()];
        var active = stored.scatter(some, java.nio.FloatBuffer.wrap(frames));
        assertArrayEquals(binned.dense(some), frames);
        int n = 0;
        for (int r = 0; r < active.rows(); r++) { // the index lists every non-zero, row by row
            for (int c = 0; c < spec.channels(); c++) {
                float v = frames[r * spec.channels() + c];
                if (v != 0) {
                    assertEquals(c, active.columns()[n]);
                    assertEquals(v, active.values()[n++]);
                }
            }
            assertEquals(n, active.rowStarts()[r + 1]);
        }
        assertEquals(n, active.columns().length);
        assertArrayEquals(binned.lengths(some), stored.lengths(some));
        assertArrayEquals(binned.labels(some), stored.labels(some));
        assertArrayEquals(binned.dense(some), BinnedFrames.open(file, spec).dense(some));
        FrameSpec other = FrameSpec.of(10, SyntheticSpikes.DURATION_US, 140, FrameMode.MAX, null);
        assertThrows(java.io.IOException.class, () -> BinnedFrames.open(file, other));
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThrows(java.io.IOException.class, () -> BinnedFrames.open(file, spec));
    }

    @Test
    void lengthsCountTheStepsUpToTheLastEvent() {
        FrameSpec spec = FrameSpec.of(1, 10_000, 2, FrameMode.SUM, null);
        assertEquals(4, spec.length(SAMPLE)); // the last event, at 3000 us, is in bin 3
        assertEquals(0, spec.length(new EventSample(new int[0], new int[0], 0)));
        assertEquals(
                2,
                FrameSpec.of(1, 2000, 2, FrameMode.SUM, null)
                        .length(SAMPLE)); // capped at the window
    }
}
