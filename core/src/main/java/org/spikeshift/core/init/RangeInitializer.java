package org.spikeshift.core.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import org.spikeshift.core.neuron.ParamRange;

/** Draws values uniformly from a {@link ParamRange} (DJL's uniform draws only from [-s, s]). */
public final class RangeInitializer implements Initializer {

    private final ParamRange range;

    public RangeInitializer(ParamRange range) {
        this.range = range;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        return manager.randomUniform(range.min(), range.max(), shape, dataType);
    }
}
