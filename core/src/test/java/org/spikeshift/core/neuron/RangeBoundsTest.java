package org.spikeshift.core.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ranges in physical time: a neuron initialised at 1 ms behaves as its 10 ms counterpart. */
class RangeBoundsTest {

    /**
     * u of an adLIF neuron under a held input, w first then u (science.md section 1), no spikes.
     */
    private static double[] membrane(double alpha, double beta, double a, double input, int steps) {
        double u = 0;
        double w = 0;
        double[] out = new double[steps];
        for (int k = 0; k < steps; k++) {
            w = beta * w + a * u;
            u = alpha * u + (1 - alpha) * (input - w);
            out[k] = u;
        }
        return out;
    }

    private static double trackingError(double alpha, double beta, double a, double ratio) {
        int coarseSteps = 30;
        int perStep = (int) Math.round(1 / ratio);
        double[] coarse = membrane(alpha, beta, a, 1, coarseSteps);
        double[] fine =
                membrane(
                        Math.pow(alpha, ratio),
                        Math.pow(beta, ratio),
                        a * ratio,
                        1,
                        coarseSteps * perStep);
        double error = 0;
        double scale = 0;
        for (int k = 0; k < coarseSteps; k++) {
            error = Math.max(error, Math.abs(coarse[k] - fine[(k + 1) * perStep - 1]));
            scale = Math.max(scale, Math.abs(coarse[k]));
        }
        return error / scale;
    }

    @Test
    void anAdLifNeuronAtOneMillisecondTracksItsTenMillisecondCounterpart() {
        RangeBounds at10 = NeuronRanges.SPARCH_V2.bounds();
        RangeBounds at1 = NeuronRanges.SPARCH_V2.boundsAt(1, 10);
        assertEquals(Math.pow(at10.alpha().max(), 0.1), at1.alpha().max(), 1e-6);
        assertEquals(Math.pow(at10.beta().min(), 0.1), at1.beta().min(), 1e-6);
        assertEquals(at10.a().max() * 0.1, at1.a().max(), 1e-6);
        assertEquals(at10.b(), at1.b());
        for (double[] neuron :
                new double[][] {{0.9, 0.97, 0.5}, {0.96, 0.99, 1.0}, {0.7, 0.98, 0.3}}) {
            double converted = trackingError(neuron[0], neuron[1], neuron[2], 0.1);
            assertTrue(converted < 0.05, "converted " + converted);
            // the same values read per step at 1 ms: ten times faster dynamics
            double[] coarse = membrane(neuron[0], neuron[1], neuron[2], 1, 30);
            double[] unconverted = membrane(neuron[0], neuron[1], neuron[2], 1, 300);
            assertTrue(
                    Math.abs(coarse[4] - unconverted[49]) > 0.2 * Math.abs(coarse[4]),
                    "per-step ranges differ");
        }
    }

    @Test
    void perStepRangesAreTheNamedSetAtEveryBin() {
        assertEquals(NeuronRanges.SPARCH.bounds(), NeuronRanges.SPARCH.boundsAt(1, 0));
        assertEquals(NeuronRanges.SPARCH.bounds(), NeuronRanges.SPARCH.boundsAt(10, 10));
    }
}
