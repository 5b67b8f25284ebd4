package org.spikeshift.datasets.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.datasets.event.EventSample;

/**
 * A disk cache of decoded or encoded events, keyed by a description of the source files and the
 * transform (encoder and its parameters). Entries carry a CRC32; a corrupt or truncated entry is
 * ignored and rebuilt, never trusted. Folder: {@code $SPIKESHIFT_CACHE} or
 * {@code ~/.cache/spikeshift}.
 */
public final class EventCache {

    private static final Logger LOG = LoggerFactory.getLogger(EventCache.class);
    private static final int MAGIC = 0x53504b45; // "SPKE"

    private final Path dir;

    public EventCache(Path dir) {
        this.dir = dir;
    }

    public static EventCache defaultCache() {
        String env = System.getenv("SPIKESHIFT_CACHE");
        return new EventCache(env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "spikeshift"));
    }

    /** Loads the entry for {@code key}, or builds and stores it. */
    public List<EventSample> getOrBuild(String key, Builder builder) throws IOException {
        Path file = dir.resolve(hash(key) + ".events");
        if (Files.isRegularFile(file)) {
            try {
                return read(Files.readAllBytes(file));
            } catch (IOException e) {
                LOG.warn("ignoring corrupt cache entry {} ({})", file, e.getMessage());
            }
        }
        List<EventSample> samples = builder.build();
        try {
            AtomicFiles.write(file, write(samples));
        } catch (IOException e) {
            LOG.warn("could not write cache entry {} ({})", file, e.getMessage());
        }
        return samples;
    }

    /** Computes the samples when the cache has none. */
    @FunctionalInterface
    public interface Builder {
        List<EventSample> build() throws IOException;
    }

    static byte[] write(List<EventSample> samples) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeInt(samples.size());
            for (EventSample s : samples) {
                out.writeInt(s.label());
                out.writeInt(s.size());
                for (int i = 0; i < s.size(); i++) {
                    out.writeInt(s.timesUs()[i]);
                    out.writeInt(s.channels()[i]);
                }
            }
        }
        byte[] bytes = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.writeInt(MAGIC);
            out.writeLong(crc.getValue());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return all.toByteArray();
    }

    static List<EventSample> read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            if (in.readInt() != MAGIC) {
                throw new IOException("bad magic");
            }
            long expected = in.readLong();
            byte[] body = in.readNBytes(in.readInt());
            CRC32 crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != expected) {
                throw new IOException("checksum mismatch");
            }
            DataInputStream b = new DataInputStream(new java.io.ByteArrayInputStream(body));
            int n = b.readInt();
            List<EventSample> out = new ArrayList<>(n);
            for (int s = 0; s < n; s++) {
                int label = b.readInt();
                int size = b.readInt();
                int[] t = new int[size];
                int[] c = new int[size];
                for (int i = 0; i < size; i++) {
                    t[i] = b.readInt();
                    c[i] = b.readInt();
                }
                out.add(new EventSample(t, c, label));
            }
            return out;
        } catch (java.io.EOFException | NegativeArraySizeException e) {
            throw new IOException("truncated", e);
        }
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
