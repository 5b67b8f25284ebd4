/** Networks built from a spec: hidden spiking layers and a readout, saved with their spec. */
package org.spikeshift.core.network;
