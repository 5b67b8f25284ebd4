package org.spikeshift.datasets.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.datasets.SharedData;
import org.spikeshift.datasets.encode.CochleaEncoder;
import org.spikeshift.datasets.encode.MelDeltaEncoder;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.event.StoredSamples;
import org.spikeshift.datasets.format.NmnistBinReader;
import org.spikeshift.datasets.format.WavReader;
import org.spikeshift.datasets.synthetic.SyntheticSpikes;
import org.spikeshift.datasets.transform.BinnedFrames;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.datasets.transform.FrameSpec;

class CatalogTest {

    private static DataRequest request(DatasetKind kind, Path dir) {
        return new DataRequest(kind, dir, 1, "mel", 0.1, 0, 1);
    }

    @Test
    void realNmnistSplitsNineHundredToOneHundredStratified() throws IOException {
        Path dir = SharedData.require("nmnist-small");
        DataSplits s = DatasetCatalog.load(request(DatasetKind.NMNIST, dir));
        assertEquals(1000, s.train().size() + s.validation().size() + s.test().size());
        assertTrue(Math.abs(s.test().size() - 100) <= 5, "test " + s.test().size());
        assertEquals(2 * 34 * 34, s.numChannels());
        assertEquals(10, s.numClasses());
        assertTrue(s.durationUs() > 250_000 && s.durationUs() < 400_000);
    }

    @Test
    void realFsddFollowsTheIndexConvention(@TempDir Path cache) throws IOException {
        Path dir = SharedData.require("fsdd");
        DataSplits s = DatasetCatalog.load(request(DatasetKind.FSDD, dir));
        assertEquals(250, s.test().size()); // indices 0-4 of 5 speakers x 10 digits
        assertEquals(2250, s.train().size() + s.validation().size());
        assertEquals(40, s.numChannels());
        double events =
                s.train().samples().stream().mapToInt(EventSample::size).average().orElse(0);
        assertTrue(events > 50, "mean events per recording " + events);
    }

    /**
     * {@code perClass} two-event N-MNIST recordings for each of {@code classes} in {@code split}.
     */
    private static void writeRecordings(Path dir, String split, int classes, int perClass)
            throws IOException {
        NmnistBinReader w = new NmnistBinReader(34, 34);
        for (int c = 0; c < classes; c++) {
            Path d = Files.createDirectories(dir.resolve(split).resolve(Integer.toString(c)));
            for (int i = 0; i < perClass; i++) {
                Files.write(
                        d.resolve(i + ".bin"),
                        w.encode(
                                new int[] {c, 3},
                                new int[] {1, 2},
                                new int[] {1, 0},
                                new int[] {i, 1000 + i}));
            }
        }
    }

    @Test
    void eventFolderFixtureInTheOfficialLayout(@TempDir Path dir) throws IOException {
        writeRecordings(dir, "Train", 2, 10);
        writeRecordings(dir, "Test", 2, 10);
        DataSplits s = DatasetCatalog.load(request(DatasetKind.NMNIST, dir));
        assertEquals(20, s.test().size());
        assertEquals(18, s.train().size());
        assertEquals(2, s.validation().size());
    }

    @Test
    void theOfficialTestFolderAloneIsTheTestSplit(@TempDir Path dir) throws IOException {
        writeRecordings(dir, "Test", 3, 4);
        DataSplits s = DatasetCatalog.load(request(DatasetKind.NMNIST, dir));
        assertEquals(12, s.test().size());
        assertEquals(0, s.train().size());
        assertEquals(0, s.validation().size());
        assertEquals(3, s.numClasses());
        assertEquals(
                2,
                s.test().samples().stream()
                        .filter(x -> x.label() == 2)
                        .findFirst()
                        .orElseThrow()
                        .size());
    }

    @Test
    void ncaltech101ReadsBothLayoutsOnItsLargerSensor(@TempDir Path dir) throws IOException {
        NmnistBinReader w = new NmnistBinReader(240, 180);
        List<String> categories = List.of("accordion", "airplanes", "Faces_easy");
        Path published = dir.resolve("published").resolve("Caltech101");
        for (int c = 0; c < categories.size(); c++) {
            for (String root : List.of("published/Caltech101", "split/Train", "split/Test")) {
                Path d = Files.createDirectories(dir.resolve(root).resolve(categories.get(c)));
                for (int i = 1; i <= 10; i++) {
                    // corners of the 240 x 180 sensor, both polarities
                    Files.write(
                            d.resolve(String.format("image_%04d.bin", i)),
                            w.encode(
                                    new int[] {239, c},
                                    new int[] {179, 0},
                                    new int[] {1, 0},
                                    new int[] {10 * i, 300_000 + i}));
                }
            }
        }
        DataSplits carved =
                DatasetCatalog.load(request(DatasetKind.NCALTECH101, published.getParent()));
        assertEquals(List.of("Faces_easy", "accordion", "airplanes"), carved.train().classes());
        assertEquals(3, carved.test().size(), "a seeded 10 % test split per class");
        assertEquals(27, carved.train().size() + carved.validation().size());
        assertEquals(2 * 240 * 180, carved.numChannels());
        EventSample first = carved.train().samples().get(0);
        assertEquals(240 * 180 + 179 * 240 + 239, first.channels()[0], "ON event at (239, 179)");
        DataSplits split =
                DatasetCatalog.load(request(DatasetKind.NCALTECH101, dir.resolve("split")));
        assertEquals(30, split.test().size());
        assertEquals(300_011, split.durationUs());
        Files.write(
                dir.resolve("split/Test/accordion/image_0001.bin"), new byte[] {0, 0, 0, 0, 0, 0});
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                DatasetCatalog.load(
                                        request(DatasetKind.NCALTECH101, dir.resolve("split"))));
        assertTrue(
                e.getMessage().contains("image_0001.bin")
                        && e.getMessage().contains("multiple of 5"),
                e.getMessage());
    }

    @Test
    void missingOrEmptyFoldersAndSplitFilesGiveClearErrors(@TempDir Path dir) throws IOException {
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> DatasetCatalog.load(request(DatasetKind.NMNIST, dir)));
        assertTrue(e.getMessage().contains("Train"), e.getMessage());
        IOException m =
                assertThrows(
                        IOException.class,
                        () -> DatasetCatalog.load(request(DatasetKind.MSWC, dir)));
        assertTrue(m.getMessage().contains("train split file"), m.getMessage());
        IOException h =
                assertThrows(
                        IOException.class,
                        () -> DatasetCatalog.load(request(DatasetKind.SHD, dir)));
        assertTrue(h.getMessage().contains("shd_train.h5"), h.getMessage());
        Files.createDirectories(dir.resolve("a"));
        IOException w =
                assertThrows(
                        IOException.class,
                        () -> DatasetCatalog.load(request(DatasetKind.WAV_FOLDER, dir)));
        assertTrue(w.getMessage().contains(".wav"), w.getMessage());
    }

    @Test
    void mswcCsvSplitsAndWavFolders(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("clips/en"));
        StringBuilder train = new StringBuilder("path,WORD,lang\n");
        StringBuilder test = new StringBuilder("path,WORD,lang\n");
        for (int i = 0; i < 6; i++) {
            for (String word : List.of("yes", "no")) {
                String name = "en/" + word + i + ".wav";
                Files.write(
                        dir.resolve("clips").resolve(name),
                        WavReader.encodePcm16(tone(word.equals("yes") ? 300 : 900), 16000));
                (i < 4 ? train : test).append(name).append(',').append(word).append(",en\n");
            }
        }
        Files.writeString(dir.resolve("en_train.csv"), train);
        Files.writeString(dir.resolve("en_test.csv"), test);
        DataSplits s = DatasetCatalog.load(request(DatasetKind.MSWC, dir));
        assertEquals(List.of("no", "yes"), s.train().classes());
        assertEquals(4, s.test().size());
        Files.writeString(dir.resolve("en_test.csv"), "path,WORD,lang\nen/yes0.wav,maybe,en\n");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> DatasetCatalog.load(request(DatasetKind.MSWC, dir)));
        assertTrue(e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void theAudioCacheFollowsEveryFilesContentAndLabel(@TempDir Path dir) throws IOException {
        for (String split : List.of("train", "test")) {
            for (String word : List.of("high", "low")) {
                Path d = Files.createDirectories(dir.resolve(split).resolve(word));
                for (int i = 0; i < 2; i++) {
                    Files.write(
                            d.resolve(word + i + ".wav"),
                            WavReader.encodePcm16(tone(word.equals("high") ? 900 : 300), 16000));
                }
            }
        }
        DataSplits first = DatasetCatalog.load(request(DatasetKind.WAV_FOLDER, dir));
        // same size, other sound: must be encoded again, not served from the cache
        Path replaced = dir.resolve("test/low/low0.wav");
        long size = Files.size(replaced);
        Files.write(replaced, WavReader.encodePcm16(tone(2500), 16000));
        assertEquals(size, Files.size(replaced));
        DataSplits second = DatasetCatalog.load(request(DatasetKind.WAV_FOLDER, dir));
        assertFalse(
                java.util.Arrays.equals(
                        firstOfClass(first, 1).channels(), firstOfClass(second, 1).channels()),
                "stale events served for a replaced file");
        // a file moved to the other class keeps no stale label
        Files.move(dir.resolve("test/high/high1.wav"), dir.resolve("test/low/high1.wav"));
        DataSplits third = DatasetCatalog.load(request(DatasetKind.WAV_FOLDER, dir));
        assertEquals(3, third.test().samples().stream().filter(x -> x.label() == 1).count());
    }

    private static EventSample firstOfClass(DataSplits s, int label) {
        return s.test().samples().stream()
                .filter(x -> x.label() == label)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eventsAreStoredReadOneByOneAndACorruptEntryIsRebuilt(@TempDir Path dir)
            throws IOException {
        DiskCache cache = new DiskCache(dir);
        List<EventSample> samples =
                List.of(
                        new EventSample(new int[] {1, 2}, new int[] {3, 4}, 1),
                        new EventSample(new int[] {}, new int[] {}, 0),
                        new EventSample(new int[] {7, 9, 5}, new int[] {0, 11, 2}, 2));
        StoredSamples.Source source =
                sink -> {
                    for (EventSample s : samples) {
                        sink.add(s);
                    }
                };
        StoredSamples stored = cache.events("k", source);
        assertEquals(3, stored.size());
        assertEquals(3, stored.numClasses());
        assertEquals(12, stored.numChannels());
        for (int i = 0; i < samples.size(); i++) {
            assertArrayEquals(samples.get(i).timesUs(), stored.get(i).timesUs());
            assertArrayEquals(samples.get(i).channels(), stored.get(i).channels());
            assertEquals(samples.get(i).label(), stored.label(i));
            assertEquals(samples.get(i).label(), stored.get(i).label());
        }
        EventDataset data = new EventDataset("k", 12, List.of("a", "b", "c"), stored);
        assertEquals(List.of(7, 9, 5), toList(data.subset(new int[] {2, 0}).samples().get(0)));
        assertEquals(6, EventDataset.concat(List.of(data, data)).size(), "concatenation is a view");
        FrameSpec spec = FrameSpec.of(1, 10, 12, FrameMode.SUM, null);
        assertSame(
                cache.frames(data, spec),
                cache.frames(data, spec),
                "a stored split is found again in memory, not read again");
        Path entry;
        try (var files = Files.list(dir)) {
            entry = files.filter(p -> p.toString().endsWith(".samples")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(entry, bytes);
        assertThrows(IOException.class, () -> StoredSamples.open(entry));
        int[] built = {0};
        StoredSamples again =
                cache.events(
                        "k",
                        sink -> {
                            built[0]++;
                            source.writeTo(sink);
                        });
        assertEquals(1, built[0], "a corrupt entry must be rebuilt");
        assertEquals(4, again.get(0).channels()[1]);
        Files.write(entry, Arrays.copyOf(bytes, bytes.length - 3));
        assertThrows(IOException.class, () -> StoredSamples.open(entry), "truncated");
    }

    private static List<Integer> toList(EventSample s) {
        return Arrays.stream(s.timesUs()).boxed().toList();
    }

    @Test
    void binnedFramesAreCachedByContentAndSpecAndACorruptEntryIsRebinned(@TempDir Path dir)
            throws IOException {
        DiskCache cache = new DiskCache(dir);
        EventDataset data = new SyntheticSpikes(5).generate("g", 8, 1);
        FrameSpec spec = FrameSpec.of(10, SyntheticSpikes.DURATION_US, 700, FrameMode.SUM, null);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] expected = BinnedFrames.bin(data.samples(), spec).dense(all);
        assertArrayEquals(expected, cache.frames(data, spec).dense(all));
        Path entry;
        try (var files = Files.list(dir)) {
            entry = files.filter(p -> p.toString().endsWith(".frames")).findFirst().orElseThrow();
        }
        // a fresh cache over the same folder reads the entry; a damaged entry is binned again
        assertArrayEquals(expected, new DiskCache(dir).frames(data, spec).dense(all));
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(entry, bytes);
        assertArrayEquals(expected, new DiskCache(dir).frames(data, spec).dense(all));
        FrameSpec coarser = FrameSpec.of(20, SyntheticSpikes.DURATION_US, 700, FrameMode.SUM, null);
        assertEquals(50, cache.frames(data, coarser).steps());
        EventDataset other = new SyntheticSpikes(6).generate("g", 8, 1);
        assertNotEquals(data.fingerprint(), other.fingerprint());
        assertEquals(data.fingerprint(), new SyntheticSpikes(5).generate("g", 8, 1).fingerprint());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".frames")).count());
        }
    }

    @Test
    void encodersRespondToSoundAndGiveSubMillisecondCochleaTimes() {
        WavReader.Audio audio = new WavReader.Audio(tone(500), 16000);
        EventSample mel = MelDeltaEncoder.defaults().encode(audio, 0);
        assertTrue(mel.size() > 10, "mel events " + mel.size());
        EventSample cochlea = CochleaEncoder.defaults().encode(audio, 0);
        assertTrue(cochlea.size() > 100, "cochlea events " + cochlea.size());
        boolean subMs = false;
        for (int t : cochlea.timesUs()) {
            subMs |= t % 1000 != 0;
        }
        assertTrue(subMs, "cochlea spike times must not sit on a 1 ms grid");
        // the 500 Hz tone drives the channels around 500 Hz most
        int[] counts = new int[700];
        for (int c : cochlea.channels()) {
            counts[c]++;
        }
        int argmax = 0;
        for (int c = 0; c < 700; c++) {
            argmax = counts[c] > counts[argmax] ? c : argmax;
        }
        double centre =
                Math.exp(
                        Math.log(100)
                                + (Math.log(0.45 * 16000) - Math.log(100)) * (argmax + 1) / 701.0);
        assertTrue(centre > 400 && centre < 620, "most active channel centre " + centre + " Hz");
    }

    private static float[] tone(double hz) {
        float[] s = new float[8000];
        for (int i = 0; i < s.length; i++) {
            double env = Math.min(1, Math.min(i, s.length - i) / 800.0);
            s[i] = (float) (0.5 * env * Math.sin(2 * Math.PI * hz * i / 16000));
        }
        return s;
    }

    @Test
    void downsamplingAndWindowApplyToEverySplit() throws IOException {
        DataSplits s =
                DatasetCatalog.load(
                        new DataRequest(DatasetKind.GENERATED, null, 1, "mel", 0.1, 500, 5));
        assertEquals(140, s.numChannels());
        assertEquals(500_000, s.durationUs());
        assertTrue(
                s.test().samples().stream()
                        .allMatch(
                                e -> java.util.Arrays.stream(e.channels()).allMatch(c -> c < 140)));
    }

    @Test
    void labelsOutOfRangeAreRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new org.spikeshift.datasets.event.EventDataset(
                                        "x",
                                        4,
                                        List.of("a", "b"),
                                        List.of(new EventSample(new int[0], new int[0], 2))));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }
}
