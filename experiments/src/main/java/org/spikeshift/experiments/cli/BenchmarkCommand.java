package org.spikeshift.experiments.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.experiments.bench.ShdShapeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spikeshift benchmark}. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Measure training/inference throughput, the GEMM floor, memory and "
                        + "streaming latency.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--workload",
            defaultValue = "shd-shape",
            description =
                    "shd-shape | nmnist-conv (the convolutional N-MNIST network; use "
                            + "--steps 30,300) (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(
            names = "--steps",
            split = ",",
            defaultValue = "100,1000",
            description = "time-step counts (default: ${DEFAULT-VALUE})")
    int[] steps;

    @Option(names = "--json", description = "write the results to this JSON file")
    Path json;

    @Option(
            names = "--smoke",
            description = "tiny sizes, one iteration: checks that the benchmark runs")
    boolean smoke;

    @Override
    public Integer call() throws Exception {
        if (!workload.equals("shd-shape") && !workload.equals("nmnist-conv")) {
            throw new IllegalArgumentException(
                    "--workload must be shd-shape or nmnist-conv, got '" + workload + "'");
        }
        for (int s : steps) {
            if (s <= 0) {
                throw new IllegalArgumentException("--steps must be positive, got " + s);
            }
        }
        ShdShapeBenchmark bench =
                workload.equals("nmnist-conv")
                        ? ShdShapeBenchmark.nmnistConv(smoke)
                        : smoke ? ShdShapeBenchmark.smoke() : ShdShapeBenchmark.standard();
        List<Integer> stepList = Arrays.stream(steps).boxed().toList();
        try (NDManager manager = Engines.newManager()) {
            Map<String, Object> result = bench.run(stepList, manager);
            String text = new GsonBuilder().setPrettyPrinting().create().toJson(result);
            if (json != null) {
                AtomicFiles.writeString(json, text + "\n");
            }
            System.out.println(text);
        }
        return 0;
    }
}
