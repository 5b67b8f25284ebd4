package org.spikeshift.datasets.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.transform.BinnedFrames;
import org.spikeshift.datasets.transform.FrameSpec;

/**
 * A disk cache of decoded or encoded events and of binned frames. Event entries are keyed by a
 * description of the source files and the encoder; frame entries by the events' content hash and
 * the frame spec (bin, steps, channels, mode, transform). Every entry carries a CRC32; a corrupt or
 * truncated entry is ignored and rebuilt, never trusted. Folder: {@code $SPIKESHIFT_CACHE} or
 * {@code ~/.cache/spikeshift}.
 */
public final class DiskCache {

    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    private static final int MAGIC = 0x53504b45; // "SPKE"
    private static final Map<Path, DiskCache> BY_FOLDER = new ConcurrentHashMap<>();

    private final Path dir;

    /**
     * Frames already read or binned through this cache, by split and frame spec id, so evaluation
     * sweeps neither bin nor hash a split again.
     */
    private final Map<EventDataset, Map<String, SoftReference<BinnedFrames>>> framesInMemory =
            Collections.synchronizedMap(new WeakHashMap<>());

    public DiskCache(Path dir) {
        this.dir = dir;
    }

    /** The process-wide cache over {@code $SPIKESHIFT_CACHE} or {@code ~/.cache/spikeshift}. */
    public static DiskCache defaultCache() {
        String env = System.getenv("SPIKESHIFT_CACHE");
        Path dir =
                env != null
                        ? Path.of(env)
                        : Path.of(System.getProperty("user.home"), ".cache", "spikeshift");
        return BY_FOLDER.computeIfAbsent(dir.toAbsolutePath(), DiskCache::new);
    }

    /** Computes an entry when the cache has none. */
    @FunctionalInterface
    public interface Builder<T> {
        T build() throws IOException;
    }

    /** The events stored under {@code key}, or built and stored. */
    public List<EventSample> events(String key, Builder<List<EventSample>> builder)
            throws IOException {
        Path file = dir.resolve(hash(key) + ".events");
        byte[] body = readChecked(file);
        if (body != null) {
            try {
                return decodeEvents(body);
            } catch (IOException e) {
                LOG.warn("ignoring unreadable cache entry {} ({})", file, e.getMessage());
            }
        }
        List<EventSample> samples = builder.build();
        store(file, encodeEvents(samples));
        return samples;
    }

    /** {@code data} binned by {@code spec}: from memory, from disk, or binned and stored. */
    public BinnedFrames frames(EventDataset data, FrameSpec spec) {
        Map<String, SoftReference<BinnedFrames>> bySpec =
                framesInMemory.computeIfAbsent(data, d -> new ConcurrentHashMap<>());
        SoftReference<BinnedFrames> held = bySpec.get(spec.id());
        BinnedFrames frames = held == null ? null : held.get();
        if (frames != null) {
            return frames;
        }
        Path file = dir.resolve(hash(data.fingerprint() + "|" + spec.id()) + ".frames");
        byte[] body = readChecked(file);
        if (body != null) {
            try {
                frames = BinnedFrames.fromBytes(body, spec);
            } catch (IOException e) {
                LOG.warn("ignoring unreadable cache entry {} ({})", file, e.getMessage());
            }
        }
        if (frames == null) {
            frames = BinnedFrames.bin(data.samples(), spec);
            store(file, frames.toBytes());
        }
        bySpec.put(spec.id(), new SoftReference<>(frames));
        return frames;
    }

    /** The entry's body when the file exists and its checksum holds, else null. */
    private static byte[] readChecked(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("bad magic");
            }
            long expected = in.readLong();
            int length = in.readInt();
            byte[] body = in.readNBytes(Math.max(0, length));
            if (body.length != length) {
                throw new IOException("truncated");
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != expected) {
                throw new IOException("checksum mismatch");
            }
            return body;
        } catch (IOException e) {
            LOG.warn("ignoring corrupt cache entry {} ({})", file, e.getMessage());
            return null;
        }
    }

    private static void store(Path file, byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream(body.length + 16);
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.writeInt(MAGIC);
            out.writeLong(crc.getValue());
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            AtomicFiles.write(file, all.toByteArray());
        } catch (IOException e) {
            LOG.warn("could not write cache entry {} ({})", file, e.getMessage());
        }
    }

    static byte[] encodeEvents(List<EventSample> samples) throws IOException {
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
        return body.toByteArray();
    }

    static List<EventSample> decodeEvents(byte[] body) throws IOException {
        DataInputStream b = new DataInputStream(new ByteArrayInputStream(body));
        try {
            int n = b.readInt();
            List<EventSample> out = new ArrayList<>(Math.min(n, 1 << 20));
            for (int s = 0; s < n; s++) {
                int label = b.readInt();
                int size = b.readInt();
                if (size < 0 || size > body.length / 8) {
                    throw new IOException("sample " + s + " claims " + size + " events");
                }
                int[] t = new int[size];
                int[] c = new int[size];
                for (int i = 0; i < size; i++) {
                    t[i] = b.readInt();
                    c[i] = b.readInt();
                }
                out.add(new EventSample(t, c, label));
            }
            return out;
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
    }

    static String hash(String key) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
