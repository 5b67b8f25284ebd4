/**
 * Spiking layers as DJL blocks: LIF, adLIF, RadLIF, the general state-space layer, and the
 * leaky-integrator readout. Tensors are (batch, time, channels).
 */
package org.spikeshift.core.neuron;
