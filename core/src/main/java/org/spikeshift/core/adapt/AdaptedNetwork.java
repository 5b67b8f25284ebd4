package org.spikeshift.core.adapt;

import java.util.List;
import org.spikeshift.core.network.SpikingNetwork;

/**
 * The result of an adaptation.
 *
 * @param network the new network for the target bin size (the source is never changed)
 * @param rho target over source bin size
 * @param warnings conditions the user should know, e.g. unstable Euler dynamics
 */
public record AdaptedNetwork(SpikingNetwork network, double rho, List<String> warnings) {}
