/** Small helpers shared by every module. */
package org.spikeshift.core.util;
