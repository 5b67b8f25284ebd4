/** Audio-to-spikes encoders: mel filterbank with delta thresholds, and a cochlea-like model. */
package org.spikeshift.datasets.encode;
