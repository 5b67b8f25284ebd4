package org.spikeshift.core.neuron;

import org.spikeshift.core.util.EnumIds;

/**
 * The convolution of a convolutional spiking layer: a square kernel over (channels, height, width)
 * input maps with "same" padding and stride 1, then optional pooling. The layer's neurons are its
 * filters x height x width, with one set of neuron parameters per filter.
 *
 * @param inChannels input maps (2 polarities for an event camera)
 * @param height input height
 * @param width input width
 * @param kernel odd kernel size
 * @param pool pooling window and stride, 1 for none
 * @param pooling average or max
 */
public record ConvShape(
        int inChannels, int height, int width, int kernel, int pool, Pooling pooling) {

    /** How spike maps are pooled. */
    public enum Pooling {
        AVG,
        MAX;

        public String id() {
            return EnumIds.id(this);
        }

        public static Pooling fromId(String id) {
            return EnumIds.parse(Pooling.class, id, "pooling");
        }
    }

    public ConvShape {
        if (inChannels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "input maps must have positive channels, height and width, got "
                            + inChannels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new IllegalArgumentException(
                    "--kernel must be a positive odd number, got " + kernel);
        }
        if (pool <= 0 || pool > Math.min(height, width)) {
            throw new IllegalArgumentException(
                    "--pool must be between 1 and the map size "
                            + Math.min(height, width)
                            + ", got "
                            + pool);
        }
        if (pooling == null) {
            throw new IllegalArgumentException("a pooling mode is required");
        }
    }

    /** Input values per step: inChannels x height x width. */
    public int inputSize() {
        return inChannels * height * width;
    }

    /** Neurons of a layer of {@code filters} filters: filters x height x width. */
    public int neurons(int filters) {
        return filters * height * width;
    }

    /** Height after pooling. */
    public int pooledHeight() {
        return height / pool;
    }

    /** Width after pooling. */
    public int pooledWidth() {
        return width / pool;
    }

    /** Output values per step of a layer of {@code filters} filters, after pooling. */
    public int outputSize(int filters) {
        return filters * pooledHeight() * pooledWidth();
    }

    /** The shape of the next convolution, fed by {@code filters} pooled maps. */
    public ConvShape next(int filters, int nextKernel, int nextPool) {
        return new ConvShape(filters, pooledHeight(), pooledWidth(), nextKernel, nextPool, pooling);
    }
}
