package org.spikeshift.core.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for a weight of shape (out, in, ...), fan_in the product of
 * every dimension after the first, as PyTorch's {@code nn.Linear} and {@code nn.Conv2d}. DJL's
 * default (Xavier) leaves deep spiking layers silent with threshold 1.
 */
public final class FanInUniformInitializer implements Initializer {

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float bound = (float) (1 / Math.sqrt(shape.size() / shape.get(0)));
        return manager.randomUniform(-bound, bound, shape, dataType);
    }
}
