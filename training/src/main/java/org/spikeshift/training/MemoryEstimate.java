package org.spikeshift.training;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.spikeshift.core.network.LayerSpec;
import org.spikeshift.core.network.NetworkSpec;

/**
 * The memory a training run needs, estimated before anything is allocated, so that a network or
 * batch that cannot fit is refused with numbers instead of growing until the system kills the
 * process.
 *
 * @param parameterBytes parameters with their gradients and two optimizer moments
 * @param activationBytes the arrays one training step keeps per layer over all steps (input frames,
 *     projections, spikes, states and their gradients)
 */
public record MemoryEstimate(double parameterBytes, double activationBytes) {

    /** Arrays of (batch, steps, units) a layer keeps through one forward and backward pass. */
    private static final int ARRAYS_PER_LAYER = 8;

    private static final int FLOAT = 4;

    public static MemoryEstimate of(NetworkSpec spec, int batch, int steps) {
        double parameters = 0;
        double activations = (double) batch * steps * spec.inputSize();
        double in = spec.inputSize();
        for (LayerSpec layer : spec.layers()) {
            double n = layer.units();
            double weights =
                    layer.conv() == null
                            ? in * n
                            : (double) layer.conv().inChannels()
                                    * n
                                    * layer.conv().kernel()
                                    * layer.conv().kernel();
            parameters += weights + (layer.recurrent() ? n * n : 0) + 12 * n;
            activations += ARRAYS_PER_LAYER * (double) batch * steps * layer.neurons();
            in = layer.outputSize();
        }
        parameters += in * spec.classes() + 5 * spec.classes();
        activations += ARRAYS_PER_LAYER * (double) batch * steps * spec.classes();
        return new MemoryEstimate(4 * FLOAT * parameters, FLOAT * activations);
    }

    public double totalBytes() {
        return parameterBytes + activationBytes;
    }

    /** Refuses a run that needs more than the machine's physical memory. */
    public void requireFits(int batch, int steps) {
        long physical = physicalMemory();
        if (physical > 0 && totalBytes() > physical) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "this run needs about %.1f GB (parameters and optimizer %.1f "
                                    + "GB, a batch of %d x %d steps"
                                    + " %.1f GB); this machine has %.1f GB: use a smaller "
                                    + "--hidden or --batch-size, or a"
                                    + " larger --bin-ms",
                            totalBytes() / 1e9,
                            parameterBytes / 1e9,
                            batch,
                            steps,
                            activationBytes / 1e9,
                            physical / 1e9));
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
