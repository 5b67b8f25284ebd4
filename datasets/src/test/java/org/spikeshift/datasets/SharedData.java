package org.spikeshift.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The real data sets beside the project ({@code ../shared/data}); tests using them need it. */
public final class SharedData {

    private SharedData() {}

    public static Path require(String name) {
        String root = System.getProperty("spikeshift.sharedData", "../../shared/data");
        Path p = Path.of(root).resolve(name);
        Assumptions.assumeTrue(Files.exists(p), "real data not found at " + p);
        return p;
    }
}
