/**
 * Time-loop backends: where a spiking layer's recurrence and the readout's integration run over the
 * time steps of a pass ({@link org.spikeshift.core.loop.TimeLoopBackend}), on the engine or in
 * plain Java with its own backward pass ({@link org.spikeshift.core.loop.TimeLoopTape}, handed to a
 * forward pass in its parameters). The only package of {@code core} that touches the PyTorch
 * engine's internals or engine arrays' memory.
 */
package org.spikeshift.core.loop;
