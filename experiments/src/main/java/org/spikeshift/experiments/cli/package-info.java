/** The {@code spikeshift} command line: picocli commands over the experiment definitions. */
package org.spikeshift.experiments.cli;
