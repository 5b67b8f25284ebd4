/**
 * Experiment sweeps on Apache Spark: each training one task, each adaptation + evaluation cell one
 * task after its training; loaded only with {@code --spark-master}.
 */
package org.spikeshift.spark;
