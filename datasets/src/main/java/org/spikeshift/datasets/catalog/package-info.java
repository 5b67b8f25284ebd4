/** Data sets by name, as the command line asks for them. */
package org.spikeshift.datasets.catalog;
