package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code W x} read from the active inputs only ({@link SparseProjection}), held with its gradient
 * in the layer's pool; its backward hands the engine the weights' gradient, and the input's when
 * the input is traced (dense: one engine product).
 */
public final class SparseInput implements LoopInput {
    private final SparseProjection product;
    private final NDArray x;
    private final NDArray weight;
    private final boolean weightGradient;
    private final boolean traced;
    private final ArrayPool pool;
    private final int units;
    private final Shape shape;
    private final float[] values;

    private SparseInput(
            SparseProjection product,
            NDArray x,
            NDArray weight,
            boolean weightGradient,
            boolean traced,
            ArrayPool pool) {
        this.product = product;
        this.x = x;
        this.weight = weight;
        this.weightGradient = weightGradient;
        this.traced = traced;
        this.pool = pool;
        units = Math.toIntExact(weight.getShape().get(0));
        Shape in = x.getShape();
        shape = new Shape(in.get(0), in.get(1), units);
        values = pool.take(Math.toIntExact(shape.size()));
        product.forward(weight.toFloatArray(), units, FloatBuffer.wrap(values));
    }

    /**
     * The sparse product {@code W x}, or null where it does not apply: where the JVM cannot read
     * {@code x} in place, or more than {@link SparseProjection#MAX_DENSITY} of it is active.
     *
     * @param x the input (B, T, C)
     * @param known the active inputs of {@code x} as its data loader knows them, or null to scan
     *     for them
     * @param traced whether {@code x} takes a gradient (the output of a JVM loop in training; an
     *     input the engine's own graph traces never comes here)
     * @param weight W (N, C)
     * @param weightGradient whether W takes a gradient
     * @param pool where the product and its gradient live
     */
    public static SparseInput of(
            NDArray x,
            ActiveInputs known,
            boolean traced,
            NDArray weight,
            boolean weightGradient,
            ArrayPool pool) {
        Shape shape = x.getShape();
        SparseProjection product;
        if (known != null && !traced && known.describe(shape)) {
            product = SparseProjection.of(known, SparseProjection.MAX_DENSITY);
        } else {
            FloatBuffer input = DirectBuffers.sharedOrNull(x);
            product =
                    input == null
                            ? null
                            : SparseProjection.of(
                                    input,
                                    Math.toIntExact(shape.get(0) * shape.get(1)),
                                    Math.toIntExact(shape.get(2)),
                                    SparseProjection.MAX_DENSITY);
        }
        return product == null
                ? null
                : new SparseInput(product, x, weight, weightGradient, traced, pool);
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public NDManager manager() {
        return x.getManager();
    }

    @Override
    public FloatBuffer values() {
        return FloatBuffer.wrap(values);
    }

    @Override
    public List<TimeLoopTape.Gradient> backward(Consumer<FloatBuffer> write) {
        float[] gradient = pool.take(values.length);
        write.accept(FloatBuffer.wrap(gradient));
        NDManager manager = x.getManager();
        List<TimeLoopTape.Gradient> gradients = new ArrayList<>();
        if (weightGradient) {
            float[] gradWeight = product.weightGradient(FloatBuffer.wrap(gradient), units);
            gradients.add(
                    new TimeLoopTape.Gradient(
                            weight, manager.create(gradWeight, weight.getShape())));
        }
        if (traced) {
            NDArray gradP = manager.create(shape, DataType.FLOAT32);
            DirectBuffers.write(gradP, gradient);
            NDArray gradInput =
                    gradP.reshape(shape.get(0) * shape.get(1), units)
                            .matMul(weight.stopGradient())
                            .reshape(x.getShape());
            gradients.add(new TimeLoopTape.Gradient(x, gradInput));
        }
        pool.give(values, gradient);
        return gradients;
    }

    @Override
    public void release() {
        pool.give(values);
    }
}
