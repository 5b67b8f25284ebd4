package org.spikeshift.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.experiments.cli.Main;

class SparkSweepTest {

    private static final String[] SWEEP = {
        "experiment",
        "coarse-to-fine",
        "--seeds",
        "1,2",
        "--epochs",
        "2",
        "--hidden",
        "16",
        "--target-bin-ms",
        "5"
    };

    private static String[] with(String... more) {
        List<String> args = new ArrayList<>(List.of(SWEEP));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /** The rows of a results.csv without the wall-time column, which differs between runs. */
    private static List<String> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .skip(1)
                .map(l -> l.substring(0, l.lastIndexOf(',')))
                .toList();
    }

    @Test
    void aSparkLocalSweepGivesTheInProcessRowsAndSurvivesAKilledTask(@TempDir Path dir)
            throws IOException {
        assertEquals(0, Main.execute(with("--out", dir.resolve("in-process").toString())));
        System.setProperty(GridTasks.INJECT_FAILURE, "true");
        try {
            assertEquals(
                    0,
                    Main.execute(
                            with(
                                    "--spark-master",
                                    "local[2]",
                                    "--out",
                                    dir.resolve("spark").toString())));
        } finally {
            System.clearProperty(GridTasks.INJECT_FAILURE);
        }
        List<String> spark = rows(dir.resolve("spark/results.csv"));
        Set<String> unique = new HashSet<>(spark);
        assertEquals(spark.size(), unique.size(), "no row twice");
        assertEquals(
                new HashSet<>(rows(dir.resolve("in-process/results.csv"))),
                unique,
                "the same rows and accuracies");
        try (Stream<Path> runs = Files.list(dir.resolve("spark/runs"))) {
            boolean resumed =
                    runs.anyMatch(
                            run -> {
                                try {
                                    return Files.readString(run.resolve("train.log"))
                                            .contains("resuming");
                                } catch (IOException e) {
                                    return false;
                                }
                            });
            assertTrue(
                    resumed, "the injected failure killed a training that Spark's retry resumed");
        }
        assertTrue(Files.isRegularFile(dir.resolve("spark/results.md")));
        assertTrue(
                Files.isRegularFile(dir.resolve("spark/coarse-to-fine_accuracy_vs_bin_10ms.png")));
        // a rerun finds every cell done
        assertEquals(
                0,
                Main.execute(
                        with(
                                "--spark-master",
                                "local[2]",
                                "--out",
                                dir.resolve("spark").toString())));
        assertEquals(spark, rows(dir.resolve("spark/results.csv")));
    }
}
