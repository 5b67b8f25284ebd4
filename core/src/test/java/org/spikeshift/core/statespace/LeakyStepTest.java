package org.spikeshift.core.statespace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The readout step against its closed form u[k] = (1 - a) sum over j <= k of a^(k-j) I[j]. */
class LeakyStepTest {

    @Test
    void stepsInPlaceAsTheClosedFormSays() {
        float[] alpha = {0.0f, 0.5f, 0.9f};
        int c = alpha.length;
        int steps = 12;
        Random r = new Random(5);
        float[] block = new float[steps * c];
        for (int i = 0; i < block.length; i++) {
            block[i] = (float) r.nextGaussian();
        }
        float[] input = block.clone();
        LeakyStep step = new LeakyStep(alpha);
        step.advance(null, 0, block, 0, block, 0);
        for (int base = c; base < block.length; base += c) {
            step.advance(block, base - c, block, base, block, base);
        }
        for (int k = 0; k < steps; k++) {
            for (int o = 0; o < c; o++) {
                double expected = 0;
                for (int j = 0; j <= k; j++) {
                    expected += (1 - alpha[o]) * Math.pow(alpha[o], k - j) * input[j * c + o];
                }
                assertEquals(expected, block[k * c + o], 1e-5, "step " + k + ", output " + o);
            }
        }
        assertEquals(0.1f, step.inputGain(2), 1e-7);
    }
}
