package org.spikeshift.experiments.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.loop.ActiveInputs;
import org.spikeshift.core.loop.DirectBuffers;
import org.spikeshift.core.loop.LoopParams;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.ConvStack;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.network.StreamingRunner;
import org.spikeshift.core.neuron.ConvShape;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.neuron.NeuronRanges;
import org.spikeshift.training.GradientStep;
import org.spikeshift.training.loss.SnnLoss;
import org.spikeshift.training.optim.OptimizerKind;
import org.spikeshift.training.optim.SnnOptimizer;

/**
 * The {@code shd-shape} workload: batch B, 700 inputs at about 2 % spike density, two adLIF hidden
 * layers of 128 with BatchNorm and dropout, a leaky-integrator readout of 20 classes, Adam.
 * Measures, in one run, training and inference throughput per step count, the GEMM floor (the same
 * workload's matrix products alone, forward and backward), peak memory, and streaming inference per
 * time step. The {@code nmnist-conv} workload runs the convolutional network of the N-MNIST results
 * on the 2 x 34 x 34 sensor (two layers of 16 and 32 filters, 3x3, 2x2 pooling, then a dense
 * layer): training and inference throughput and peak memory (its products are convolutions, so no
 * GEMM floor, and streaming runs dense layers only).
 *
 * @param batch batch size
 * @param inputs input channels
 * @param hidden hidden layer size
 * @param classes readout size
 * @param iterations timed iterations per measurement (medians are reported), after {@link #WARM_UP}
 *     untimed ones
 */
public record ShdShapeBenchmark(
        int batch,
        int inputs,
        int hidden,
        int classes,
        int iterations,
        ConvStack conv,
        int[] sensor) {

    private static final Logger LOG = LoggerFactory.getLogger(ShdShapeBenchmark.class);

    /**
     * Untimed training steps first, alone (the JIT compiles the JVM time loops during the first
     * few); their peak memory is training's.
     */
    static final int WARM_UP = 3;

    private static final float DENSITY = 0.02f;

    public static ShdShapeBenchmark standard() {
        return new ShdShapeBenchmark(128, 700, 128, 20, 9, null, null);
    }

    /** Tiny sizes for a smoke run. */
    public static ShdShapeBenchmark smoke() {
        return new ShdShapeBenchmark(8, 70, 16, 5, 1, null, null);
    }

    /**
     * The {@code nmnist-conv} workload (batch 16: a convolutional layer holds 18,496 neurons per
     * step).
     */
    public static ShdShapeBenchmark nmnistConv(boolean smoke) {
        int[] sensor = smoke ? new int[] {2, 8, 8} : new int[] {2, 34, 34};
        return new ShdShapeBenchmark(
                smoke ? 4 : 16,
                sensor[0] * sensor[1] * sensor[2],
                smoke ? 16 : 128,
                10,
                smoke ? 1 : 5,
                new ConvStack(List.of(16, 32), 3, 2, ConvShape.Pooling.AVG),
                sensor);
    }

    private String workload() {
        return conv == null ? "shd-shape" : "nmnist-conv";
    }

    public Map<String, Object> run(List<Integer> stepCounts, NDManager manager) {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        NetworkSpec dense =
                NetworkSpec.of(
                                inputs,
                                NeuronKind.ADLIF,
                                conv == null ? new int[] {hidden, hidden} : new int[] {hidden},
                                classes,
                                1)
                        .withRanges(NeuronRanges.SPARCH_V2);
        NetworkSpec spec =
                conv == null ? dense : dense.withConvFront(conv.layers(NeuronKind.ADLIF, sensor));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workload", workload());
        result.put("batch", batch);
        result.put("inputs", inputs);
        if (conv != null) {
            result.put("conv_filters", conv.filters());
        }
        result.put("hidden", conv == null ? List.of(hidden, hidden) : List.of(hidden));
        result.put("classes", classes);
        result.put("machine", machine());
        double firstTrain = 0;
        for (int steps : stepCounts) {
            Map<String, Object> m = new LinkedHashMap<>();
            try (NDManager scope = manager.newSubManager()) {
                SpikingNetwork net = SpikingNetwork.create(spec, scope);
                float[] x = spikes(batch, steps, new Random(steps));
                NDArray input = batchInput(scope, x, steps);
                // its index of active inputs, as a loader holding its frames sparse hands it over
                ActiveInputs active =
                        ActiveInputs.scan(FloatBuffer.wrap(x), batch * steps, inputs, 1f);
                Timings timings = time(net, input, active, steps, scope);
                m.put("train_seconds_per_iteration", timings.train());
                m.put("train_samples_per_s", batch / timings.train());
                m.put("infer_samples_per_s", batch / timings.infer());
                if (conv == null) {
                    m.put("gemm_floor_seconds", timings.floor());
                    m.put("floor_ratio", timings.floorRatio());
                    m.put("infer_gemm_floor_seconds", timings.inferFloor());
                    m.put("infer_floor_ratio", timings.inferFloorRatio());
                }
                m.put("peak_rss_mb", timings.peakRssMb());
                m.put("peak_heap_mb", timings.peakHeapMb());
                if (firstTrain == 0) {
                    firstTrain = timings.train();
                } else {
                    m.put("train_time_vs_first", timings.train() / firstTrain);
                }
            }
            result.put("T" + steps, m);
        }
        if (conv == null) {
            result.putAll(streaming(spec, manager));
        }
        return result;
    }

    private float[] spikes(int b, int steps, Random random) {
        float[] x = new float[b * steps * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() < DENSITY ? 1f : 0f;
        }
        return x;
    }

    /**
     * The batch as an engine array, made once per step count outside the timed region, as a data
     * loader running ahead of the training step would: the timings measure the step itself.
     */
    private NDArray batchInput(NDManager manager, float[] x, int steps) {
        NDArray input = manager.create(new Shape(batch, steps, inputs), DataType.FLOAT32);
        DirectBuffers.write(input, x);
        return input;
    }

    /**
     * Median seconds of one training step, one inference pass and the GEMM floors of each; the
     * medians over iterations of floor time / pass time, each pair timed back to back; the peak
     * resident and heap memory of training alone.
     */
    private record Timings(
            double train,
            double infer,
            double floor,
            double floorRatio,
            double inferFloor,
            double inferFloorRatio,
            double peakRssMb,
            double peakHeapMb) {}

    /**
     * Warms up with training steps alone, which also gives training's peak memory, then times
     * training, inference and the GEMM floor in turn within each iteration, so that all three see
     * the same state of the machine, and takes the medians: a shared VM's speed drifts by 10-20 %
     * within a run.
     */
    private Timings time(
            SpikingNetwork net, NDArray input, ActiveInputs active, int steps, NDManager manager) {
        ParameterStore ps = new ParameterStore(manager, false);
        float[] hot = new float[batch * classes];
        for (int i = 0; i < batch; i++) {
            hot[i * classes + i % classes] = 1;
        }
        double[] train = new double[iterations];
        double[] infer = new double[iterations];
        double[] floor = new double[iterations];
        double[] inferFloor = new double[iterations];
        try (SnnOptimizer adam =
                new SnnOptimizer(OptimizerKind.ADAM, 0, net.trainableParameters(), manager)) {
            Memory.resetPeaks();
            for (int it = 0; it < WARM_UP; it++) {
                trainingStep(net, input, active, steps, ps, hot, adam, manager);
            }
            double peakRss = Memory.peakRssMb();
            double peakHeap = Memory.peakHeapMb();
            try (NDManager floorScope = manager.newSubManager()) {
                NDList operands = conv == null ? floorOperands(steps, floorScope) : null;
                inference(net, input, active, ps, manager);
                for (int it = 0; it < iterations; it++) {
                    train[it] = trainingStep(net, input, active, steps, ps, hot, adam, manager);
                    infer[it] = inference(net, input, active, ps, manager);
                    double[] floors =
                            operands == null
                                    ? new double[] {Double.NaN, Double.NaN}
                                    : gemmFloors(operands);
                    inferFloor[it] = floors[0];
                    floor[it] = floors[1];
                }
            }
            double[] ratios = new double[iterations];
            double[] inferRatios = new double[iterations];
            for (int it = 0; it < iterations; it++) {
                ratios[it] = floor[it] / train[it];
                inferRatios[it] = inferFloor[it] / infer[it];
            }
            return new Timings(
                    median(train),
                    median(infer),
                    median(floor),
                    median(ratios),
                    median(inferFloor),
                    median(inferRatios),
                    peakRss,
                    peakHeap);
        }
    }

    private double trainingStep(
            SpikingNetwork net,
            NDArray input,
            ActiveInputs active,
            int steps,
            ParameterStore ps,
            float[] hot,
            SnnOptimizer adam,
            NDManager manager) {
        long start = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            input.tempAttach(scope); // the pass's results go to the scope, the batch returns after
            NDArray oneHot = scope.create(hot, new Shape(batch, classes));
            Function<TimeLoopTape, NDArray> pass =
                    tape ->
                            SnnLoss.LOG_SOFTMAX.compute(
                                    net.forward(
                                                    ps,
                                                    new NDList(input),
                                                    true,
                                                    LoopParams.of(tape, active))
                                            .head(),
                                    oneHot,
                                    steps);
            GradientStep.accumulate(List.of(pass));
            adam.step(1e-3f);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double inference(
            SpikingNetwork net,
            NDArray input,
            ActiveInputs active,
            ParameterStore ps,
            NDManager manager) {
        long start = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            input.tempAttach(scope);
            net.forward(ps, new NDList(input), false, LoopParams.of(null, active))
                    .head()
                    .toFloatArray();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The workload's dense matrix products alone: the 3 forward ones (inference's floor), then 5
     * backward (no input gradient for x).
     *
     * @param operands x (B*T, C), W1 (H, C), h (B*T, H), W2 (H, H), Wo (K, H), dL/d out (B*T, K)
     * @return seconds of the forward products, and of all 8 (training's floor)
     */
    private static double[] gemmFloors(NDList operands) {
        NDArray x = operands.get(0);
        NDArray w1 = operands.get(1);
        NDArray h = operands.get(2);
        NDArray w2 = operands.get(3);
        NDArray wo = operands.get(4);
        NDArray go = operands.get(5);
        try (NDManager scope = x.getManager().newSubManager()) {
            operands.tempAttach(
                    scope); // products and transposes go to the scope, the operands return after
            long start = System.nanoTime();
            NDList forward =
                    new NDList(
                            x.matMul(w1.transpose()), // layer 1 forward
                            h.matMul(w2.transpose()), // layer 2 forward
                            h.matMul(wo.transpose())); // readout forward
            for (NDArray p : forward) {
                p.toFloatArray(); // forces evaluation; the copy is small next to the products
            }
            double forwardSeconds = (System.nanoTime() - start) / 1e9;
            NDList backward =
                    new NDList(
                            h.transpose().matMul(x), // dW1
                            h.transpose().matMul(h), // dW2
                            h.matMul(w2), // dh1
                            go.transpose().matMul(h), // dWo
                            go.matMul(wo)); // dh2
            for (NDArray p : backward) {
                p.toFloatArray();
            }
            return new double[] {forwardSeconds, (System.nanoTime() - start) / 1e9};
        }
    }

    /** The floor's operands, made once per step count. */
    private NDList floorOperands(int steps, NDManager manager) {
        long rows = (long) batch * steps;
        return new NDList(
                manager.randomUniform(0f, 1f, new Shape(rows, inputs)),
                manager.randomUniform(0f, 1f, new Shape(hidden, inputs)),
                manager.randomUniform(0f, 1f, new Shape(rows, hidden)),
                manager.randomUniform(0f, 1f, new Shape(hidden, hidden)),
                manager.randomUniform(0f, 1f, new Shape(classes, hidden)),
                manager.randomUniform(0f, 1f, new Shape(rows, classes)));
    }

    private Map<String, Object> streaming(NetworkSpec spec, NDManager manager) {
        Map<String, Object> m = new LinkedHashMap<>();
        int steps = 1000;
        try (NDManager scope = manager.newSubManager()) {
            SpikingNetwork net = SpikingNetwork.create(spec, scope);
            StreamingRunner runner = new StreamingRunner(net);
            float[] x = spikes(1, steps, new Random(7));
            runner.run(x, steps); // warm-up
            int repeats = Math.max(3, iterations * 3);
            long start = System.nanoTime();
            float[] out = null;
            for (int r = 0; r < repeats; r++) {
                out = runner.run(x, steps);
            }
            double us = (System.nanoTime() - start) / 1e3 / repeats / steps;
            float[] batchOut =
                    net.forward(
                                    new ParameterStore(scope, false),
                                    new NDList(scope.create(x, new Shape(1, steps, inputs))),
                                    false)
                            .head()
                            .toFloatArray();
            double diff = 0;
            for (int i = 0; i < out.length; i++) {
                diff = Math.max(diff, Math.abs(out[i] - batchOut[i]));
            }
            m.put("stream_us_per_step", us);
            m.put("stream_max_abs_diff_vs_batch", diff);
        }
        return m;
    }

    /** Peak memory of this process since the last reset. */
    private static final class Memory {
        private Memory() {}

        /**
         * Starts a new peak: the kernel's resident high-water mark is reset through
         * /proc/self/clear_refs (to the current resident size), the JVM pools' peaks likewise.
         */
        static void resetPeaks() {
            try {
                Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            } catch (IOException e) {
                LOG.warn(
                        "cannot reset the resident-memory peak ({}); peak_rss_mb covers the "
                                + "whole run",
                        e.getMessage());
            }
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        static double peakRssMb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
            return -1;
        }

        static double peakHeapMb() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak / (1024.0 * 1024.0);
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version"));
        m.put("engine_threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        // the allocator that serves the engine's arrays: ./spikeshift preloads jemalloc when
        // installed
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        m.put("allocator", preload.contains("jemalloc") ? "jemalloc" : "glibc malloc");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    m.put("cpu", line.substring(line.indexOf(':') + 1).strip());
                    break;
                }
            }
        } catch (IOException e) {
            m.put("cpu", "unknown");
        }
        return m;
    }
}
