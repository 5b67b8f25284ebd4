/** The embedded, generated default data set. */
package org.spikeshift.datasets.synthetic;
