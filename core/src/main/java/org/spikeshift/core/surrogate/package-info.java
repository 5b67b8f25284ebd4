/** Surrogate gradients for the spike nonlinearity, in the straight-through form. */
package org.spikeshift.core.surrogate;
