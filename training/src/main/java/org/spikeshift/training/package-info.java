/**
 * Training by backpropagation through time: the trainer, run folders, checkpoints, evaluation and
 * memory estimates.
 */
package org.spikeshift.training;
