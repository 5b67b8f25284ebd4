package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.spikeshift.core.neuron.SpikingLayer;

/**
 * A BatchNorm block (per feature, over batch x time) folded into a JVM time loop: the loop reads
 * the projection P = W x and normalises it on the fly, {@code I = scale P + shift}, and the
 * gradients of gamma, beta and P follow from two sums over dL/dI. On the engine, BatchNorm over (B
 * T, N) costs two passes forward and several backward over the layer's activations, its backward
 * alone about as much as both time loops of a hidden layer.
 */
public final class JvmBatchNorm {

    private JvmBatchNorm() {}

    /**
     * A BatchNorm at its running statistics as a per-feature scale and shift, {@code gamma (x -
     * mean) / sqrt(var + eps) + beta = scale x + shift}: the one fold the JVM loops, the streaming
     * runner and the event-driven simulator share.
     *
     * @return {scale, shift}
     */
    public static float[][] folded(BatchNorm norm) {
        Affine affine = of(norm, 0f, null, 0, 0, false);
        return new float[][] {affine.scale(), affine.shift()};
    }

    /**
     * The block's normalisation of {@code projected}: in training with the batch's statistics,
     * updating the running ones as the engine's BatchNorm does (momentum, unbiased running
     * variance); in inference with the running ones.
     *
     * @param norm the BatchNorm block
     * @param momentum the block's momentum, DJL's convention (weight of the old running value)
     * @param projected P, (B, T, N); unread in inference
     */
    static Affine of(
            BatchNorm norm,
            float momentum,
            FloatBuffer projected,
            int batch,
            int steps,
            boolean training) {
        PairList<String, Parameter> p = norm.getParameters();
        float[] gamma = p.get("gamma").getArray().toFloatArray();
        float[] beta = p.get("beta").getArray().toFloatArray();
        NDArray runningMean = p.get("runningMean").getArray();
        NDArray runningVar = p.get("runningVar").getArray();
        if (!training) {
            return Affine.of(gamma, beta, runningMean.toFloatArray(), runningVar.toFloatArray());
        }
        float[][] moments = moments(projected, batch, steps, gamma.length);
        float[] mean = moments[0];
        float[] variance = moments[1];
        float[] rm = runningMean.toFloatArray();
        float[] rv = runningVar.toFloatArray();
        double count = (double) batch * steps;
        float unbiased = (float) (count / Math.max(1, count - 1));
        float update = 1 - momentum;
        for (int i = 0; i < rm.length; i++) {
            rm[i] = momentum * rm[i] + update * mean[i];
            rv[i] = momentum * rv[i] + update * variance[i] * unbiased;
        }
        DirectBuffers.view(runningMean).put(0, rm);
        DirectBuffers.view(runningVar).put(0, rv);
        return Affine.of(gamma, beta, mean, variance);
    }

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
                inverseStd[i] =
                        (float)
                                (1
                                        / Math.sqrt(
                                                variance[i]
                                                        + (double)
                                                                SpikingLayer.BATCH_NORM_EPSILON));
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
         * The backward of a training pass: turns dL/dI into dL/dP in place and returns the
         * gradients of the block's trainable gamma and beta (the caller hands dL/dP on).
         *
         * @param p P, (B, T, N)
         * @param g dL/dI on entry, dL/dP on return, (B, T, N)
         * @param manager owner of the gradient arrays (the pass's)
         * @param gradSum sum of dL/dI over batch and time (N), or null to compute it here
         * @param gradDotCentered sum of dL/dI (P - mean) (N), or null to compute it here
         */
        List<TimeLoopTape.Gradient> backward(
                ParameterStore ps,
                BatchNorm norm,
                NDManager manager,
                FloatBuffer p,
                FloatBuffer g,
                int batch,
                int steps,
                float[] gradSum,
                float[] gradDotCentered) {
            float[][] sums =
                    gradSum != null
                            ? new float[][] {gradSum, gradDotCentered}
                            : sums(p, g, batch, steps);
            float[][] gradNorm = backward(p, g, batch, steps, sums[0], sums[1]);
            List<TimeLoopTape.Gradient> gradients = new ArrayList<>();
            addGradient(gradients, ps, manager, norm.getParameters().get("gamma"), gradNorm[0]);
            addGradient(gradients, ps, manager, norm.getParameters().get("beta"), gradNorm[1]);
            return gradients;
        }

        /**
         * A trainable parameter's gradient, handed to the engine (which accumulates it as its own);
         * the gradient array belongs to the pass's {@code manager}, not to the parameter's.
         */
        private static void addGradient(
                List<TimeLoopTape.Gradient> gradients,
                ParameterStore ps,
                NDManager manager,
                Parameter p,
                float[] grad) {
            if (p.requiresGradient()) {
                NDArray value = ps.getValue(p, manager.getDevice(), true);
                gradients.add(
                        new TimeLoopTape.Gradient(value, manager.create(grad, value.getShape())));
            }
        }

        /**
         * The sums of dL/dI and dL/dI (P - mean) over batch and time, per sample in sample order.
         */
        private float[][] sums(FloatBuffer p, FloatBuffer grad, int batch, int steps) {
            int n = scale.length;
            float[][] perSample = new float[2 * batch][];
            IntStream.range(0, batch)
                    .parallel()
                    .forEach(
                            s -> {
                                float[] pRow = new float[n];
                                float[] gRow = new float[n];
                                float[] sum = new float[n];
                                float[] dot = new float[n];
                                for (int t = 0; t < steps; t++) {
                                    int offset = (s * steps + t) * n;
                                    p.get(offset, pRow);
                                    grad.get(offset, gRow);
                                    for (int i = 0; i < n; i++) {
                                        sum[i] += gRow[i];
                                        dot[i] += gRow[i] * (pRow[i] - mean[i]);
                                    }
                                }
                                perSample[2 * s] = sum;
                                perSample[2 * s + 1] = dot;
                            });
            double[] sum = new double[n];
            double[] dot = new double[n];
            for (int s = 0; s < batch; s++) {
                for (int i = 0; i < n; i++) {
                    sum[i] += perSample[2 * s][i];
                    dot[i] += perSample[2 * s + 1][i];
                }
            }
            float[][] out = new float[2][n];
            for (int i = 0; i < n; i++) {
                out[0][i] = (float) sum[i];
                out[1][i] = (float) dot[i];
            }
            return out;
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
        private float[][] backward(
                FloatBuffer p,
                FloatBuffer grad,
                int batch,
                int steps,
                float[] gradSum,
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
                //       = a dL/dI + b (P - mean) + c, centred first so that a large mean cancels
                // nothing
                b[i] = (float) (-scale[i] * inverseStd[i] * gradXhat / count);
                c[i] = (float) (-scale[i] * gradSum[i] / count);
            }
            IntStream.range(0, batch)
                    .parallel()
                    .forEach(
                            s -> {
                                float[] pRow = new float[n];
                                float[] gRow = new float[n];
                                for (int t = 0; t < steps; t++) {
                                    int offset = (s * steps + t) * n;
                                    p.get(offset, pRow);
                                    grad.get(offset, gRow);
                                    for (int i = 0; i < n; i++) {
                                        gRow[i] =
                                                a[i] * gRow[i] + b[i] * (pRow[i] - mean[i]) + c[i];
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
    private static float[][] moments(FloatBuffer p, int batch, int steps, int n) {
        double[][] sums = new double[batch][];
        double[][] squares = new double[batch][];
        IntStream.range(0, batch)
                .parallel()
                .forEach(
                        s -> {
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
