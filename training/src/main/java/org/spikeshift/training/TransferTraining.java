package org.spikeshift.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.spikeshift.core.loop.TimeLoopTape;
import org.spikeshift.core.network.SpikingNetwork;
import org.spikeshift.core.util.EnumIds;
import org.spikeshift.datasets.image.StaticImages;
import org.spikeshift.training.loss.LinearCka;
import org.spikeshift.training.loss.SnnLoss;

/**
 * Static-to-event knowledge transfer (science.md section 5). Each event sample is paired with a
 * random static image of its class, an intensity frame copied into both polarities and repeated
 * over every step; with probability min(1, (iteration / total)^3) the static input is the sample's
 * own event tensor instead (sliding replacement). Both domains run through the shared backbone,
 * each to its own head; the loss is
 *
 * <pre>
 * L = L_event + w (L_static + a L_align)
 * L_align = (1/T) sum_t sigmoid(eta_t) (1 - |CKA_t|)      (last hidden layer's membranes)
 * </pre>
 *
 * with w the transfer weight (1: the published loss; 0: events-only training, which then runs as
 * such), a the alignment weight (0.5 published), and the event loss one of two variants ({@link
 * EventLoss}). The static pass leaves the BatchNorm running statistics to the events.
 */
public final class TransferTraining {

    /** The event head's loss. */
    public enum EventLoss {
        /**
         * The loss on the time-averaged output, as events-only training: the gates weigh the
         * alignment alone (the authors' code without per-step outputs).
         */
        AVERAGED,
        /**
         * science.md's form: (1 - w) CE(event head) + w (1/T) sum_t (1 - sigmoid(eta_t)) CE_t, each
         * step's cross-entropy weighed against its alignment (the authors' per-step loss).
         */
        GATED;

        public String id() {
            return EnumIds.id(this);
        }
    }

    private final StaticImages images;
    private final int[][] byClass;
    private final int polarities;
    private final float weight;
    private final float alignment;
    private final boolean staticOnly;
    private final EventLoss eventLoss;

    /**
     * @param images the static domain, resized to the sensor
     * @param byClass image indices per event class (see {@link StaticImages#byClass})
     * @param polarities polarity channels of the sensor
     * @param weight the transfer weight w in [0, 1]
     * @param alignment the alignment weight a, at least 0
     * @param staticOnly train on the static images alone through the event network (the
     *     pre-training of the static-pretrain-then-fine-tune baseline)
     * @param eventLoss the event head's loss
     */
    public TransferTraining(
            StaticImages images,
            int[][] byClass,
            int polarities,
            float weight,
            float alignment,
            boolean staticOnly,
            EventLoss eventLoss) {
        requireWeights(weight, alignment);
        this.images = images;
        this.byClass = byClass;
        this.polarities = polarities;
        this.weight = weight;
        this.alignment = alignment;
        this.staticOnly = staticOnly;
        this.eventLoss = eventLoss;
    }

    /**
     * Fails with a one-line message naming the flag unless {@code weight} is in [0, 1] and {@code
     * alignment} a number of at least 0.
     */
    public static void requireWeights(float weight, float alignment) {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException(
                    "--transfer-weight must be in [0, 1], got " + weight);
        }
        if (!(alignment >= 0 && Float.isFinite(alignment))) {
            throw new IllegalArgumentException(
                    "--transfer-alignment must be a number >= 0, got " + alignment);
        }
    }

    /** Whether the transfer changes training at all (weight 0 is events-only training). */
    public boolean active() {
        return weight > 0 || staticOnly;
    }

    /** min(1, (iteration / total)^3). */
    public static double replacementProbability(long iteration, long total) {
        double r = (double) iteration / Math.max(total, 1);
        return Math.min(1, r * r * r);
    }

    /**
     * Static frames (B, T, P H W) of random images of {@code labels}' classes; a sample's row is
     * its own event frames instead with probability {@code replace}.
     */
    NDArray staticInput(
            NDManager manager, NDArray events, int[] labels, double replace, Random random) {
        Shape shape = events.getShape();
        int steps = Math.toIntExact(shape.get(1));
        int channels = Math.toIntExact(shape.get(2));
        int pixels = images.height() * images.width();
        if (channels != polarities * pixels) {
            throw new IllegalArgumentException(
                    "static images of "
                            + images.height()
                            + "x"
                            + images.width()
                            + " do not fit "
                            + channels
                            + " event channels");
        }
        float[] frames = new float[labels.length * steps * channels];
        float[] own = new float[labels.length];
        for (int b = 0; b < labels.length; b++) {
            int[] candidates = byClass[labels[b]];
            float[] image = images.pixels()[candidates[random.nextInt(candidates.length)]];
            own[b] = random.nextDouble() < replace ? 1 : 0;
            for (int t = 0; t < steps; t++) {
                for (int p = 0; p < polarities; p++) {
                    System.arraycopy(
                            image, 0, frames, (b * steps + t) * channels + p * pixels, pixels);
                }
            }
        }
        NDArray statics = manager.create(frames, shape);
        NDArray mask = manager.create(own, new Shape(labels.length, 1, 1));
        return events.mul(mask).add(statics.mul(mask.neg().add(1f)));
    }

    /**
     * One iteration's loss.
     *
     * @param events event frames (B, T, C)
     * @param oneHot labels one-hot (B, classes)
     * @param labels class indices
     * @param iteration iterations done before this one
     * @param total iterations of the whole training
     * @param random the draw of images and replacements
     * @param tape the pass's tape (see {@link TimeLoopTape})
     * @return the loss, and the event head's scores for accuracy
     */
    NDList loss(
            SpikingNetwork net,
            ParameterStore ps,
            TimeLoopTape tape,
            NDArray events,
            NDArray oneHot,
            int[] labels,
            SnnLoss loss,
            long iteration,
            long total,
            Random random) {
        NDManager manager = events.getManager();
        int steps = Math.toIntExact(events.getShape().get(1));
        if (staticOnly) {
            NDArray statics = staticInput(manager, events, labels, 0, random);
            NDArray scores = net.forward(ps, new NDList(statics), true, tape.params()).head();
            return new NDList(loss.compute(scores, oneHot, steps), scores);
        }
        NDArray statics =
                staticInput(
                        manager, events, labels, replacementProbability(iteration, total), random);
        NDList event = net.transferForward(ps, events, false, tape);
        NDList stat;
        net.setNormFrozen(true);
        try {
            stat = net.transferForward(ps, statics, true, tape);
        } finally {
            net.setNormFrozen(false);
        }
        NDArray w =
                manager.full(new Shape(), weight); // array operands: see djl-notes, autograd trap 1
        NDArray gates = ps.getValue(net.alignmentGates(), manager.getDevice(), true);
        NDArray sigma =
                Activation.sigmoid(
                        manager.zeros(new Shape())
                                .add(gates)); // the pass's manager, not the model's
        NDArray averagedCe = loss.compute(event.head(), oneHot, steps);
        NDArray eventTerm = averagedCe;
        if (eventLoss == EventLoss.GATED) {
            NDArray perStepCe =
                    event.get(1)
                            .logSoftmax(-1)
                            .mul(oneHot.expandDims(1))
                            .sum(new int[] {2})
                            .neg()
                            .mean(new int[] {0}); // (T)
            NDArray gatedCe = sigma.neg().add(1f).mul(perStepCe).mean();
            eventTerm = averagedCe.mul(w.neg().add(1f)).add(gatedCe.mul(w));
        }
        NDArray align =
                sigma.mul(LinearCka.perStep(event.get(2), stat.get(2)).abs().neg().add(1f)).mean();
        NDArray staticLoss = loss.compute(stat.head(), oneHot, steps);
        NDArray a = manager.full(new Shape(), alignment);
        NDArray combined = eventTerm.add(staticLoss.add(align.mul(a)).mul(w));
        return new NDList(combined, event.head());
    }
}
