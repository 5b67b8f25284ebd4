package org.spikeshift.core.loop;

import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;

/**
 * A layer's BatchNorm as a JVM loop folds it into its input ({@link JvmBatchNorm}).
 *
 * @param ps the parameter store of the pass
 * @param norm the block, per neuron
 * @param momentum the running statistics' momentum for this pass, DJL's convention (weight of the
 *     old value)
 */
public record BatchNormFold(ParameterStore ps, BatchNorm norm, float momentum) {

    /**
     * The block's normalisation of the projection {@code p} (B, T, N): the batch's statistics in
     * training, the running ones in inference (see {@link JvmBatchNorm}).
     */
    JvmBatchNorm.Affine affine(FloatBuffer p, int batch, int steps, boolean training) {
        return JvmBatchNorm.of(norm, momentum, p, batch, steps, training);
    }
}
