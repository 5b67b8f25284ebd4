package org.spikeshift.datasets.catalog;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.datasets.encode.AudioEncoder;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.event.StoredSamples;
import org.spikeshift.datasets.format.NmnistBinReader;
import org.spikeshift.datasets.format.ShdHdf5Reader;
import org.spikeshift.datasets.format.WavReader;

/** Reads each public folder layout into splits. */
final class Loaders {

    private static final Logger LOG = LoggerFactory.getLogger(Loaders.class);
    private static final int SHD_CHANNELS = 700;
    private static final int MAX_UNITS = 1 << 16;
    private static final Pattern FSDD_NAME = Pattern.compile("(\\d)_([A-Za-z]+)_(\\d+)\\.wav");

    private Loaders() {}

    /** A labelled file. */
    record LabeledFile(Path path, int label) {}

    /**
     * N-MNIST / N-Caltech101 recordings: {@code Train/<class>/*.bin} and {@code
     * Test/<class>/*.bin}; the official {@code Test/} folder alone (read as the test split, with no
     * training data, for evaluation); or one split of class folders (N-Caltech101 as published,
     * optionally inside {@code Caltech101/}) from which a seeded stratified test split is carved.
     */
    static DataSplits eventFolders(DataRequest r, String name, int width, int height)
            throws IOException {
        Path train = r.dataDir().resolve("Train");
        Path test = r.dataDir().resolve("Test");
        NmnistBinReader reader = new NmnistBinReader(width, height);
        if (!Files.isDirectory(train) && Files.isDirectory(test) && hasSubfolders(test)) {
            List<String> classes = classFolders(test);
            EventDataset testSet =
                    new EventDataset(
                            name, reader.channels(), classes, readBins(test, classes, reader));
            EventDataset none = new EventDataset(name, reader.channels(), classes, List.of());
            return new DataSplits(none, none, testSet, duration(testSet, testSet));
        }
        if (!Files.isDirectory(train)) {
            Path single =
                    Files.isDirectory(r.dataDir().resolve("Caltech101"))
                            ? r.dataDir().resolve("Caltech101")
                            : r.dataDir();
            if (!Files.isDirectory(single) || !hasSubfolders(single)) {
                throw new IOException(
                        r.dataDir()
                                + ": missing the Train/ folder (or class folders) of the "
                                + name
                                + " layout");
            }
            List<String> classes = classFolders(single);
            return carveTest(
                    new EventDataset(
                            name, reader.channels(), classes, readBins(single, classes, reader)),
                    r);
        }
        List<String> classes = classFolders(train);
        EventDataset trainSet =
                new EventDataset(
                        name, reader.channels(), classes, readBins(train, classes, reader));
        if (Files.isDirectory(test)) {
            EventDataset testSet =
                    new EventDataset(
                            name, reader.channels(), classes, readBins(test, classes, reader));
            return DataSplits.withValidation(
                    trainSet,
                    testSet,
                    r.validationFraction(),
                    r.seed(),
                    duration(trainSet, testSet));
        }
        return carveTest(trainSet, r);
    }

    private static boolean hasSubfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(Files::isDirectory);
        }
    }

    private static List<EventSample> readBins(
            Path dir, List<String> classes, NmnistBinReader reader) throws IOException {
        List<LabeledFile> files = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path classDir = dir.resolve(classes.get(c));
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            for (Path f : list(classDir, ".bin")) {
                files.add(new LabeledFile(f, c));
            }
        }
        if (files.isEmpty()) {
            throw new IOException(dir + ": no .bin recordings");
        }
        try {
            return files.parallelStream()
                    .map(
                            f -> {
                                try {
                                    return reader.read(f.path(), f.label());
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** FSDD: {@code <digit>_<speaker>_<index>.wav}; indices 0-4 are the test split. */
    static DataSplits fsdd(DataRequest r, AudioEncoder encoder) throws IOException {
        Path dir =
                Files.isDirectory(r.dataDir().resolve("recordings"))
                        ? r.dataDir().resolve("recordings")
                        : r.dataDir();
        List<LabeledFile> train = new ArrayList<>();
        List<LabeledFile> test = new ArrayList<>();
        for (Path f : list(dir, ".wav")) {
            Matcher m = FSDD_NAME.matcher(f.getFileName().toString());
            if (!m.matches()) {
                throw new IOException(
                        f + ": not an FSDD file name (<digit>_<speaker>_<index>.wav)");
            }
            (Integer.parseInt(m.group(3)) <= 4 ? test : train)
                    .add(new LabeledFile(f, Integer.parseInt(m.group(1))));
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return audioSplits("fsdd", classes, train, test, encoder, r);
    }

    /** MSWC: CSV split files ({@code path,WORD,lang} rows) beside the clips. */
    static DataSplits mswc(DataRequest r, AudioEncoder encoder) throws IOException {
        Path trainCsv = findCsv(r.dataDir(), "train");
        Path testCsv = findCsv(r.dataDir(), "test");
        List<String[]> trainRows = csvRows(trainCsv);
        List<String> classes = trainRows.stream().map(row -> row[1]).distinct().sorted().toList();
        return audioSplits(
                "mswc",
                classes,
                labelled(trainRows, classes, r.dataDir(), trainCsv),
                labelled(csvRows(testCsv), classes, r.dataDir(), testCsv),
                encoder,
                r);
    }

    private static Path findCsv(Path dir, String split) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            p ->
                                    p.getFileName()
                                                    .toString()
                                                    .toLowerCase(Locale.ROOT)
                                                    .endsWith(".csv")
                                            && p.getFileName()
                                                    .toString()
                                                    .toLowerCase(Locale.ROOT)
                                                    .contains(split))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IOException(
                                            dir
                                                    + ": missing the "
                                                    + split
                                                    + " split file (*"
                                                    + split
                                                    + "*.csv)"));
        }
    }

    private static List<String[]> csvRows(Path csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv);
                CSVParser parser =
                        CSVFormat.DEFAULT
                                .builder()
                                .setIgnoreEmptyLines(true)
                                .setIgnoreSurroundingSpaces(true)
                                .get()
                                .parse(reader)) {
            for (CSVRecord record : parser) {
                String first = record.get(0).toLowerCase(Locale.ROOT);
                if (record.getRecordNumber() == 1
                        && (first.equals("link") || first.equals("path"))) {
                    continue;
                }
                if (record.size() < 2) {
                    throw new IOException(
                            csv
                                    + " line "
                                    + parser.getCurrentLineNumber()
                                    + ": expected path,WORD,lang");
                }
                rows.add(record.values());
            }
        } catch (UncheckedIOException e) {
            throw new IOException(csv + ": " + e.getCause().getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IOException(csv + ": empty split file");
        }
        return rows;
    }

    private static List<LabeledFile> labelled(
            List<String[]> rows, List<String> classes, Path root, Path csv) throws IOException {
        List<LabeledFile> out = new ArrayList<>();
        for (String[] row : rows) {
            int label = classes.indexOf(row[1]);
            if (label < 0) {
                throw new IOException(
                        csv + ": word '" + row[1] + "' does not occur in the training split");
            }
            Path p = root.resolve(row[0]);
            if (!Files.isRegularFile(p) && Files.isDirectory(root.resolve("clips"))) {
                p = root.resolve("clips").resolve(row[0]);
            }
            out.add(new LabeledFile(p, label));
        }
        return out;
    }

    /** {@code <class>/<file>.wav}, or {@code train/<class>/...} and {@code test/<class>/...}. */
    static DataSplits wavFolder(DataRequest r, AudioEncoder encoder) throws IOException {
        Path train = r.dataDir().resolve("train");
        Path test = r.dataDir().resolve("test");
        if (Files.isDirectory(train) && Files.isDirectory(test)) {
            List<String> classes = classFolders(train);
            return audioSplits(
                    "wav-folder",
                    classes,
                    wavsByClass(train, classes),
                    wavsByClass(test, classes),
                    encoder,
                    r);
        }
        List<String> classes = classFolders(r.dataDir());
        List<LabeledFile> all = wavsByClass(r.dataDir(), classes);
        EventDataset everything = encodeAll("wav-folder", classes, all, encoder, r, "all");
        return carveTest(everything, r);
    }

    private static List<LabeledFile> wavsByClass(Path dir, List<String> classes)
            throws IOException {
        List<LabeledFile> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path classDir = dir.resolve(classes.get(c));
            if (Files.isDirectory(classDir)) {
                for (Path f : list(classDir, ".wav")) {
                    out.add(new LabeledFile(f, c));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no .wav files in class folders");
        }
        return out;
    }

    private static DataSplits audioSplits(
            String name,
            List<String> classes,
            List<LabeledFile> train,
            List<LabeledFile> test,
            AudioEncoder encoder,
            DataRequest r)
            throws IOException {
        if (train.isEmpty() || test.isEmpty()) {
            throw new IOException(
                    r.dataDir()
                            + ": the "
                            + (train.isEmpty() ? "training" : "test")
                            + " split is empty");
        }
        EventDataset trainSet = encodeAll(name, classes, train, encoder, r, "train");
        EventDataset testSet = encodeAll(name, classes, test, encoder, r, "test");
        return DataSplits.withValidation(
                trainSet, testSet, r.validationFraction(), r.seed(), duration(trainSet, testSet));
    }

    /**
     * A SHA-256 of every file's name, label (class name) and bytes: a replaced, renamed or
     * relabelled recording changes the key, whatever its size or folder.
     */
    private static String contentKey(List<LabeledFile> files, List<String> classes)
            throws IOException {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (LabeledFile f : files) {
                if (!Files.isRegularFile(f.path())) {
                    throw new IOException(f.path() + ": listed audio file is missing");
                }
                digest.update(
                        (f.path().getFileName() + "|" + classes.get(f.label()) + "|")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(f.path()));
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static EventDataset encodeAll(
            String name,
            List<String> classes,
            List<LabeledFile> files,
            AudioEncoder encoder,
            DataRequest r,
            String split)
            throws IOException {
        String key =
                String.join(
                        "|",
                        name,
                        split,
                        WavReader.DECODER,
                        encoder.id(),
                        contentKey(files, classes));
        List<EventSample> samples =
                DiskCache.defaultCache()
                        .events(
                                key,
                                sink -> {
                                    LOG.info(
                                            "encoding {} {} files of {} with {}",
                                            files.size(),
                                            split,
                                            name,
                                            encoder.id());
                                    List<EventSample> encoded;
                                    try {
                                        encoded =
                                                files.parallelStream()
                                                        .map(f -> encoded(encoder, f))
                                                        .toList();
                                    } catch (UncheckedIOException e) {
                                        throw e.getCause();
                                    }
                                    for (EventSample s : encoded) {
                                        sink.add(s);
                                    }
                                });
        return new EventDataset(name, encoder.channels(), classes, samples);
    }

    private static EventSample encoded(AudioEncoder encoder, LabeledFile file) {
        try {
            return encoder.encode(WavReader.read(file.path()), file.label());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SHD/SSC: {@code <name>_train.h5} and {@code <name>_test.h5} in the folder (or one file, a
     * single split). Channels: 700, or more if the files hold larger units (encoded corpora).
     */
    static DataSplits hdf5(DataRequest r, String name) throws IOException {
        Path dir = r.dataDir();
        Path train = dir.resolve(name + "_train.h5");
        Path test = dir.resolve(name + "_test.h5");
        if (Files.isRegularFile(dir)) {
            StoredSamples only = decoded(dir);
            int channels = Math.max(SHD_CHANNELS, only.numChannels());
            return carveTest(
                    new EventDataset(name, channels, classNames(only.numClasses()), only), r);
        }
        if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
            throw new IOException(
                    dir + ": expected " + train.getFileName() + " and " + test.getFileName());
        }
        StoredSamples a = decoded(train);
        StoredSamples b = decoded(test);
        List<String> classes = classNames(Math.max(a.numClasses(), b.numClasses()));
        int channels = Math.max(SHD_CHANNELS, Math.max(a.numChannels(), b.numChannels()));
        EventDataset trainSet = new EventDataset(name, channels, classes, a);
        EventDataset testSet = new EventDataset(name, channels, classes, b);
        return DataSplits.withValidation(
                trainSet, testSet, r.validationFraction(), r.seed(), duration(trainSet, testSet));
    }

    /**
     * An HDF5 file's samples decoded once into the cache (keyed by the file's path, size and time
     * of change) and read from there sample by sample: memory does not grow with the file.
     */
    private static StoredSamples decoded(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such HDF5 file");
        }
        String key =
                String.join(
                        "|",
                        "hdf5",
                        file.toAbsolutePath().normalize().toString(),
                        Long.toString(Files.size(file)),
                        Files.getLastModifiedTime(file).toString());
        return DiskCache.defaultCache()
                .events(key, sink -> ShdHdf5Reader.stream(file, MAX_UNITS, sink));
    }

    private static List<String> classNames(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    /** A folder that is one split only: a seeded, stratified 10 % becomes the test split. */
    private static DataSplits carveTest(EventDataset all, DataRequest r) {
        int[][] parts = DataSplits.stratifiedSplit(all, 0.1, r.seed());
        EventDataset train = all.subset(parts[0]);
        EventDataset test = all.subset(parts[1]);
        return DataSplits.withValidation(
                train, test, r.validationFraction(), r.seed(), duration(train, test));
    }

    private static long duration(EventDataset a, EventDataset b) {
        return Math.max(1, Math.max(a.maxDurationUs(), b.maxDurationUs()));
    }

    private static List<String> classFolders(Path dir) throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
        if (names.isEmpty()) {
            throw new IOException(dir + ": no class folders");
        }
        boolean numeric = names.stream().allMatch(n -> n.matches("\\d+"));
        return names.stream()
                .sorted(
                        numeric
                                ? Comparator.comparingInt(Integer::parseInt)
                                : Comparator.naturalOrder())
                .toList();
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(
                            p ->
                                    p.getFileName()
                                            .toString()
                                            .toLowerCase(Locale.ROOT)
                                            .endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }
}
