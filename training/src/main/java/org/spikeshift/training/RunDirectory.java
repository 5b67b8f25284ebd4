package org.spikeshift.training;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.spikeshift.core.io.AtomicFiles;

/**
 * A run folder: {@code config.json}, {@code metrics.csv} (per epoch), {@code metrics.json} (final),
 * {@code train.log}, and {@code checkpoints/} with {@code best.spikeshift} (the network with the
 * best validation accuracy) and {@code last.ckpt} (everything needed to resume).
 *
 * @param root the folder
 */
public record RunDirectory(Path root) {

    /**
     * Creates a new run folder; refuses one that already holds a run, and a folder with files of
     * its own (which a run would overwrite).
     */
    public static RunDirectory create(Path root) throws IOException {
        if (Files.exists(root.resolve("config.json"))) {
            throw new IOException(
                    root + " already holds a run (use --resume to continue it, or another --out)");
        }
        if (Files.isDirectory(root)) {
            AtomicFiles.removeOrphans(root);
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.anyMatch(p -> !p.getFileName().toString().equals("checkpoints"))) {
                    throw new IOException(
                            root
                                    + " is not empty and holds no spikeshift run; choose a "
                                    + "new or empty"
                                    + " folder for --out");
                }
            }
        } else if (Files.exists(root)) {
            throw new IOException(root + " is a file, not a folder; choose a new folder for --out");
        }
        Files.createDirectories(root.resolve("checkpoints"));
        return new RunDirectory(root);
    }

    /**
     * Holds the run folder for this process's training (an operating-system lock, released when the
     * process ends, however it ends); refuses a folder another training holds.
     */
    public Closeable lock() throws IOException {
        FileChannel channel =
                FileChannel.open(
                        root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(
                    root
                            + " is in use by another training (wait for it, or choose "
                            + "another folder)");
        }
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    /** Opens an existing run folder for resuming. */
    public static RunDirectory open(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve("config.json"))) {
            throw new IOException(root + " is not a run folder (no config.json)");
        }
        Files.createDirectories(root.resolve("checkpoints"));
        AtomicFiles.removeOrphans(root);
        AtomicFiles.removeOrphans(root.resolve("checkpoints"));
        return new RunDirectory(root);
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path metricsCsv() {
        return root.resolve("metrics.csv");
    }

    public Path metricsJson() {
        return root.resolve("metrics.json");
    }

    public Path log() {
        return root.resolve("train.log");
    }

    public Path bestNetwork() {
        return root.resolve("checkpoints").resolve("best.spikeshift");
    }

    public Path lastCheckpoint() {
        return root.resolve("checkpoints").resolve("last.ckpt");
    }

    /**
     * The network file a user means by {@code path}: a network file itself, or a run folder's best
     * network.
     */
    public static Path resolveNetwork(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path best = new RunDirectory(path).bestNetwork();
            if (!Files.isRegularFile(best)) {
                throw new IOException(path + " has no checkpoints/best.spikeshift");
            }
            return best;
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such checkpoint file or run folder");
        }
        return path;
    }
}
