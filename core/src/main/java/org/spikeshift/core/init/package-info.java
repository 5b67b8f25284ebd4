/** Initializers DJL does not ship: uniform within a range, fan-in uniform, orthogonal. */
package org.spikeshift.core.init;
