package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The recurrence on the JVM ({@link JvmTimeLoop}) over all steps at once, BatchNorm and dropout
 * included, for layers without recurrent weights on the CPU; its backward stage goes to the pass's
 * {@link TimeLoopTape}. Training normalises with the batch's statistics and updates the running
 * ones as the engine's BatchNorm does (momentum, unbiased running variance); inference with the
 * running ones.
 */
public final class JvmBackend implements TimeLoopBackend {

    static final JvmBackend INSTANCE = new JvmBackend();

    private JvmBackend() {}

    @Override
    public boolean foldsNormalisation() {
        return true;
    }

    @Override
    public NDList run(Recurrence r, LoopInput input, LoopPass pass) {
        if (r.recurrentU() != null) {
            throw new IllegalArgumentException("the JVM's loop runs layers without recurrence");
        }
        Shape shape = input.shape();
        int batch = Math.toIntExact(shape.get(0));
        int steps = Math.toIntExact(shape.get(1));
        NDManager manager = input.manager();
        BatchNormFold fold = pass.norm();
        JvmBatchNorm.Affine normalisation =
                fold == null ? null : fold.affine(input.values(), batch, steps, pass.training());
        float dropRate = pass.training() ? pass.dropRate() : 0f;
        long seed =
                dropRate > 0
                        ? manager.randomInteger(
                                        Long.MIN_VALUE, Long.MAX_VALUE, new Shape(), DataType.INT64)
                                .getLong()
                        : 0;
        NDArray coefficients = r.coefficients();
        JvmTimeLoop loop =
                new JvmTimeLoop(
                        coefficients.toFloatArray(),
                        r.neurons(),
                        r.threshold(),
                        r.surrogate(),
                        r.surrogateScale(),
                        r.adaptive(),
                        r.inputReachesW(),
                        dropRate,
                        seed,
                        normalisation);
        boolean recordStates = pass.recordStates();
        TimeLoopTape tape = pass.tape();
        ArrayPool pool = pass.pool();
        NDArray out = manager.create(shape, DataType.FLOAT32);
        // u and w for backward live in the pool; recorded states return as engine arrays
        NDArray u = recordStates ? manager.create(shape, DataType.FLOAT32) : null;
        NDArray w = recordStates && r.adaptive() ? manager.create(shape, DataType.FLOAT32) : null;
        int elements = Math.toIntExact(shape.size());
        float[] uTrace = tape != null && !recordStates ? pool.take(elements) : null;
        float[] wTrace = uTrace != null && r.adaptive() ? pool.take(elements) : null;
        JvmTimeLoop.Trace trace =
                loop.forward(
                        input.values(),
                        batch,
                        steps,
                        DirectBuffers.view(out),
                        u != null ? DirectBuffers.view(u) : wrap(uTrace),
                        w != null ? DirectBuffers.view(w) : wrap(wTrace));
        NDArray meanRate = manager.create((float) (trace.spikeCount() / elements));
        if (tape == null) {
            input.release();
        } else {
            out.setRequiresGradient(true);
            meanRate.setRequiresGradient(true);
            tape.record(
                    () -> {
                        List<TimeLoopTape.Gradient> gradients = new ArrayList<>();
                        JvmTimeLoop.Gradient[] gradient = new JvmTimeLoop.Gradient[1];
                        gradients.addAll(
                                input.backward(
                                        gradInput -> {
                                            try (NDArray gOut = out.getGradient();
                                                    NDArray gRate = meanRate.getGradient()) {
                                                gradient[0] =
                                                        loop.backward(
                                                                trace,
                                                                input.values(),
                                                                DirectBuffers.view(gOut),
                                                                gRate.getFloat() / elements,
                                                                gradInput);
                                            }
                                            pool.give(uTrace, wTrace);
                                            if (normalisation != null) {
                                                gradients.addAll(
                                                        normalisation.backward(
                                                                fold.ps(),
                                                                fold.norm(),
                                                                manager,
                                                                input.values(),
                                                                gradInput,
                                                                batch,
                                                                steps,
                                                                gradient[0].gradSum(),
                                                                gradient[0].gradDotCentered()));
                                            }
                                        }));
                        if (r.trainable()) {
                            gradients.add(
                                    new TimeLoopTape.Gradient(
                                            coefficients,
                                            manager.create(
                                                    gradient[0].coefficients(),
                                                    coefficients.getShape())));
                        }
                        return gradients;
                    });
        }
        NDList result = new NDList(out, meanRate);
        if (recordStates) {
            result.add(u);
            result.add(w == null ? manager.zeros(shape) : w);
        }
        return result;
    }

    /**
     * The integration with the BatchNorm folded in; its gradient reaches alpha, the BatchNorm and
     * the projection through the tape.
     */
    @Override
    public NDArray integrate(NDArray alpha, NDArray projected, LoopPass pass) {
        Shape shape = projected.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int steps = Math.toIntExact(shape.get(1));
        NDManager manager = projected.getManager();
        BatchNormFold fold = pass.norm();
        JvmBatchNorm.Affine normalisation =
                fold.affine(DirectBuffers.view(projected), batch, steps, pass.training());
        JvmLeakyIntegration integration =
                new JvmLeakyIntegration(alpha.toFloatArray(), normalisation);
        NDArray membrane = manager.create(shape, DataType.FLOAT32);
        integration.forward(
                DirectBuffers.view(projected), batch, steps, DirectBuffers.view(membrane));
        TimeLoopTape tape = pass.tape();
        if (tape != null) {
            membrane.setRequiresGradient(true);
            tape.record(
                    () -> {
                        NDArray gradProjected = manager.create(shape, DataType.FLOAT32);
                        float[] gradAlpha;
                        try (NDArray g = membrane.getGradient()) {
                            gradAlpha =
                                    integration.backward(
                                            DirectBuffers.view(projected),
                                            DirectBuffers.view(membrane),
                                            DirectBuffers.view(g),
                                            batch,
                                            steps,
                                            DirectBuffers.view(gradProjected));
                        }
                        List<TimeLoopTape.Gradient> gradients =
                                new ArrayList<>(
                                        normalisation.backward(
                                                fold.ps(),
                                                fold.norm(),
                                                manager,
                                                DirectBuffers.view(projected),
                                                DirectBuffers.view(gradProjected),
                                                batch,
                                                steps,
                                                null,
                                                null));
                        gradients.add(new TimeLoopTape.Gradient(projected, gradProjected));
                        gradients.add(
                                new TimeLoopTape.Gradient(
                                        alpha, manager.create(gradAlpha, alpha.getShape())));
                        return gradients;
                    });
        }
        return membrane;
    }

    private static FloatBuffer wrap(float[] array) {
        return array == null ? null : FloatBuffer.wrap(array);
    }
}
