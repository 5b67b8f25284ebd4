package org.spikeshift.datasets.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A split of labelled event recordings with the facts needed to frame them.
 *
 * @param name data set name, e.g. {@code shd}
 * @param numChannels channels per time step (e.g. 700, or 2 x 34 x 34)
 * @param classes class names, index = label
 * @param samples the recordings: any list, kept as a {@link SampleList} (a stored one is read
 *     sample by sample, never held whole)
 */
public record EventDataset(
        String name, int numChannels, List<String> classes, List<EventSample> samples) {

    public EventDataset {
        SampleList list = SampleList.of(samples);
        samples = list;
        classes = List.copyOf(classes);
        for (int i = 0; i < list.size(); i++) {
            int label = list.label(i);
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException(
                        name
                                + ": sample "
                                + i
                                + " has label "
                                + label
                                + " outside [0, "
                                + classes.size()
                                + ")");
            }
        }
    }

    public int size() {
        return samples.size();
    }

    /** The label of sample {@code i}, without reading its events. */
    public int label(int i) {
        return ((SampleList) samples).label(i);
    }

    /** Samples per class, e.g. {@code 0: 12, 1: 0, 2: 9}. */
    public String classCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            sb.append(c == 0 ? "" : ", ").append(classes.get(c)).append(": ").append(counts[c]);
        }
        return sb.toString();
    }

    public int numClasses() {
        return classes.size();
    }

    /** The longest recording in microseconds. */
    public long maxDurationUs() {
        long max = 0;
        for (EventSample s : samples) {
            max = Math.max(max, s.durationUs());
        }
        return max;
    }

    /** A subset by indices, same metadata; nothing is read or copied. */
    public EventDataset subset(int[] indices) {
        return new EventDataset(name, numChannels, classes, ((SampleList) samples).select(indices));
    }

    /** The samples of {@code parts} (same channels and classes) one after the other. */
    public static EventDataset concat(List<EventDataset> parts) {
        EventDataset first = parts.get(0);
        return new EventDataset(
                first.name,
                first.numChannels,
                first.classes,
                SampleList.concat(parts.stream().map(p -> (SampleList) p.samples).toList()));
    }

    /**
     * A SHA-256 of everything that determines this split's frames (channels, classes, every
     * sample's label and events), as hex: equal splits give equal fingerprints.
     */
    public String fingerprint() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(
                (numChannels + "|" + String.join(",", classes)).getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (EventSample s : samples) {
            putInt(digest, buffer, s.label());
            putInt(digest, buffer, s.size());
            for (int i = 0; i < s.size(); i++) {
                putInt(digest, buffer, s.timesUs()[i]);
                putInt(digest, buffer, s.channels()[i]);
            }
        }
        buffer.flip();
        digest.update(buffer);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void putInt(MessageDigest digest, ByteBuffer buffer, int value) {
        if (buffer.remaining() < Integer.BYTES) {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
        buffer.putInt(value);
    }
}
