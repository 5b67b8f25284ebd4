/** Benchmarks measured by the benchmark command. */
package org.spikeshift.experiments.bench;
