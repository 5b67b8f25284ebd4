/** Input adaptation: re-binning frames between resolutions instead of adapting the model. */
package org.spikeshift.datasets.rebin;
