package org.spikeshift.datasets.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.datasets.SharedData;
import org.spikeshift.datasets.event.EventSample;

class FormatReadersTest {

    private final NmnistBinReader nmnist = new NmnistBinReader(34, 34);

    @Test
    void nmnistEventsRoundTripThroughTheFortyBitFormat() throws IOException {
        int[] x = {0, 33, 5};
        int[] y = {0, 33, 17};
        int[] p = {1, 0, 1};
        int[] t = {0, 8_388_607, 123_456}; // 23-bit maximum included
        byte[] bytes = nmnist.encode(x, y, p, t);
        EventSample s = nmnist.read(new ByteArrayInputStream(bytes), 3, "fixture");
        assertArrayEquals(t, s.timesUs());
        assertArrayEquals(new int[] {34 * 34, 33 * 34 + 33, 34 * 34 + 17 * 34 + 5}, s.channels());
        assertEquals(3, s.label());
    }

    @Test
    void truncatedEventFilesAreRejectedWithTheirName() {
        byte[] bytes =
                Arrays.copyOf(
                        nmnist.encode(new int[] {1}, new int[] {1}, new int[] {0}, new int[] {5}),
                        7);
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> nmnist.read(new ByteArrayInputStream(bytes), 0, "a/b.bin"));
        assertTrue(
                e.getMessage().startsWith("a/b.bin") && e.getMessage().contains("multiple of 5"),
                e.getMessage());
        byte[] outside = nmnist.encode(new int[] {40}, new int[] {1}, new int[] {0}, new int[] {5});
        assertThrows(
                IOException.class, () -> nmnist.read(new ByteArrayInputStream(outside), 0, "x"));
    }

    @Test
    void allRealNmnistRecordingsDecodeWithinTheSensor() throws IOException {
        Path root = SharedData.require("nmnist-small/Train");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(f -> f.toString().endsWith(".bin")).toList();
        }
        assertEquals(1000, files.size());
        long maxTime = 0;
        for (Path f : files) {
            EventSample s = nmnist.read(f, 0);
            assertTrue(s.size() > 100, f + " has " + s.size() + " events");
            for (int c : s.channels()) {
                assertTrue(c >= 0 && c < 2 * 34 * 34);
            }
            maxTime = Math.max(maxTime, s.durationUs());
        }
        assertTrue(
                maxTime > 250_000 && maxTime < 400_000, "recordings last ~300 ms, got " + maxTime);
    }

    @Test
    void wavPcm16RoundTripsAndResamples() throws IOException {
        float[] tone = new float[800];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        WavReader.Audio a = WavReader.read(WavReader.encodePcm16(tone, 8000), "tone.wav");
        assertEquals(8000, a.sampleRate());
        assertEquals(800, a.samples().length);
        assertEquals(tone[17], a.samples()[17], 1e-4);
        WavReader.Audio up = WavReader.resample(a, 16000);
        assertEquals(1600, up.samples().length);
        assertEquals(a.samples()[10], up.samples()[20], 1e-6);
    }

    private static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    private static WavReader.Audio tone(double hz, int rate, double seconds) {
        float[] x = new float[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return new WavReader.Audio(x, rate);
    }

    @Test
    void downsamplingKeepsTheBandAndRemovesWhatTheNewRateCannotHold() {
        // 48 kHz to 8 kHz (Nyquist 4 kHz): a 1 kHz tone stays, a 7 kHz tone would alias to 1 kHz
        WavReader.Audio inBand = WavReader.resample(tone(1000, 48000, 0.5), 8000);
        WavReader.Audio outOfBand = WavReader.resample(tone(7000, 48000, 0.5), 8000);
        assertEquals(4000, inBand.samples().length);
        double kept = rms(inBand.samples(), 200, 3800); // away from the edges
        double aliased = rms(outOfBand.samples(), 200, 3800);
        assertEquals(Math.sqrt(0.5), kept, 0.02, "in-band tone keeps its amplitude");
        assertTrue(aliased < 0.02, "out-of-band tone removed, not folded back: rms " + aliased);
    }

    @Test
    void unsupportedOrBrokenWavFilesAreRejected() {
        byte[] wav = WavReader.encodePcm16(new float[10], 8000);
        ByteBuffer.wrap(wav)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort(20, (short) 2); // ADPCM
        IOException e = assertThrows(IOException.class, () -> WavReader.read(wav, "adpcm.wav"));
        assertTrue(
                e.getMessage().contains("adpcm.wav") && e.getMessage().contains("unsupported"),
                e.getMessage());
        assertThrows(IOException.class, () -> WavReader.read("not a wav".getBytes(), "x.wav"));
        for (int cut : new int[] {20, 24, 36}) { // header cut inside the fmt chunk
            byte[] head = java.util.Arrays.copyOf(wav, cut);
            IOException t =
                    assertThrows(IOException.class, () -> WavReader.read(head, "short.wav"));
            assertTrue(t.getMessage().startsWith("short.wav: "), t.getMessage());
        }
    }

    @Test
    void allRealFsddRecordingsDecode() throws IOException {
        Path root = SharedData.require("fsdd/recordings");
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(f -> f.toString().endsWith(".wav")).toList();
        }
        assertEquals(2500, files.size());
        for (Path f : files) {
            WavReader.Audio a = WavReader.read(f);
            assertEquals(8000, a.sampleRate());
            assertTrue(
                    a.durationSeconds() > 0.1 && a.durationSeconds() < 2.5,
                    f + " " + a.durationSeconds());
        }
    }

    @Test
    void realMnistIdxFilesDecode() throws IOException {
        Path root = SharedData.require("mnist-digits");
        IdxReader.Images images = IdxReader.readImages(root.resolve("images-idx3-ubyte"));
        int[] labels = IdxReader.readLabels(root.resolve("labels-idx1-ubyte"));
        assertEquals(10_000, images.images().length);
        assertEquals(10_000, labels.length);
        assertEquals(28, images.rows());
        assertTrue(Arrays.stream(labels).allMatch(l -> l >= 0 && l <= 9));
        float max = 0;
        for (float v : images.images()[0]) {
            max = Math.max(max, v);
        }
        assertTrue(max > 0.5f && max <= 1f);
    }

    @Test
    void idxFilesWithTheWrongMagicOrTruncatedAreRejected() {
        byte[] bad = {0, 0, 8, 1, 0, 0, 0, 5};
        assertThrows(
                IOException.class, () -> IdxReader.readImages(new ByteArrayInputStream(bad), "x"));
        byte[] truncated = {0, 0, 8, 1, 0, 0, 0, 5, 1, 2};
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> IdxReader.readLabels(new ByteArrayInputStream(truncated), "l.idx"));
        assertTrue(e.getMessage().contains("truncated"));
    }

    @Test
    void shdHdf5FixtureReads(@TempDir Path dir) throws IOException {
        Path fixture = Path.of("src/test/resources/shd_fixture.h5");
        ShdHdf5Reader.Contents c = ShdHdf5Reader.read(fixture, 700);
        assertEquals(3, c.samples().size());
        assertEquals(20, c.numClasses());
        EventSample s = c.samples().get(1);
        assertArrayEquals(new int[] {0, 699, 350}, s.channels());
        // float16 seconds -> microseconds
        assertEquals(500_000, s.timesUs()[1], 300);
        Path notHdf = dir.resolve("x.h5");
        Files.writeString(notHdf, "plain text");
        IOException e = assertThrows(IOException.class, () -> ShdHdf5Reader.read(notHdf, 700));
        assertTrue(e.getMessage().startsWith(notHdf.toString()), e.getMessage());
        IOException missing =
                assertThrows(
                        IOException.class,
                        () ->
                                ShdHdf5Reader.read(
                                        Path.of("src/test/resources/shd_no_labels.h5"), 700));
        assertTrue(missing.getMessage().contains("labels"), missing.getMessage());
    }

    @Test
    void writtenShdFilesReadBackExactly(@TempDir Path dir) throws IOException {
        List<EventSample> samples =
                List.of(
                        new EventSample(new int[] {0, 1500, 999_999}, new int[] {0, 699, 12}, 4),
                        new EventSample(new int[0], new int[0], 0),
                        new EventSample(new int[] {250}, new int[] {1000}, 7));
        Path file = dir.resolve("shd_train.h5");
        ShdHdf5Writer.write(file, samples);
        ShdHdf5Reader.Contents c = ShdHdf5Reader.read(file, 1 << 16);
        assertEquals(3, c.samples().size());
        assertEquals(8, c.numClasses());
        assertEquals(1001, c.numChannels());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(samples.get(i).channels(), c.samples().get(i).channels());
            assertArrayEquals(samples.get(i).timesUs(), c.samples().get(i).timesUs());
            assertEquals(samples.get(i).label(), c.samples().get(i).label());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file may remain");
        }
    }
}
