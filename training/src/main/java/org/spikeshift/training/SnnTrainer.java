package org.spikeshift.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikeshift.core.adapt.ModelAdapter;
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
    // pretty, as the hash of checkpoints written so far was taken
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

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
    private final List<TrainingListener> listeners = new ArrayList<>();

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

    /** Adds a listener, told of every epoch after the schedule, the metrics and checkpoints. */
    public SnnTrainer withListener(TrainingListener listener) {
        this.listeners.add(listener);
        return this;
    }

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
            NetworkSpec spec,
            TrainingData train,
            TrainingData validation,
            TrainingData test,
            boolean resume)
            throws IOException {
        Engine engine = Engine.getEngine("PyTorch");
        NDManager modelManager = manager.newSubManager();
        CheckpointStore checkpoints = new CheckpointStore(run.lastCheckpoint());
        TrainingProgress state;
        SpikingNetwork net;
        SnnOptimizer optimizer;
        if (resume && checkpoints.exists()) {
            CheckpointStore.Resumed resumed = checkpoints.load(modelManager, this::optimizerFor);
            state = resumed.progress();
            net = resumed.net();
            optimizer = resumed.optimizer();
            requireSameRun(state, net.spec(), spec);
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
            optimizer = optimizerFor(net);
            state = new TrainingProgress();
            state.lr = config.learningRate();
            state.dataFingerprint = dataFingerprint;
            state.trainingHash = trainingHash();
        }
        boolean selectOnValidation = validation.size() >= MIN_VALIDATION_PER_CLASS * spec.classes();
        if (!selectOnValidation) {
            LOG.warn(
                    "the validation split has {} samples for {} classes, too few to select on:"
                            + " the best network and the learning-rate schedule follow the"
                            + " training loss",
                    validation.size(),
                    spec.classes());
        }
        String selection =
                selectOnValidation
                        ? "validation_accuracy"
                        : "training_loss (validation has "
                                + validation.size()
                                + " samples, fewer than "
                                + MIN_VALIDATION_PER_CLASS
                                + " per class)";
        List<TrainingListener> told = new ArrayList<>();
        told.add(new LearningRateSchedule(config));
        told.add(new MetricsWriter(run, probe == null ? null : probe.label(), selection));
        told.add(checkpoints);
        told.addAll(listeners);
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
                for (TrainingListener listener : told) {
                    listener.onEpoch(state, net, optimizer);
                }
                LOG.info(
                        String.format(
                                Locale.ROOT,
                                "epoch %d/%d train loss %.4f acc %.2f%% | val loss %.4f acc "
                                        + "%.2f%% | %.1fs",
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
        for (TrainingListener listener : told) {
            listener.onEnd(state, outcome, result.firingRates());
        }
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

    private SnnOptimizer optimizerFor(SpikingNetwork net) {
        return new SnnOptimizer(
                config.optimizer(), config.weightDecay(), net.trainableParameters(), manager);
    }

    /** What must not change on resume: the training settings but the epoch cap. */
    private String trainingHash() {
        return Integer.toHexString(
                GSON.toJson(config.withEpochs(1, config.earlyStopPatience())).hashCode());
    }

    private void requireSameRun(TrainingProgress state, NetworkSpec saved, NetworkSpec configured)
            throws IOException {
        String ckpt = run.lastCheckpoint().toString();
        if (!SpikingNetwork.specJson(saved).equals(SpikingNetwork.specJson(configured))) {
            throw new IOException(
                    ckpt
                            + " holds another network than config.json describes; it "
                            + "belongs to another run");
        }
        if (state.dataFingerprint != null
                && dataFingerprint != null
                && !state.dataFingerprint.equals(dataFingerprint)) {
            throw new IOException(
                    ckpt
                            + " was trained on other data than --data-dir holds now (moved "
                            + "data must be"
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

    private boolean stoppedEarly(TrainingProgress state) {
        return config.earlyStopPatience() > 0
                && state.epochsWithoutImprovement >= config.earlyStopPatience();
    }

    /**
     * @return mean loss and accuracy of the epoch
     */
    private double[] trainEpoch(
            SpikingNetwork net,
            SnnOptimizer optimizer,
            TrainingData train,
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
                                "training interrupted at epoch %d, batch %d; --resume "
                                        + "continues from the last checkpoint",
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
                                    "training diverged: loss %s at epoch %d, batch %d (try "
                                            + "--ranges sparch-v2, a lower --lr"
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
            TrainingData train,
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
                        TrainingData input =
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
            TrainingData train,
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

    private static void record(
            TrainingProgress state,
            double[] train,
            Evaluation.Result val,
            double seconds,
            double tracked) {
        state.history.add(
                new TrainingProgress.Epoch(
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
}
