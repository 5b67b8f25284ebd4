package org.spikeshift.core.loop;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.spikeshift.core.statespace.LeakyStep;

/**
 * The readout's leaky integration {@code u[k] = alpha u[k-1] + (1 - alpha) I[k]} over all steps in
 * plain Java, forward and backward, on the engine arrays' own memory, with the readout's BatchNorm
 * folded in when given. Given the same I, the arithmetic follows the engine loop's order, so
 * membranes are the same to the bit.
 */
final class JvmLeakyIntegration {

    private final float[] alpha;
    private final LeakyStep step;
    private final JvmBatchNorm.Affine normalisation;

    /**
     * @param alpha the decay per output (C)
     * @param normalisation the folded BatchNorm {@code I = scale P + shift} of the input P, or null
     *     when the input is I itself
     */
    JvmLeakyIntegration(float[] alpha, JvmBatchNorm.Affine normalisation) {
        this.alpha = alpha;
        this.step = new LeakyStep(alpha);
        this.normalisation = normalisation;
    }

    /**
     * @param current I, or P with a folded normalisation, (B, T, C)
     * @param membrane receives u, (B, T, C)
     */
    void forward(FloatBuffer current, int batch, int steps, FloatBuffer membrane) {
        int c = alpha.length;
        int block = steps * c;
        IntStream.range(0, batch)
                .parallel()
                .forEach(
                        b -> {
                            float[] u = read(current, b * block, block);
                            step.advance(null, 0, u, 0, u, 0);
                            for (int base = c; base < block; base += c) {
                                step.advance(u, base - c, u, base, u, base);
                            }
                            membrane.put(b * block, u);
                        });
    }

    /**
     * @param current the forward pass's input, (B, T, C)
     * @param membrane the forward pass's u, (B, T, C)
     * @param gradMembrane dL/du, (B, T, C)
     * @param gradCurrent receives dL/dI, (B, T, C) (of I, also when the input is P)
     * @return dL/d alpha (C)
     */
    float[] backward(
            FloatBuffer current,
            FloatBuffer membrane,
            FloatBuffer gradMembrane,
            int batch,
            int steps,
            FloatBuffer gradCurrent) {
        int c = alpha.length;
        int block = steps * c;
        float[][] perSample = new float[batch][c];
        IntStream.range(0, batch)
                .parallel()
                .forEach(
                        b -> {
                            float[] g = new float[block];
                            gradMembrane.get(b * block, g);
                            float[] in = read(current, b * block, block);
                            float[] u = new float[block];
                            membrane.get(b * block, u);
                            float[] gradAlpha = perSample[b];
                            // total gradient of u[k], from later steps first; du[k]/d alpha =
                            // u[k-1] - I[k]
                            for (int base = block - c; base >= 0; base -= c) {
                                for (int i = 0; i < c; i++) {
                                    int k = base + i;
                                    if (k + c < block) {
                                        g[k] += alpha[i] * g[k + c];
                                    }
                                    float previous = k >= c ? u[k - c] : 0f;
                                    gradAlpha[i] += g[k] * (previous - in[k]);
                                    in[k] = g[k] * step.inputGain(i);
                                }
                            }
                            gradCurrent.put(b * block, in);
                        });
        float[] gradAlpha = new float[c];
        for (float[] g : perSample) {
            for (int i = 0; i < c; i++) {
                gradAlpha[i] += g[i];
            }
        }
        return gradAlpha;
    }

    /** One sample's block of I: read, and normalised when a normalisation is folded in. */
    private float[] read(FloatBuffer current, int offset, int block) {
        float[] values = new float[block];
        current.get(offset, values);
        if (normalisation != null) {
            float[] row = new float[alpha.length];
            for (int base = 0; base < block; base += row.length) {
                System.arraycopy(values, base, row, 0, row.length);
                normalisation.apply(row, row);
                System.arraycopy(row, 0, values, base, row.length);
            }
        }
        return values;
    }
}
