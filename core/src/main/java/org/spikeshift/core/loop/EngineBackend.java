package org.spikeshift.core.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import org.spikeshift.core.surrogate.Surrogate.SpikeFunction;

/**
 * The recurrence step by step with engine operations under the engine's autograd: any engine, any
 * device, recurrent weights included. Its input is the normalised current.
 */
public final class EngineBackend implements TimeLoopBackend {

    static final EngineBackend INSTANCE = new EngineBackend();

    private EngineBackend() {}

    @Override
    public boolean foldsNormalisation() {
        return false;
    }

    @Override
    public NDList run(Recurrence r, LoopInput input, LoopPass pass) {
        if (!(input instanceof EngineInput engineInput)) {
            throw new IllegalArgumentException("the engine's loop reads an engine array");
        }
        NDArray current = engineInput.array();
        NDManager manager = current.getManager();
        Shape shape = current.getShape();
        int steps = Math.toIntExact(shape.get(1));
        // (1, N) rows broadcast over (B, 1, N) states; state first, coefficient second runs faster
        NDList c = r.coefficients().split(Recurrence.ROWS, 0);
        boolean adaptive = r.adaptive();
        NDArray du = current.mul(c.get(Recurrence.BIN0));
        NDArray dw = adaptive && r.inputReachesW() ? current.mul(c.get(Recurrence.BIN1)) : null;
        NDList duSteps = du.split(steps, 1);
        NDList dwSteps = dw == null ? null : dw.split(steps, 1);
        SpikeFunction spike = r.surrogate().bind(manager, r.threshold(), r.surrogateScale());
        NDArray zero = manager.zeros(new Shape(shape.get(0), 1, shape.get(2)));
        NDArray u = zero;
        NDArray w = zero;
        NDArray s = zero;
        NDList spikes = new NDList(steps);
        NDList us = new NDList(pass.recordStates() ? steps : 0);
        NDList ws = new NDList(pass.recordStates() ? steps : 0);
        for (int t = 0; t < steps; t++) {
            NDArray uNext;
            NDArray wNext = w;
            if (adaptive) {
                uNext =
                        u.mul(c.get(Recurrence.A00))
                                .add(w.mul(c.get(Recurrence.A01)))
                                .add(s.mul(c.get(Recurrence.BS0)));
                wNext =
                        u.mul(c.get(Recurrence.A10))
                                .add(w.mul(c.get(Recurrence.A11)))
                                .add(s.mul(c.get(Recurrence.BS1)));
                if (dwSteps != null) {
                    wNext = wNext.add(dwSteps.get(t));
                }
            } else {
                uNext = u.mul(c.get(Recurrence.A00)).add(s.mul(c.get(Recurrence.BS0)));
            }
            uNext = uNext.add(duSteps.get(t));
            if (r.recurrentU() != null) {
                uNext = uNext.add(s.matMul(r.recurrentU()));
                if (r.recurrentW() != null) {
                    wNext = wNext.add(s.matMul(r.recurrentW()));
                }
            }
            u = uNext;
            w = wNext;
            s = spike.apply(u);
            spikes.add(s);
            if (pass.recordStates()) {
                us.add(u);
                ws.add(w);
            }
        }
        NDArray out = NDArrays.concat(spikes, 1);
        NDList result =
                new NDList(
                        pass.dropRate() > 0
                                ? Dropout.dropout(out, pass.dropRate(), pass.training()).head()
                                : out,
                        out.mean());
        if (pass.recordStates()) {
            result.add(NDArrays.concat(us, 1));
            result.add(NDArrays.concat(ws, 1));
        }
        return result;
    }

    @Override
    public NDArray integrate(NDArray alpha, NDArray input, LoopPass pass) {
        Shape shape = input.getShape();
        int steps = Math.toIntExact(shape.get(1));
        NDList drives = input.mul(alpha.neg().add(1f)).split(steps, 1);
        NDList trajectory = new NDList(steps);
        NDArray u = input.getManager().zeros(new Shape(shape.get(0), 1, shape.get(2)));
        for (int t = 0; t < steps; t++) {
            u = u.mul(alpha).add(drives.get(t));
            trajectory.add(u);
        }
        return NDArrays.concat(trajectory, 1);
    }
}
