package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.network.StaticTransfer;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.image.StaticImages;
import org.spikeshift.training.MemoryEstimate;
import org.spikeshift.training.MixedTraining;
import org.spikeshift.training.RunDirectory;
import org.spikeshift.training.SnnTrainer;
import org.spikeshift.training.TrainingOutcome;
import org.spikeshift.training.TransferTraining;

/** One training run, top to bottom: run folder, data, model, training, test. */
public final class TrainExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(TrainExperiment.class);

    private TrainExperiment() {}

    /** Starts a new run in {@code out}. */
    public static TrainingOutcome run(RunConfig config, Path out, NDManager manager)
            throws IOException {
        LoadedData data = LoadedData.load(config.data(), config.frameMode());
        return run(config, data, out, manager);
    }

    /** Starts a new run in {@code out} on already loaded data. */
    public static TrainingOutcome run(
            RunConfig config, LoadedData data, Path out, NDManager manager) throws IOException {
        return run(config, data, out, manager, null);
    }

    /**
     * Starts a new run in {@code out} on already loaded data, measuring {@code probe} after every
     * epoch (null for none).
     */
    public static TrainingOutcome run(
            RunConfig config,
            LoadedData data,
            Path out,
            NDManager manager,
            SnnTrainer.EpochProbe probe)
            throws IOException {
        // a bin the data cannot be framed at, or a run that cannot fit, fails before the run folder
        // exists
        int steps = data.frames(config.binMs()).steps();
        if (config.mixed() != null && config.mixed().binsMs() != null) {
            for (double bin : config.mixed().binsMs()) {
                steps = Math.max(steps, data.frames(bin).steps());
            }
        } else if (config.mixed() != null) {
            steps = Math.max(steps, config.mixed().maxSteps());
        }
        if (config.mixed() != null) {
            config.mixed()
                    .stageOfBlock(
                            config.networkSpec(
                                                    data.splits().numChannels(),
                                                    data.splits().numClasses())
                                            .layers()
                                            .size()
                                    + 1); // --stages must fit the network
        }
        int batch =
                Math.min(config.training().batchSize(), Math.max(1, data.splits().train().size()));
        NetworkSpec spec =
                config.networkSpec(data.splits().numChannels(), data.splits().numClasses());
        MemoryEstimate.of(spec, batch, steps).requireFits(batch, steps);
        int largest = SpikingNetwork.build(spec).largestBatch(steps);
        if (batch > largest) {
            throw new IllegalArgumentException(
                    String.format(
                            "--batch-size %d at %d steps gives a layer more than 2 GB"
                                    + " of neuron states per array, the most the time loops "
                                    + "address; use --batch-size %d or less, or"
                                    + " a larger --bin-ms",
                            batch, steps, largest));
        }
        RunDirectory run = RunDirectory.create(out);
        AtomicFiles.writeString(run.config(), config.toJson());
        return fit(config, data, run, false, manager, probe);
    }

    /** Continues the run in {@code dir} from its last checkpoint. */
    public static TrainingOutcome resume(Path dir, NDManager manager) throws IOException {
        return resume(dir, manager, null);
    }

    /**
     * Continues the run in {@code dir}, measuring {@code probe} after every epoch (null for none).
     */
    public static TrainingOutcome resume(Path dir, NDManager manager, SnnTrainer.EpochProbe probe)
            throws IOException {
        return resume(dir, null, null, manager, probe);
    }

    /**
     * Continues the run in {@code dir} with the two settings that may change on resume: the data
     * folder (moved data, checked to be the same recordings) and a larger epoch cap; null keeps the
     * run's. The changed configuration is written to {@code config.json}.
     */
    public static TrainingOutcome resume(
            Path dir, Path dataDir, Integer epochs, NDManager manager, SnnTrainer.EpochProbe probe)
            throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        RunConfig config = RunConfig.read(run.config());
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        if (epochs != null) {
            config =
                    config.withTraining(
                            config.training()
                                    .withEpochs(epochs, config.training().earlyStopPatience()));
        }
        LoadedData data = LoadedData.load(config.data(), config.frameMode());
        if (dataDir != null || epochs != null) {
            AtomicFiles.writeString(run.config(), config.toJson());
        }
        return fit(config, data, run, true, manager, probe);
    }

    /**
     * The best network of the run in {@code dir}: trained there with {@code config} when the folder
     * is new, resumed when it holds an unfinished run, loaded when finished. Experiments rerun this
     * way skip what is done.
     */
    public static SpikingNetwork finished(
            Path dir,
            RunConfig config,
            LoadedData data,
            NDManager manager,
            SnnTrainer.EpochProbe probe)
            throws IOException {
        if (!Files.isRegularFile(new RunDirectory(dir).metricsJson())) {
            if (Files.isRegularFile(dir.resolve("config.json"))) {
                LOG.info("resuming training run {}", dir);
                resume(dir, manager, probe);
            } else {
                LOG.info(
                        "training {} at {} ms, seed {}",
                        config.model().id(),
                        config.binMs(),
                        config.training().seed());
                run(config, data, dir, manager, probe);
            }
        }
        return SpikingNetwork.load(new RunDirectory(dir).bestNetwork(), manager);
    }

    /** The training seconds a finished run in {@code dir} recorded. */
    public static double trainSeconds(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(new RunDirectory(dir).metricsJson()))
                .getAsJsonObject()
                .get("train_seconds")
                .getAsDouble();
    }

    /** The static images of {@code config}'s transfer, paired with the event classes by name. */
    private static TransferTraining transferTraining(RunConfig config, LoadedData data)
            throws IOException {
        int[] sensor = config.data().kind().sensor();
        if (sensor == null || sensor[0] * sensor[1] * sensor[2] != data.splits().numChannels()) {
            throw new IllegalArgumentException(
                    "--transfer-from needs the frames of an event camera (nmnist, ncaltech101)"
                            + " without --downsample; --dataset "
                            + config.data().kind().id()
                            + " gives "
                            + data.splits().numChannels()
                            + " channels");
        }
        TransferSettings t = config.transfer();
        StaticImages images = t.images(sensor[1], sensor[2]);
        LOG.info(
                "static-to-event transfer from {} ({} images of {} classes), weight {},"
                        + " alignment {}{}",
                t.dataDir(),
                images.labels().length,
                images.classes().size(),
                t.weight(),
                t.alignment(),
                t.staticOnly() ? ", static images only" : "");
        return new TransferTraining(
                images,
                images.byClass(data.splits().train().classes()),
                sensor[0],
                t.weight(),
                t.alignment(),
                t.staticOnly(),
                t.eventLoss());
    }

    private static void requireSamples(String split, EventDataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "the %s split of %s has no sample (samples per class: %s); "
                                    + "training needs training"
                                    + " and test samples",
                            split, data.name(), data.classCounts()));
        }
    }

    private static TrainingOutcome fit(
            RunConfig config,
            LoadedData data,
            RunDirectory run,
            boolean resume,
            NDManager manager,
            SnnTrainer.EpochProbe probe)
            throws IOException {
        if (config.trainFraction() != null) {
            data = data.withTrainFraction(config.trainFraction(), config.data().seed());
        }
        requireSamples("training", data.splits().train());
        requireSamples("test", data.splits().test());
        try (Closeable held = run.lock();
                RunLog ignored = RunLog.attach(run.log())) {
            RunWarnings.of(config, data).forEach(LOG::warn);
            NetworkSpec spec =
                    config.networkSpec(data.splits().numChannels(), data.splits().numClasses());
            LOG.info(
                    "{} on {}: {} train / {} validation / {} test samples, {} channels, {} "
                            + "steps of {} ms",
                    config.model().id(),
                    config.data().kind().id(),
                    data.splits().train().size(),
                    data.splits().validation().size(),
                    data.splits().test().size(),
                    data.splits().numChannels(),
                    data.frames(config.binMs()).steps(),
                    config.binMs());
            SnnTrainer trainer =
                    new SnnTrainer(config.training(), run, manager)
                            .withProbe(probe)
                            .withDataFingerprint(data.splits().train().fingerprint());
            if (config.initialNetwork() != null) {
                trainer.withInitialNetwork(config.initialNetwork());
            }
            if (config.transfer() != null) {
                TransferTraining transfer = transferTraining(config, data);
                if (transfer.active() && !config.transfer().staticOnly()) {
                    spec =
                            spec.withTransfer(
                                    new StaticTransfer(data.frames(config.binMs()).steps()));
                }
                trainer.withTransfer(transfer);
            }
            if (config.mixed() != null) {
                LOG.info("mixed time steps: {}", config.mixed().describe());
                LoadedData source = data;
                trainer.withMixedTraining(
                        new MixedTraining(
                                config.mixed(),
                                data.splits().durationUs() / 1000.0,
                                bin -> source.batches(source.splits().train(), bin)));
            }
            return trainer.fit(
                    spec,
                    data.batches(data.splits().train(), config.binMs()),
                    data.batches(data.splits().validation(), config.binMs()),
                    data.batches(data.splits().test(), config.binMs()),
                    resume);
        }
    }
}
