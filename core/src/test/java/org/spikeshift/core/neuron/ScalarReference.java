package org.spikeshift.core.neuron;

/**
 * Plain double-precision simulations of the neuron equations of science.md, written from the
 * equations alone, as the oracle the blocks are tested against.
 */
final class ScalarReference {

    private ScalarReference() {}

    /**
     * Spikes [b][t][n] of an adLIF (or RadLIF with v != null, or LIF with adaptive false) layer.
     */
    static double[][][] simulate(
            double[][][] current,
            double[] alpha,
            double[] beta,
            double[] a,
            double[] b,
            double[][] v,
            boolean adaptive,
            double[][][] uOut) {
        int batch = current.length;
        int steps = current[0].length;
        int units = alpha.length;
        double[][][] spikes = new double[batch][steps][units];
        for (int bi = 0; bi < batch; bi++) {
            double[] u = new double[units];
            double[] w = new double[units];
            double[] s = new double[units];
            for (int t = 0; t < steps; t++) {
                double[] nu = new double[units];
                double[] nw = new double[units];
                for (int n = 0; n < units; n++) {
                    double input = current[bi][t][n];
                    if (v != null) {
                        for (int j = 0; j < units; j++) {
                            input += j == n ? 0 : v[n][j] * s[j];
                        }
                    }
                    if (adaptive) {
                        nw[n] = beta[n] * w[n] + a[n] * u[n] + b[n] * s[n];
                        nu[n] = alpha[n] * (u[n] - s[n]) + (1 - alpha[n]) * (input - nw[n]);
                    } else {
                        nu[n] = alpha[n] * (u[n] - s[n]) + (1 - alpha[n]) * input;
                    }
                }
                for (int n = 0; n < units; n++) {
                    u[n] = nu[n];
                    w[n] = nw[n];
                    s[n] = u[n] > 1.0 ? 1 : 0;
                    spikes[bi][t][n] = s[n];
                    if (uOut != null) {
                        uOut[bi][t][n] = u[n];
                    }
                }
            }
        }
        return spikes;
    }
}
