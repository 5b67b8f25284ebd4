package org.spikeshift.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The time-loop backend package is the only code of {@code core} that touches the PyTorch engine's
 * internals or engine arrays' memory: every other class compiles against DJL's API alone.
 */
class BackendBoundaryTest {

    private static final Path SOURCES = Path.of("src/main/java/org/spikeshift/core");

    @Test
    void onlyTheLoopPackageTouchesEngineInternalsOrArrayMemory() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders =
                    files.filter(f -> f.toString().endsWith(".java"))
                            .filter(f -> !f.startsWith(SOURCES.resolve("loop")))
                            .filter(BackendBoundaryTest::touchesEngineInternals)
                            .toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theLoopPackageItselfCallsTheEngineInOneClass() throws IOException {
        List<Path> engineSpecific;
        try (Stream<Path> files = Files.list(SOURCES.resolve("loop"))) {
            engineSpecific = files.filter(f -> read(f).contains("import ai.djl.pytorch")).toList();
        }
        assertEquals(List.of(SOURCES.resolve("loop/TimeLoopTape.java")), engineSpecific);
        assertTrue(read(SOURCES.resolve("loop/DirectBuffers.java")).contains("toByteBuffer"));
    }

    private static boolean touchesEngineInternals(Path file) {
        String source = read(file);
        return source.contains("ai.djl.pytorch") || source.contains(".toByteBuffer(");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
