package org.spikeshift.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTableTest {

    private static ResultRow row(long seed, String method, double target, double acc) {
        return new ResultRow(
                "d",
                "adlif",
                seed,
                10,
                target,
                method,
                "sf=unchanged;norm=rho-rho2",
                acc,
                100,
                12.5);
    }

    @Test
    void rowsSurviveAReopenAndFinishedCellsAreKnown(@TempDir Path dir) throws IOException {
        ResultTable t = ResultTable.open(dir);
        t.add(row(1, "euler", 1, 0.9));
        t.add(row(1, "integral", 1, 0.8));
        ResultTable again = ResultTable.open(dir);
        assertEquals(2, again.rows().size());
        assertTrue(again.has(row(1, "euler", 1, 0).key()));
        assertTrue(!again.has(row(2, "euler", 1, 0).key()));
        assertEquals(row(1, "integral", 1, 0.8), again.rows().get(1));
        assertTrue(
                Files.readAllLines(dir.resolve("results.csv"))
                        .get(0)
                        .startsWith(
                                "dataset,model,seed,source_bin_ms,target_bin_ms,"
                                        + "method,variant,accuracy"));
    }

    @Test
    void markdownShowsMeanAndStdOverSeedsWithTheBestInBold(@TempDir Path dir) throws IOException {
        ResultTable t = ResultTable.open(dir);
        t.add(row(1, "euler", 1, 0.90));
        t.add(row(2, "euler", 1, 0.80));
        t.add(row(1, "integral", 1, 0.70));
        t.add(row(2, "integral", 1, 0.70));
        String md = t.markdown("title");
        assertTrue(
                md.contains("| euler | sf=unchanged;norm=rho-rho2 | **85.0 ± 7.1 (n=2)** |"), md);
        assertTrue(md.contains("| integral | sf=unchanged;norm=rho-rho2 | 70.0 ± 0.0 (n=2) |"), md);
    }

    @Test
    void filesWrittenBeforeStillReadAndVariantsWithCommasRoundTrip(@TempDir Path dir)
            throws IOException {
        Files.writeString(
                dir.resolve("results.csv"),
                "dataset,model,seed,source_bin_ms,target_bin_ms,method,variant,accuracy,"
                        + "samples,train_seconds\n"
                        + "nmnist,adlif,1,10,1,integral,\"sf=propagated;norm=rho-rho2\","
                        + "0.871287,101,26.943\n");
        ResultTable t = ResultTable.open(dir);
        assertEquals("sf=propagated;norm=rho-rho2", t.rows().get(0).variant());
        assertEquals(0.871287, t.rows().get(0).accuracy(), 1e-12);
        ResultRow odd = new ResultRow("d", "m", 2, 2.5, 1, "x", "a,\"b\"", 0.5, 10, 1.0);
        t.add(odd);
        assertEquals(odd, ResultTable.open(dir).rows().get(1));
    }

    @Test
    void oneSeedShowsTheValueAndNotASpread(@TempDir Path dir) throws IOException {
        ResultTable t = ResultTable.open(dir);
        t.add(row(1, "euler", 1, 0.90));
        String md = t.markdown("title");
        assertTrue(md.contains("| euler | sf=unchanged;norm=rho-rho2 | **90.0 (n=1)** |"), md);
        assertTrue(!md.contains("±"), md);
    }
}
