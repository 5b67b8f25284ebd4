/** Pure, composable event transforms and binning of raw event times into frames. */
package org.spikeshift.datasets.transform;
