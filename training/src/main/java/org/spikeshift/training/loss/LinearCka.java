package org.spikeshift.training.loss;

import ai.djl.ndarray.NDArray;

/**
 * Linear centred kernel alignment between two sets of representations of the same B samples, per
 * time step: with Gram matrices K = X X^T and L = Y Y^T (B x B), double-centred, CKA = &lt;K, L&gt;
 * / (|K| |L| + 1e-7). 1 for representations equal up to isotropic scaling and an orthogonal
 * transform, near 0 for independent ones.
 */
public final class LinearCka {

    private static final float EPSILON = 1e-7f;
    private static final float SQUARE_FLOOR = 1e-20f;

    private LinearCka() {}

    /**
     * @param x representations (B, T, N)
     * @param y representations (B, T, M) of the same samples
     * @return CKA per step, (T), traced
     */
    public static NDArray perStep(NDArray x, NDArray y) {
        NDArray k = centredGram(x);
        NDArray l = centredGram(y);
        NDArray inner = k.mul(l).sum(new int[] {1, 2});
        // sqrt(0) has no gradient: a Gram matrix of identical representations is all zero once
        // centred
        NDArray norms =
                k.mul(k)
                        .sum(new int[] {1, 2})
                        .add(SQUARE_FLOOR)
                        .sqrt()
                        .mul(l.mul(l).sum(new int[] {1, 2}).add(SQUARE_FLOOR).sqrt());
        return inner.div(norms.add(EPSILON));
    }

    /** The double-centred Gram matrix of each step, (T, B, B). */
    private static NDArray centredGram(NDArray x) {
        NDArray steps = x.transpose(1, 0, 2); // (T, B, N)
        NDArray gram = steps.matMul(steps.transpose(0, 2, 1));
        NDArray rows = gram.mean(new int[] {2}, true);
        NDArray cols = gram.mean(new int[] {1}, true);
        NDArray all = rows.mean(new int[] {1}, true);
        return gram.sub(rows).sub(cols).add(all);
    }
}
