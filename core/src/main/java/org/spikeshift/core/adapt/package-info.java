/** Zero-shot temporal-resolution adaptation of trained networks. */
package org.spikeshift.core.adapt;
