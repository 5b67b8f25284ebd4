/** Exact 2x2 state-space algebra of the neuron models: matrix powers and power sums. */
package org.spikeshift.core.statespace;
