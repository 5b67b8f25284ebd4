package org.spikeshift.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeshift.core.Engines;
import org.spikeshift.core.adapt.AdaptationMethod;
import org.spikeshift.core.adapt.AdaptationOptions;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.neuron.NeuronKind;

class SpikingNetworkTest {

    private static NDArray run(SpikingNetwork net, NDArray x) {
        return net.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    @ParameterizedTest
    @EnumSource(
            value = NeuronKind.class,
            names = {"LIF", "ADLIF", "RADLIF"})
    void saveAndLoadGiveIdenticalOutputsInAFreshNetwork(NeuronKind kind, @TempDir Path dir)
            throws IOException {
        try (NDManager manager = Engines.seededManager(21)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(10, kind, new int[] {8, 6}, 3, 4.0), manager);
            NDArray x = manager.randomUniform(0f, 2f, new Shape(2, 25, 10));
            Path file = dir.resolve("net.spikeshift");
            net.save(file);
            SpikingNetwork loaded = SpikingNetwork.load(file, manager);
            assertEquals(net.spec(), loaded.spec());
            assertEquals(0, Engines.maxAbsDiff(run(net, x), run(loaded, x)), 0);
        }
    }

    @Test
    void adaptedNetworksSaveAndLoadLikeTrainedOnes(@TempDir Path dir) throws IOException {
        try (NDManager manager = Engines.seededManager(22)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(10, NeuronKind.RADLIF, new int[] {8}, 3, 4.0), manager);
            SpikingNetwork adapted =
                    ModelAdapter.adapt(
                                    net,
                                    1.0,
                                    AdaptationOptions.of(AdaptationMethod.INTEGRAL),
                                    manager)
                            .network();
            Path file = dir.resolve("adapted.spikeshift");
            adapted.save(file);
            SpikingNetwork loaded = SpikingNetwork.load(file, manager);
            assertEquals(1.0, loaded.spec().binMs());
            NDArray x = manager.randomUniform(0f, 2f, new Shape(2, 40, 10));
            assertEquals(0, Engines.maxAbsDiff(run(adapted, x), run(loaded, x)), 0);
        }
    }

    @Test
    void outputIsASumOfSoftmaxOverTime() {
        try (NDManager manager = Engines.seededManager(23)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(10, NeuronKind.ADLIF, new int[] {8}, 3, 4.0), manager);
            NDList out =
                    net.forward(
                            Engines.store(manager),
                            new NDList(manager.ones(new Shape(2, 17, 10))),
                            false);
            float[] sums = out.head().sum(new int[] {1}).toFloatArray();
            assertEquals(17f, sums[0], 1e-4);
            assertEquals(2, out.size());
            assertTrue(out.get(1).getFloat() >= 0);
        }
    }

    @Test
    void corruptOrTruncatedFilesGiveAClearError(@TempDir Path dir) throws IOException {
        try (NDManager manager = Engines.seededManager(24)) {
            SpikingNetwork net =
                    SpikingNetwork.create(
                            NetworkSpec.of(10, NeuronKind.LIF, new int[] {8}, 3, 4.0), manager);
            byte[] bytes = net.toBytes();
            IOException truncated =
                    assertThrows(
                            IOException.class,
                            () ->
                                    SpikingNetwork.read(
                                            new ByteArrayInputStream(
                                                    Arrays.copyOf(bytes, bytes.length / 2)),
                                            manager,
                                            "x.bin"));
            assertTrue(truncated.getMessage().startsWith("x.bin"), truncated.getMessage());
            Path junk = dir.resolve("junk");
            Files.writeString(junk, "hello world, not a network");
            IOException notNet =
                    assertThrows(IOException.class, () -> SpikingNetwork.load(junk, manager));
            assertTrue(
                    notNet.getMessage().contains("not a spikeshift network"), notNet.getMessage());
        }
    }

    @Test
    void invalidSpecsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NetworkSpec.of(0, NeuronKind.LIF, new int[] {8}, 3, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> NetworkSpec.of(4, NeuronKind.LIF, new int[] {-1}, 3, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> NetworkSpec.of(4, NeuronKind.LIF, new int[] {8}, 3, -2));
    }
}
