package org.spikeshift.core.statespace;

/** A real 2-vector, the (u, w) components of an input or spike gain. */
public record Vector2(double x0, double x1) {

    public Vector2 times(double s) {
        return new Vector2(x0 * s, x1 * s);
    }
}
