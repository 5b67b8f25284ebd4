/** Output losses and regularisers. */
package org.spikeshift.training.loss;
