package org.spikeshift.datasets.catalog;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.StoredSamples;
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

    /**
     * The events stored under {@code key}, read sample by sample; written by {@code source} first
     * when the cache has no sound entry.
     *
     * @throws IOException when the entry can neither be read nor written
     */
    public StoredSamples events(String key, StoredSamples.Source source) throws IOException {
        Path file = dir.resolve(hash(key) + ".samples");
        if (Files.isRegularFile(file)) {
            try {
                return StoredSamples.open(file);
            } catch (IOException e) {
                LOG.warn("ignoring unreadable cache entry ({})", e.getMessage());
            }
        }
        return StoredSamples.write(file, source);
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
        if (Files.isRegularFile(file)) {
            try {
                frames = BinnedFrames.open(file, spec);
            } catch (IOException e) {
                LOG.warn("ignoring unreadable cache entry ({})", e.getMessage());
            }
        }
        if (frames == null) {
            try {
                frames = BinnedFrames.store(data.samples(), spec, file);
            } catch (IOException e) {
                LOG.warn("could not write cache entry, binning in memory ({})", e.getMessage());
                frames = BinnedFrames.bin(data.samples(), spec);
            }
        }
        bySpec.put(spec.id(), new SoftReference<>(frames));
        return frames;
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
