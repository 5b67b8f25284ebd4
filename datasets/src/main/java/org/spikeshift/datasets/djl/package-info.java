/** DJL datasets over the common event representation. */
package org.spikeshift.datasets.djl;
