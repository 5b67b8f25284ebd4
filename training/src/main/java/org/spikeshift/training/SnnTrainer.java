package org.spikeshift.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.ModelAdapter;
import org.spikeshift.core.io.AtomicFiles;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.NetworkSpec;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.training.loss.FiringRateRegularizer;
import org.spikeshift.training.optim.SnnOptimizer;

/**
 * Backpropagation through time with surrogate gradients, epoch by epoch: train, validate, adjust
 * the learning rate, keep the best network, checkpoint everything needed to resume, stop early;
 * finally test the best network.
 *
 * <p>Every epoch reseeds the engine (dropout) and the shuffle from the run seed and the epoch
 * number, so a run resumed from its last checkpoint ends with the same numbers as one that was
 * never interrupted.
 */
public final class SnnTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SnnTrainer.class);
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    private static final int CHECKPOINT_MAGIC = 0x53504b43; // "SPKC"

    /** Validation samples per class below which model selection falls back to the training loss. */
    static final int MIN_VALIDATION_PER_CLASS = 2;

    private final TrainingConfig config;
    private final RunDirectory run;
    private final NDManager manager;
    private EpochProbe probe;
    private String dataFingerprint;
    private MixedTraining mixed;
    private TransferTraining transfer;
    private java.nio.file.Path initialNetwork;

    public SnnTrainer(TrainingConfig config, RunDirectory run, NDManager manager) {
        this.config = config;
        this.run = run;
        this.manager = manager;
    }

    /**
     * An accuracy measured on the network after every epoch, for a time-to-accuracy curve only
     * (never for model selection); its time is not counted as training time.
     *
     * @param label what the probe measures, written beside the curve
     * @param measure the measurement
     */
    public record EpochProbe(String label, Measure measure) {

        /** The measurement's body. */
        @FunctionalInterface
        public interface Measure {
            double accuracy(SpikingNetwork net, NDManager manager) throws IOException;
        }

        double accuracy(SpikingNetwork net, NDManager manager) throws IOException {
            return measure.accuracy(net, manager);
        }
    }

    /** The training data's fingerprint, stored in checkpoints and checked on resume. */
    public SnnTrainer withDataFingerprint(String fingerprint) {
        this.dataFingerprint = fingerprint;
        return this;
    }

    /**
     * Records {@code p}'s accuracy after every epoch as {@code tracked_accuracy} in metrics.csv.
     */
    public SnnTrainer withProbe(EpochProbe p) {
        this.probe = p;
        return this;
    }

    /**
     * Trains with mixed time steps: every iteration runs the configurations {@code m} draws, their
     * gradients added up before one optimizer step. Validation and test stay at the network's bin.
     */
    public SnnTrainer withMixedTraining(MixedTraining m) {
        this.mixed = m;
        return this;
    }

    /** Trains with static-to-event transfer {@code t} (see {@link TransferTraining}). */
    public SnnTrainer withTransfer(TransferTraining t) {
        this.transfer = t;
        return this;
    }

    /**
     * Starts a new run from the parameters of the network in {@code file} (fine-tuning); the
     * architecture must be the same.
     */
    public SnnTrainer withInitialNetwork(java.nio.file.Path file) {
        this.initialNetwork = file;
        return this;
    }

    /** Resumable progress of a run, saved with the last checkpoint. */
    static final class State {
        int epoch;
        float lr;
        double bestVal = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch;
        int epochsWithoutImprovement;
        double trainSeconds;
        List<EpochMetrics> history = new ArrayList<>();

        /** What the run is: checked on resume so that a checkpoint never continues another run. */
        String dataFingerprint;

        String trainingHash;
    }

    /** One row of {@code metrics.csv}. */
    record EpochMetrics(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double valLoss,
            double valAccuracy,
            double lr,
            double epochSeconds,
            double trackedAccuracy,
            double[] rates) {}

    /**
     * Trains a new network, or resumes the run folder's last checkpoint when {@code resume}.
     *
     * @param spec the architecture
     * @param train training batches
     * @param validation validation batches
     * @param test test batches
     * @param resume whether to continue from {@code checkpoints/last.ckpt}
     * @return the outcome, also written to {@code metrics.json}
     */
    public TrainingOutcome fit(
            NetworkSpec spec, Batches train, Batches validation, Batches test, boolean resume)
            throws IOException {
        Engine engine = Engine.getEngine("PyTorch");
        NDManager modelManager = manager.newSubManager();
        State state;
        SpikingNetwork net;
        SnnOptimizer optimizer;
        if (resume && Files.isRegularFile(run.lastCheckpoint())) {
            byte[] bytes = Files.readAllBytes(run.lastCheckpoint());
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            try {
                if (in.readInt() != CHECKPOINT_MAGIC) {
                    throw new IOException(
                            run.lastCheckpoint() + ": not a spikeshift training checkpoint");
                }
                state =
                        GSON.fromJson(
                                new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8),
                                State.class);
                byte[] netBytes = in.readNBytes(in.readInt());
                net =
                        SpikingNetwork.read(
                                new ByteArrayInputStream(netBytes),
                                modelManager,
                                run.lastCheckpoint().toString());
            } catch (java.io.EOFException | RuntimeException e) {
                throw new IOException(
                        run.lastCheckpoint()
                                + ": truncated or corrupt training checkpoint ("
                                + bytes.length
                                + " bytes); start a new run",
                        e);
            }
            requireSameRun(state, net.spec(), spec);
            optimizer =
                    new SnnOptimizer(
                            config.optimizer(),
                            config.weightDecay(),
                            net.trainableParameters(),
                            manager);
            try {
                optimizer.load(in);
            } catch (java.io.EOFException | RuntimeException e) {
                throw new IOException(
                        run.lastCheckpoint()
                                + ": truncated training checkpoint (the optimizer state is"
                                + " incomplete); start a new run",
                        e);
            }
            LOG.info("resuming {} after epoch {}", run.root(), state.epoch);
        } else {
            engine.setRandomSeed((int) config.seed());
            net = SpikingNetwork.create(spec, modelManager);
            if (initialNetwork != null) {
                try (NDManager scope = manager.newSubManager()) {
                    ModelAdapter.copyParameters(SpikingNetwork.load(initialNetwork, scope), net);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            initialNetwork
                                    + " is another architecture than this run: "
                                    + e.getMessage(),
                            e);
                }
            }
            optimizer =
                    new SnnOptimizer(
                            config.optimizer(),
                            config.weightDecay(),
                            net.trainableParameters(),
                            manager);
            state = new State();
            state.lr = config.learningRate();
            state.dataFingerprint = dataFingerprint;
            state.trainingHash = trainingHash();
        }
        boolean selectOnValidation =
                validation.data().size() >= MIN_VALIDATION_PER_CLASS * spec.classes();
        if (!selectOnValidation) {
            LOG.warn(
                    "the validation split has {} samples for {} classes, too few to select on: the best network"
                            + " and the learning-rate schedule follow the training loss",
                    validation.data().size(),
                    spec.classes());
        }
        net.setTimeLoop(config.loop());
        try (optimizer) {
            while (state.epoch < config.epochs() && !stoppedEarly(state)) {
                int epoch = state.epoch + 1;
                engine.setRandomSeed((int) (config.seed() * 7919 + epoch));
                long start = System.nanoTime();
                double[] trainMetrics =
                        trainEpoch(
                                net,
                                optimizer,
                                train,
                                state.lr,
                                epoch,
                                new Random(config.seed() * 31 + epoch));
                double epochSeconds = (System.nanoTime() - start) / 1e9;
                Evaluation.Result val =
                        Evaluation.evaluate(
                                net, validation, config.batchSize(), config.loss(), manager);
                double tracked = Double.NaN;
                if (probe != null) {
                    try (NDManager scope = manager.newSubManager()) {
                        tracked = probe.accuracy(net, scope);
                    }
                }
                state.trainSeconds += epochSeconds;
                state.epoch = epoch;
                record(state, trainMetrics, val, epochSeconds, tracked);
                double score = selectOnValidation ? val.accuracy() : -trainMetrics[0];
                if (score > state.bestScore) {
                    state.bestScore = score;
                    state.bestVal = val.accuracy();
                    state.bestEpoch = epoch;
                    state.epochsWithoutImprovement = 0;
                    net.save(run.bestNetwork());
                } else {
                    state.epochsWithoutImprovement++;
                }
                state.lr = nextLearningRate(state, epoch);
                writeMetricsCsv(state);
                saveCheckpoint(state, net, optimizer);
                LOG.info(
                        String.format(
                                Locale.ROOT,
                                "epoch %d/%d train loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% | %.1fs",
                                epoch,
                                config.epochs(),
                                trainMetrics[0],
                                100 * trainMetrics[1],
                                val.loss(),
                                100 * val.accuracy(),
                                epochSeconds));
            }
        }
        SpikingNetwork best = SpikingNetwork.load(run.bestNetwork(), modelManager);
        Evaluation.Result result =
                Evaluation.evaluate(best, test, config.batchSize(), config.loss(), manager);
        TrainingOutcome outcome =
                new TrainingOutcome(
                        result.accuracy(),
                        result.loss(),
                        state.bestVal,
                        state.bestEpoch,
                        state.epoch,
                        state.trainSeconds,
                        result.samples());
        writeMetricsJson(
                outcome,
                result.firingRates(),
                state,
                selectOnValidation
                        ? "validation_accuracy"
                        : "training_loss (validation has "
                                + validation.data().size()
                                + " samples, fewer than "
                                + MIN_VALIDATION_PER_CLASS
                                + " per class)");
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "test accuracy %.2f%% (%d samples), best validation %.2f%% at epoch %d",
                        100 * outcome.testAccuracy(),
                        outcome.testSamples(),
                        100 * outcome.bestValAccuracy(),
                        outcome.bestEpoch()));
        modelManager.close();
        return outcome;
    }

    /** What must not change on resume: the training settings but the epoch cap. */
    private String trainingHash() {
        return Integer.toHexString(
                GSON.toJson(config.withEpochs(1, config.earlyStopPatience())).hashCode());
    }

    private void requireSameRun(State state, NetworkSpec saved, NetworkSpec configured)
            throws IOException {
        String ckpt = run.lastCheckpoint().toString();
        if (!SpikingNetwork.specJson(saved).equals(SpikingNetwork.specJson(configured))) {
            throw new IOException(
                    ckpt
                            + " holds another network than config.json describes; it belongs to another run");
        }
        if (state.dataFingerprint != null
                && dataFingerprint != null
                && !state.dataFingerprint.equals(dataFingerprint)) {
            throw new IOException(
                    ckpt
                            + " was trained on other data than --data-dir holds now (moved data must be"
                            + " the same recordings)");
        }
        if (state.trainingHash != null && !state.trainingHash.equals(trainingHash())) {
            throw new IOException(
                    ckpt + " was trained with other training settings than config.json holds");
        }
        if (config.epochs() < state.epoch) {
            throw new IllegalArgumentException(
                    "--epochs "
                            + config.epochs()
                            + " is below the "
                            + state.epoch
                            + " epochs this run has already trained");
        }
    }

    private boolean stoppedEarly(State state) {
        return config.earlyStopPatience() > 0
                && state.epochsWithoutImprovement >= config.earlyStopPatience();
    }

    /**
     * @return mean loss and accuracy of the epoch
     */
    private double[] trainEpoch(
            SpikingNetwork net,
            SnnOptimizer optimizer,
            Batches train,
            float lr,
            int epoch,
            Random shuffle) {
        ParameterStore ps = new ParameterStore(manager, false);
        List<int[]> batches = train.indexBatches(config.batchSize(), shuffle);
        ProgressBar bar =
                new ProgressBar(
                        String.format(Locale.ROOT, "epoch %d/%d", epoch, config.epochs()),
                        batches.size());
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        int blocks = net.layers().size() + 1;
        for (int b = 0; b < batches.size(); b++) {
            if (Thread.interrupted()) { // a cancelled task: the last checkpoint resumes the run
                throw new IllegalStateException(
                        String.format(
                                Locale.ROOT,
                                "training interrupted at epoch %d, batch %d; --resume continues from the last checkpoint",
                                epoch,
                                b + 1));
            }
            int[] idx = batches.get(b);
            List<MixedTraining.Pass> configurations =
                    mixed == null ? null : mixed.draw(shuffle, blocks, net.spec().binMs());
            int passCount = configurations == null ? 1 : configurations.size();
            // exact on resume: every pass updates the running statistics once
            net.setNormUpdates(((long) (epoch - 1) * batches.size() + b) * passCount);
            try (NDManager scope = manager.newSubManager()) {
                NDArray oneHot = train.oneHot(scope, idx);
                NDArray[] output = new NDArray[1];
                Batch batch = new Batch(idx, oneHot, scope, output);
                List<Function<TimeLoopTape, NDArray>> passes =
                        transfer != null && transfer.active()
                                ? List.of(
                                        transferPass(
                                                net,
                                                ps,
                                                train,
                                                batch,
                                                (long) (epoch - 1) * batches.size() + b,
                                                (long) config.epochs() * batches.size(),
                                                shuffle))
                                : configurationPasses(net, ps, train, batch, configurations);
                float[] losses;
                try {
                    losses = GradientStep.accumulate(passes);
                } finally {
                    net.setResolutions(null);
                }
                float loss = 0;
                for (float l : losses) {
                    loss += l / losses.length;
                }
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException(
                            String.format(
                                    Locale.ROOT,
                                    "training diverged: loss %s at epoch %d, batch %d (try --ranges sparch-v2, a lower --lr"
                                            + " or --clip-norm)",
                                    loss,
                                    epoch,
                                    b + 1));
                }
                optimizer.clipGradients(config.clipNorm());
                optimizer.step(lr);
                int[] predicted = Evaluation.argmax(output[0]);
                int[] labels = train.labels(idx);
                for (int i = 0; i < idx.length; i++) {
                    correct += predicted[i] == labels[i] ? 1 : 0;
                }
                lossSum += loss * idx.length;
                seen += idx.length;
            }
            bar.update(b + 1, seen, lossSum / seen, (double) correct / seen);
        }
        return new double[] {lossSum / Math.max(seen, 1), (double) correct / Math.max(seen, 1)};
    }

    /**
     * One training batch's parts.
     *
     * @param output receives the scores of the first pass, for the epoch's accuracy
     */
    private record Batch(int[] indices, NDArray oneHot, NDManager scope, NDArray[] output) {}

    /**
     * One pass per mixed configuration, or the one pass at the training bin when {@code
     * configurations} is null.
     */
    private List<Function<TimeLoopTape, NDArray>> configurationPasses(
            SpikingNetwork net,
            ParameterStore ps,
            Batches train,
            Batch batch,
            List<MixedTraining.Pass> configurations) {
        List<Function<TimeLoopTape, NDArray>> passes = new ArrayList<>();
        int count = configurations == null ? 1 : configurations.size();
        for (int p = 0; p < count; p++) {
            MixedTraining.Pass configuration =
                    configurations == null ? null : configurations.get(p);
            boolean first = p == 0;
            passes.add(
                    tape -> {
                        net.setResolutions(
                                configuration == null ? null : configuration.resolutions());
                        Batches input =
                                configuration == null
                                        ? train
                                        : mixed.trainAt(configuration.inputBinMs());
                        NDList out =
                                input.forward(net, ps, batch.scope(), batch.indices(), true, tape);
                        if (first) {
                            batch.output()[0] = out.head();
                        }
                        int steps =
                                configuration == null
                                        ? train.steps()
                                        : configuration.readoutSteps();
                        NDArray loss = config.loss().compute(out.head(), batch.oneHot(), steps);
                        if (config.rateRegularization() > 0) {
                            NDArray weight =
                                    batch.scope()
                                            .full(
                                                    new ai.djl.ndarray.types.Shape(),
                                                    config.rateRegularization());
                            loss = loss.add(FiringRateRegularizer.DEFAULT.penalty(out).mul(weight));
                        }
                        return loss;
                    });
        }
        return passes;
    }

    /** The pass of static-to-event transfer, both domains in one. */
    private Function<TimeLoopTape, NDArray> transferPass(
            SpikingNetwork net,
            ParameterStore ps,
            Batches train,
            Batch batch,
            long iteration,
            long total,
            Random random) {
        return tape -> {
            NDList lossAndScores =
                    transfer.loss(
                            net,
                            ps,
                            tape,
                            train.input(batch.scope(), batch.indices()),
                            batch.oneHot(),
                            train.labels(batch.indices()),
                            config.loss(),
                            iteration,
                            total,
                            random);
            batch.output()[0] = lossAndScores.get(1);
            return lossAndScores.head();
        };
    }

    private float nextLearningRate(State state, int epoch) {
        return switch (config.schedule()) {
            case CONSTANT -> state.lr;
            case COSINE ->
                    (float)
                            (config.learningRate()
                                    * 0.5
                                    * (1 + Math.cos(Math.PI * epoch / config.epochs())));
            case PLATEAU ->
                    state.epochsWithoutImprovement > 0
                                    && state.epochsWithoutImprovement
                                                    % (config.plateauPatience() + 1)
                                            == 0
                            ? state.lr * config.plateauFactor()
                            : state.lr;
        };
    }

    private static void record(
            State state, double[] train, Evaluation.Result val, double seconds, double tracked) {
        state.history.add(
                new EpochMetrics(
                        state.epoch,
                        train[0],
                        train[1],
                        val.loss(),
                        val.accuracy(),
                        state.lr,
                        seconds,
                        tracked,
                        val.firingRates()));
    }

    private void writeMetricsCsv(State state) throws IOException {
        boolean tracked = !Double.isNaN(state.history.get(0).trackedAccuracy());
        StringBuilder sb =
                new StringBuilder(
                        "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,epoch_seconds");
        if (tracked) {
            sb.append(",tracked_accuracy");
        }
        for (int l = 0; l < state.history.get(0).rates().length; l++) {
            sb.append(",rate_layer").append(l);
        }
        sb.append('\n');
        for (EpochMetrics row : state.history) {
            sb.append(row.epoch());
            for (double v :
                    new double[] {
                        row.trainLoss(),
                        row.trainAccuracy(),
                        row.valLoss(),
                        row.valAccuracy(),
                        row.lr(),
                        row.epochSeconds()
                    }) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
            }
            if (tracked) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", row.trackedAccuracy()));
            }
            for (double r : row.rates()) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", r));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(run.metricsCsv(), sb.toString());
    }

    private void writeMetricsJson(
            TrainingOutcome outcome, double[] rates, State state, String selection)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_accuracy", outcome.testAccuracy());
        m.put("test_loss", outcome.testLoss());
        m.put("test_samples", outcome.testSamples());
        m.put("best_val_accuracy", outcome.bestValAccuracy());
        m.put("best_epoch", outcome.bestEpoch());
        m.put("epochs", outcome.epochs());
        m.put("train_seconds", outcome.trainSeconds());
        m.put("test_firing_rates", rates);
        m.put("selection", selection);
        if (probe
                != null) { // the time-to-accuracy curve: after each epoch, training seconds so far
            double seconds = 0;
            List<Double> elapsed = new ArrayList<>();
            List<Double> accuracy = new ArrayList<>();
            for (EpochMetrics row : state.history) {
                seconds += row.epochSeconds();
                elapsed.add(seconds);
                accuracy.add(row.trackedAccuracy());
            }
            m.put("curve_label", probe.label());
            m.put("curve_train_seconds", elapsed);
            m.put("curve_tracked_accuracy", accuracy);
        }
        AtomicFiles.writeString(run.metricsJson(), GSON.toJson(m));
    }

    private void saveCheckpoint(State state, SpikingNetwork net, SnnOptimizer optimizer)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CHECKPOINT_MAGIC);
            byte[] json = GSON.toJson(state).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            byte[] netBytes = net.toBytes();
            out.writeInt(netBytes.length);
            out.write(netBytes);
            optimizer.save(out);
        }
        AtomicFiles.write(run.lastCheckpoint(), bytes.toByteArray());
    }
}
