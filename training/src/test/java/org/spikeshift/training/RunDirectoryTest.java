package org.spikeshift.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.core.io.AtomicFiles;

class RunDirectoryTest {

    @Test
    void aFolderWithTheUsersOwnFilesIsNotARunToWriteInto(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("metrics.csv"), "the user's own numbers");
        IOException e = assertThrows(IOException.class, () -> RunDirectory.create(dir));
        assertTrue(
                e.getMessage().contains("not empty and holds no spikeshift run"), e.getMessage());
        assertEquals("the user's own numbers", Files.readString(dir.resolve("metrics.csv")));
        RunDirectory.create(Files.createDirectories(dir.resolve("empty")));
    }

    @Test
    void aRunFolderIsHeldByOneTrainingAtATime(@TempDir Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        try (Closeable held = run.lock()) {
            IOException e = assertThrows(IOException.class, run::lock);
            assertTrue(e.getMessage().contains("in use by another training"), e.getMessage());
        }
        run.lock().close(); // released with its holder
    }

    @Test
    void orphanTemporaryFilesOfDeadWritersAreRemovedAtTheNextStart(@TempDir Path dir)
            throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = dir.resolve(".last.ckpt." + gone.pid() + ".123.tmp");
        Path live = dir.resolve(".last.ckpt." + ProcessHandle.current().pid() + ".456.tmp");
        Files.writeString(orphan, "partial");
        Files.writeString(live, "being written");
        assertEquals(1, AtomicFiles.removeOrphans(dir));
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(live), "a running writer's file is kept");
    }

    @Test
    void writtenFilesFollowTheUmaskLikeAnyOther(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void aWriteThatFailsNamesTheTargetTheUserGave(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        Path target = notAFolder.resolve("config.json");
        IOException e =
                assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "{}"));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }
}
