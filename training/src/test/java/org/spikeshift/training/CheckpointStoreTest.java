package org.spikeshift.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.neuron.NeuronKind;
import org.spikeshift.core.surrogate.Surrogate;
import org.spikeshift.training.optim.OptimizerKind;
import org.spikeshift.training.optim.SnnOptimizer;

class CheckpointStoreTest {

    private static final NetworkSpec SPEC =
            NetworkSpec.of(6, NeuronKind.ADLIF, new int[] {8}, 3, 1)
                    .withThreshold(0.5f)
                    .withSurrogate(Surrogate.FAST_SIGMOID, 4f);

    @Test
    void aCheckpointKeepsProgressNetworkThresholdAndSurrogate(@TempDir Path dir)
            throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            SpikingNetwork net = SpikingNetwork.create(SPEC, manager);
            TrainingProgress progress = progress();
            CheckpointStore store = new CheckpointStore(dir.resolve("last.ckpt"));
            try (SnnOptimizer optimizer = optimizer(net, manager)) {
                store.onEpoch(progress, net, optimizer);
            }
            byte[] bytes = Files.readAllBytes(dir.resolve("last.ckpt"));
            assertEquals(CheckpointStore.VERSION, ByteBuffer.wrap(bytes).getInt(4));
            CheckpointStore.Resumed resumed = store.load(manager, n -> optimizer(n, manager));
            resumed.optimizer().close();
            assertEquals(3, resumed.progress().epoch());
            assertEquals(0.25f, resumed.progress().learningRate());
            assertEquals(0.5f, resumed.net().spec().threshold());
            assertEquals(0.5f, resumed.net().layers().get(0).threshold());
            assertEquals(Surrogate.FAST_SIGMOID, resumed.net().spec().surrogate());
            assertEquals(4f, resumed.net().spec().surrogateScale());
            assertArrayEquals(net.toBytes(), resumed.net().toBytes());
        }
    }

    @Test
    void aVersionOneFileIsReadAndAnUnknownVersionIsRefused(@TempDir Path dir) throws IOException {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            SpikingNetwork net = SpikingNetwork.create(SPEC, manager);
            Path v1 = dir.resolve("v1.ckpt");
            Files.write(v1, checkpoint(net, manager, null));
            CheckpointStore.Resumed resumed =
                    new CheckpointStore(v1).load(manager, n -> optimizer(n, manager));
            resumed.optimizer().close();
            assertEquals(3, resumed.progress().epoch());
            assertArrayEquals(net.toBytes(), resumed.net().toBytes());

            Path future = dir.resolve("v9.ckpt");
            Files.write(future, checkpoint(net, manager, 9));
            IOException e =
                    assertThrows(
                            IOException.class,
                            () -> new CheckpointStore(future).load(manager, n -> null));
            assertTrue(e.getMessage().startsWith(future.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("version 9"), e.getMessage());
        }
    }

    @Test
    void aNetworkSavedBeforeTheThresholdWasReadsTheDefault() {
        NetworkSpec old =
                new com.google.gson.Gson()
                        .fromJson(
                                new com.google.gson.Gson()
                                        .toJson(SPEC)
                                        .replace("\"threshold\":0.5,", "")
                                        .replace(",\"threshold\":0.5", ""),
                                NetworkSpec.class);
        assertEquals(NetworkSpec.DEFAULT_THRESHOLD, old.threshold());
        assertThrows(IllegalArgumentException.class, () -> SPEC.withThreshold(-1f));
    }

    private static TrainingProgress progress() {
        TrainingProgress progress = new TrainingProgress();
        progress.epoch = 3;
        progress.lr = 0.25f;
        return progress;
    }

    private static SnnOptimizer optimizer(SpikingNetwork net, NDManager manager) {
        return new SnnOptimizer(OptimizerKind.ADAM, 0, net.trainableParameters(), manager);
    }

    /**
     * A checkpoint as written by hand: version 1 (no version field) when {@code version} is null.
     */
    private static byte[] checkpoint(SpikingNetwork net, NDManager manager, Integer version)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes);
                SnnOptimizer optimizer = optimizer(net, manager)) {
            out.writeInt(0x53504b43);
            if (version != null) {
                out.writeInt(version);
            }
            byte[] json = "{\"epoch\":3,\"lr\":0.01}".getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            byte[] netBytes = net.toBytes();
            out.writeInt(netBytes.length);
            out.write(netBytes);
            optimizer.save(out);
        }
        return bytes.toByteArray();
    }
}
