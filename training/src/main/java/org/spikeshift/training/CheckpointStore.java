package org.spikeshift.training;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.optim.SnnOptimizer;

/**
 * A run's last checkpoint: its progress, the network (spec with threshold and surrogate, and
 * parameters) and the optimizer's state, replaced atomically after every epoch.
 *
 * <p>Format: the magic "SPKC", the format version, then the progress as UTF-8 JSON and the network
 * file, each after its length, and the optimizer's state. Version 1 files, written before the
 * version was, have the JSON's length where the version now is (told apart by the JSON's opening
 * brace after it); any other version is refused with the file's name.
 */
public final class CheckpointStore implements TrainingListener {

    /** The format this class writes. */
    public static final int VERSION = 2;

    private static final int MAGIC = 0x53504b43; // "SPKC"

    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path file;

    public CheckpointStore(Path file) {
        this.file = file;
    }

    /** A run as its checkpoint left it. */
    public record Resumed(TrainingProgress progress, SpikingNetwork net, SnnOptimizer optimizer) {}

    /** Whether there is a checkpoint to resume. */
    public boolean exists() {
        return Files.isRegularFile(file);
    }

    @Override
    public void onEpoch(TrainingProgress progress, SpikingNetwork net, SnnOptimizer optimizer)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            byte[] json = GSON.toJson(progress).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            byte[] netBytes = net.toBytes();
            out.writeInt(netBytes.length);
            out.write(netBytes);
            optimizer.save(out);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /**
     * Reads the checkpoint.
     *
     * @param modelManager where the network's parameters go
     * @param optimizerFor the optimizer of a network, before its state is loaded
     */
    public Resumed load(NDManager modelManager, Function<SpikingNetwork, SnnOptimizer> optimizerFor)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        TrainingProgress progress;
        SpikingNetwork net;
        try {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a spikeshift training checkpoint");
            }
            int versionOrLength = in.readInt();
            in.mark(1);
            boolean versionOne = in.read() == '{'; // the JSON follows its length directly
            in.reset();
            int jsonLength;
            if (versionOne) {
                jsonLength = versionOrLength;
            } else if (versionOrLength >= 2 && versionOrLength <= VERSION) {
                jsonLength = in.readInt();
            } else {
                throw new IOException(
                        file
                                + ": checkpoint format version "
                                + versionOrLength
                                + ", this spikeshift reads versions 1 to "
                                + VERSION);
            }
            progress =
                    GSON.fromJson(
                            new String(in.readNBytes(jsonLength), StandardCharsets.UTF_8),
                            TrainingProgress.class);
            net =
                    SpikingNetwork.read(
                            new ByteArrayInputStream(in.readNBytes(in.readInt())),
                            modelManager,
                            file.toString());
        } catch (EOFException | RuntimeException e) {
            throw new IOException(
                    file
                            + ": truncated or corrupt training checkpoint ("
                            + bytes.length
                            + " bytes); start a new run",
                    e);
        }
        SnnOptimizer optimizer = optimizerFor.apply(net);
        try {
            optimizer.load(in);
        } catch (EOFException | RuntimeException e) {
            optimizer.close();
            throw new IOException(
                    file
                            + ": truncated training checkpoint (the optimizer state is"
                            + " incomplete); start a new run",
                    e);
        }
        return new Resumed(progress, net, optimizer);
    }
}
