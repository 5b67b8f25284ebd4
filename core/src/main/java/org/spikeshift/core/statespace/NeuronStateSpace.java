package org.spikeshift.core.statespace;

/**
 * The exact state-space view of one neuron: with state v = [u; w], {@code v[k] = A v[k-1] + B_in
 * I[k] + B_s s[k-1]}, {@code s[k] = H(u[k] - theta)}.
 *
 * <pre>
 * adLIF:  A    = [[alpha - (1-alpha) a, -(1-alpha) beta], [a, beta]]
 *         B_in = [1 - alpha; 0]
 *         B_s  = [-(alpha + (1-alpha) b); b]
 * LIF:    A = [[alpha, 0], [0, 1]], B_in = [1 - alpha; 0], B_s = [-alpha; 0]
 * </pre>
 *
 * LIF's second state is a decoupled placeholder that stays 0, so one 2x2 form covers every model.
 * Each neuron layer writes its own form once, as the engine rows of its {@code stateSpace}.
 *
 * @param a the state matrix A
 * @param bIn the input gain B_in
 * @param bS the spike feedback B_s
 */
public record NeuronStateSpace(Matrix2 a, Vector2 bIn, Vector2 bS) {

    /**
     * Whether the dynamics grow without input: spectral radius of A at least 1. A LIF neuron's w
     * row is decoupled and never driven (A = diag(alpha, 1)), so only u's decay counts there.
     */
    public boolean unstable() {
        boolean scalar = a.m01() == 0 && a.m10() == 0 && bIn.x1() == 0 && bS.x1() == 0;
        return (scalar ? Math.abs(a.m00()) : a.spectralRadius()) >= 1;
    }
}
