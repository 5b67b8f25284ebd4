/** Experiment definitions: one readable path from config to data, model, training and results. */
package org.spikeshift.experiments.experiment;
