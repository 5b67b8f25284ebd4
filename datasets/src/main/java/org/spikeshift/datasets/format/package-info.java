/** Readers of the public file formats, each testable from in-memory bytes. */
package org.spikeshift.datasets.format;
