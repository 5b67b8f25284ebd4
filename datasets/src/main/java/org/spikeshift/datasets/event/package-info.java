/** The common event representation every format reads into. */
package org.spikeshift.datasets.event;
