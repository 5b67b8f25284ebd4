package org.spikeshift.core.neuron;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * A hidden layer's BatchNorm (per feature, over batch x time) folded into the JVM time loop: the
 * loop reads the projection P = W x and normalises it on the fly, {@code I = scale P + shift},
 * and its backward returns the sums this class turns into the gradients of gamma, beta and P.
 * On the engine, BatchNorm over (B T, N) costs two passes forward and several backward over the
 * layer's activations, its backward alone about as much as both time loops of the layer.
 */
final class JvmBatchNorm {

    /** BatchNorm's epsilon (DJL's and PyTorch's default). */
    static final float EPSILON = 1e-5f;

    private JvmBatchNorm() {}

    /**
     * {@code I = scale P + shift}, per neuron.
     *
     * @param mean the statistics' mean, (N)
     * @param inverseStd 1 / sqrt(var + eps), (N)
     */
    record Affine(float[] scale, float[] shift, float[] mean, float[] inverseStd) {

        /** From gamma, beta and a mean and (biased) variance. */
        static Affine of(float[] gamma, float[] beta, float[] mean, float[] variance) {
            int n = gamma.length;
            float[] scale = new float[n];
            float[] shift = new float[n];
            float[] inverseStd = new float[n];
            for (int i = 0; i < n; i++) {
                inverseStd[i] = (float) (1 / Math.sqrt(variance[i] + (double) EPSILON));
                scale[i] = gamma[i] * inverseStd[i];
                shift[i] = beta[i] - mean[i] * scale[i];
            }
            return new Affine(scale, shift, mean, inverseStd);
        }

        /** {@code out = scale p + shift}. */
        void apply(float[] p, float[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = p[i] * scale[i] + shift[i];
            }
        }

        /**
         * dL/dP in place of dL/dI over the whole batch, and the gradients of gamma and beta.
         *
         * @param p the projection, (B, T, N)
         * @param grad dL/dI on entry, dL/dP on return, (B, T, N)
         * @param gradSum sum of dL/dI over batch and time, (N)
         * @param gradDotCentered sum of dL/dI * (P - mean) over batch and time, (N)
         * @return dL/d gamma and dL/d beta
         */
        float[][] backward(FloatBuffer p, FloatBuffer grad, int batch, int steps, float[] gradSum,
                float[] gradDotCentered) {
            int n = scale.length;
            double count = (double) batch * steps;
            float[] gradGamma = new float[n];
            float[] a = scale;
            float[] b = new float[n];
            float[] c = new float[n];
            for (int i = 0; i < n; i++) {
                // sum of dL/dI * xhat, with xhat = (P - mean) / std
                double gradXhat = (double) inverseStd[i] * gradDotCentered[i];
                gradGamma[i] = (float) gradXhat;
                // dL/dP = scale (dL/dI - sum(dL/dI) / M - xhat sum(dL/dI xhat) / M)
                //       = a dL/dI + b (P - mean) + c, centred first so that a large mean cancels nothing
                b[i] = (float) (-scale[i] * inverseStd[i] * gradXhat / count);
                c[i] = (float) (-scale[i] * gradSum[i] / count);
            }
            IntStream.range(0, batch).parallel().forEach(s -> {
                float[] pRow = new float[n];
                float[] gRow = new float[n];
                for (int t = 0; t < steps; t++) {
                    int offset = (s * steps + t) * n;
                    p.get(offset, pRow);
                    grad.get(offset, gRow);
                    for (int i = 0; i < n; i++) {
                        gRow[i] = a[i] * gRow[i] + b[i] * (pRow[i] - mean[i]) + c[i];
                    }
                    grad.put(offset, gRow);
                }
            });
            return new float[][] {gradGamma, gradSum.clone()};
        }
    }

    /**
     * The mean and biased variance of each feature of P (B, T, N) over batch and time: sums per
     * sample in double, added in sample order, so the result does not depend on the threads.
     *
     * @return mean and variance, (N) each
     */
    static float[][] moments(FloatBuffer p, int batch, int steps, int n) {
        double[][] sums = new double[batch][];
        double[][] squares = new double[batch][];
        IntStream.range(0, batch).parallel().forEach(s -> {
            double[] sum = new double[n];
            double[] square = new double[n];
            float[] row = new float[n];
            for (int t = 0; t < steps; t++) {
                p.get((s * steps + t) * n, row);
                for (int i = 0; i < n; i++) {
                    double x = row[i];
                    sum[i] += x;
                    square[i] += x * x;
                }
            }
            sums[s] = sum;
            squares[s] = square;
        });
        double count = (double) batch * steps;
        float[] mean = new float[n];
        float[] variance = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double square = 0;
            for (int s = 0; s < batch; s++) {
                sum += sums[s][i];
                square += squares[s][i];
            }
            double m = sum / count;
            mean[i] = (float) m;
            variance[i] = (float) Math.max(0, square / count - m * m);
        }
        return new float[][] {mean, variance};
    }
}
