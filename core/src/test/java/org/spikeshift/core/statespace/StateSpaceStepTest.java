package org.spikeshift.core.statespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one state-space step against the matrix form v' = A v + B_in I + B_s s in double. */
class StateSpaceStepTest {

    private static final int N = 7;

    @Test
    void advancesEveryNeuronAsTheMatrixFormDoes() {
        Random r = new Random(3);
        NeuronStateSpace[] neurons = new NeuronStateSpace[N];
        for (int i = 0; i < N; i++) {
            neurons[i] =
                    new NeuronStateSpace(
                            new Matrix2(
                                    r.nextDouble(),
                                    -r.nextDouble(),
                                    r.nextDouble(),
                                    r.nextDouble()),
                            new Vector2(r.nextDouble(), r.nextDouble()),
                            new Vector2(-r.nextDouble(), r.nextDouble()));
        }
        StateSpaceStep step = StateSpaceStep.of(StateSpaceArrays.of(neurons));
        assertTrue(step.adaptive());
        float[] u = new float[N];
        float[] w = new float[N];
        float[] s = new float[N];
        float[] in = new float[N];
        float[] wNext = new float[N];
        double[][] v = new double[N][2];
        for (int k = 0; k < 20; k++) {
            for (int i = 0; i < N; i++) {
                in[i] = (float) r.nextGaussian();
                s[i] = r.nextBoolean() ? 1f : 0f;
            }
            // the first neurons in one call, the rest one at a time, as the lazy simulator does
            step.advance(u, w, s, in, wNext, 0, 3);
            for (int i = 3; i < N; i++) {
                step.advance(u, w, s, in, wNext, i, i + 1);
            }
            System.arraycopy(wNext, 0, w, 0, N);
            for (int i = 0; i < N; i++) {
                Vector2 av = neurons[i].a().times(new Vector2(v[i][0], v[i][1]));
                Vector2 drive = neurons[i].bIn().times(in[i]);
                Vector2 feedback = neurons[i].bS().times(s[i]);
                v[i][0] = av.x0() + drive.x0() + feedback.x0();
                v[i][1] = av.x1() + drive.x1() + feedback.x1();
                assertEquals(v[i][0], u[i], 1e-4 * (1 + Math.abs(v[i][0])), "u, step " + k);
                assertEquals(v[i][1], w[i], 1e-4 * (1 + Math.abs(v[i][1])), "w, step " + k);
                u[i] = (float) v[i][0]; // no drift between the two
                w[i] = (float) v[i][1];
            }
        }
    }

    @Test
    void aLeakyNeuronSkipsWAndLeavesItsRowsAlone() {
        NeuronStateSpace[] neurons = new NeuronStateSpace[N];
        for (int i = 0; i < N; i++) {
            neurons[i] =
                    new NeuronStateSpace(
                            new Matrix2(0.9, 0, 0, 0), new Vector2(0.1, 0), new Vector2(-1, 0));
        }
        StateSpaceStep step = StateSpaceStep.of(StateSpaceArrays.of(neurons));
        assertFalse(step.adaptive());
        float[] u = new float[N];
        float[] wNext = new float[N];
        float[] in = new float[N];
        float[] s = new float[N];
        java.util.Arrays.fill(in, 2f);
        java.util.Arrays.fill(wNext, 5f);
        step.advance(u, new float[N], s, in, wNext, 0, N);
        s[0] = 1f;
        step.advance(u, new float[N], s, in, wNext, 0, N);
        assertEquals(0.9 * 0.2 + 0.2 - 1, u[0], 1e-6);
        assertEquals(0.9 * 0.2 + 0.2, u[1], 1e-6);
        assertEquals(5f, wNext[0]);
        assertEquals(0.1f, step.inputGain(0));
    }
}
