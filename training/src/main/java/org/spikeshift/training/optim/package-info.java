/** Optimisers with saveable state and learning-rate schedules. */
package org.spikeshift.training.optim;
