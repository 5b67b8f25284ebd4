package org.spikeshift.core.network;

import java.util.ArrayList;
import java.util.List;
import org.spikeshift.core.neuron.ConvShape;
import org.spikeshift.core.neuron.NeuronKind;

/**
 * Convolutional spiking layers in front of the dense ones: one layer per entry of {@code filters},
 * each a square kernel with "same" padding, then pooling.
 *
 * @param filters filters per layer, input side first
 * @param kernel odd kernel size of every layer
 * @param pool pooling window and stride after every layer, 1 for none
 * @param pooling average or max
 */
public record ConvStack(List<Integer> filters, int kernel, int pool, ConvShape.Pooling pooling) {

    public ConvStack {
        if (filters == null || filters.isEmpty()) {
            throw new IllegalArgumentException("--conv needs at least one layer of filters");
        }
        for (int f : filters) {
            if (f <= 0) {
                throw new IllegalArgumentException("--conv filters must be positive, got " + f);
            }
        }
        filters = List.copyOf(filters);
    }

    /**
     * The layers over a sensor of (polarities, height, width).
     *
     * @throws IllegalArgumentException when the maps pool away or the neuron model has no
     *     convolutional form
     */
    public List<LayerSpec> layers(NeuronKind kind, int[] sensor) {
        List<LayerSpec> out = new ArrayList<>();
        ConvShape shape = new ConvShape(sensor[0], sensor[1], sensor[2], kernel, pool, pooling);
        for (int i = 0; i < filters.size(); i++) {
            if (i > 0) {
                int side = Math.min(shape.pooledHeight(), shape.pooledWidth());
                if (side < pool) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "--conv %s with --pool %d pools the %dx%d sensor away "
                                            + "before layer %d",
                                    filters, pool, sensor[1], sensor[2], i + 1));
                }
                shape = shape.next(filters.get(i - 1), kernel, pool);
            }
            out.add(LayerSpec.conv(kind, filters.get(i), shape));
        }
        return out;
    }
}
