package org.spikeshift.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader never sees a partial one: a temporary file beside the target, then
 * a rename. The temporary file is named after the target and the writing process, is created with
 * the user's umask like any other file, and is left behind only if the process is killed; {@link
 * #removeOrphans} deletes those of processes that no longer run.
 */
public final class AtomicFiles {

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d+)\\.\\d+\\.tmp");

    private AtomicFiles() {}

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with {@code content} atomically where the file system allows. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /**
     * Replaces {@code target} with what {@code content} writes, streamed (never held whole in
     * memory), atomically where the file system allows.
     */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp =
                dir.resolve(
                        String.format(
                                ".%s.%d.%d.tmp",
                                target.getFileName(),
                                ProcessHandle.current().pid(),
                                System.nanoTime()));
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Cleanup after a failed write must not hide why it failed. */
    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing was created, or removeOrphans will find it
        }
    }

    /** Text variant of {@link #write(Path, byte[])} in UTF-8. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Deletes the temporary files in {@code dir} left by writers that were killed (their process no
     * longer runs).
     *
     * @return how many were deleted
     */
    public static int removeOrphans(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    removed += Files.deleteIfExists(f) ? 1 : 0;
                }
            }
        }
        return removed;
    }

    /** What went wrong, in a user's words. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left")) {
            return "no space left on the device";
        }
        if (m.contains("Read-only file system")) {
            return "read-only file system";
        }
        return e.getClass().getSimpleName() + " " + m;
    }
}
