package org.spikeshift.core.statespace;

import java.util.function.Function;

/**
 * A real 2x2 matrix [[m00, m01], [m10, m11]] with the exact matrix functions the adaptation methods
 * need. Functions are evaluated by Cayley-Hamilton over the (possibly complex) eigenvalues l1, l2:
 * {@code f(A) = c1 A + c0 I}, {@code c1 = (f(l1) - f(l2)) / (l1 - l2)}, {@code c0 = (l1 f(l2) - l2
 * f(l1)) / (l1 - l2)}, and {@code f(A) = f(l) I + f'(l)(A - l I)} for (nearly) repeated
 * eigenvalues. {@code A - I} is never inverted: it is singular whenever an eigenvalue is 1.
 */
public record Matrix2(double m00, double m01, double m10, double m11) {

    public static final Matrix2 IDENTITY = new Matrix2(1, 0, 0, 1);

    /** Eigenvalues closer than this (relative to their size) count as repeated. */
    private static final double REPEATED_TOLERANCE = 1e-7;

    /** Below this distance from 1, g(l) is evaluated by its Taylor series. */
    private static final double UNIT_TOLERANCE = 1e-6;

    public double trace() {
        return m00 + m11;
    }

    public double determinant() {
        return m00 * m11 - m01 * m10;
    }

    public Matrix2 plus(Matrix2 o) {
        return new Matrix2(m00 + o.m00, m01 + o.m01, m10 + o.m10, m11 + o.m11);
    }

    public Matrix2 minus(Matrix2 o) {
        return new Matrix2(m00 - o.m00, m01 - o.m01, m10 - o.m10, m11 - o.m11);
    }

    public Matrix2 times(double s) {
        return new Matrix2(m00 * s, m01 * s, m10 * s, m11 * s);
    }

    public Matrix2 times(Matrix2 o) {
        return new Matrix2(
                m00 * o.m00 + m01 * o.m10,
                m00 * o.m01 + m01 * o.m11,
                m10 * o.m00 + m11 * o.m10,
                m10 * o.m01 + m11 * o.m11);
    }

    public Vector2 times(Vector2 v) {
        return new Vector2(m00 * v.x0() + m01 * v.x1(), m10 * v.x0() + m11 * v.x1());
    }

    /** The inverse; only for matrices known to be regular (det A = alpha beta > 0 here). */
    public Matrix2 inverse() {
        double det = determinant();
        if (det == 0) {
            throw new ArithmeticException("singular 2x2 matrix " + this);
        }
        return new Matrix2(m11 / det, -m01 / det, -m10 / det, m00 / det);
    }

    /** The largest eigenvalue modulus. */
    public double spectralRadius() {
        Complex[] l = eigenvalues();
        return Math.max(l[0].abs(), l[1].abs());
    }

    /** True when the eigenvalues are a complex pair (the neuron is a resonator). */
    public boolean hasComplexEigenvalues() {
        double half = trace() / 2;
        return half * half < determinant();
    }

    /** The real matrix power {@code A^rho}, principal branch; needs no eigenvalue on (-inf, 0]. */
    public Matrix2 power(double rho) {
        return apply(l -> l.pow(rho), l -> l.pow(rho - 1).times(rho));
    }

    /**
     * {@code g(A) = (A^rho - I)(A - I)^-1 = sum of A^j, j < rho for integer rho}, computed from
     * {@code g(l) = (l^rho - 1)/(l - 1)}, {@code g(1) = rho}, without inverting {@code A - I}.
     */
    public Matrix2 powerSum(double rho) {
        return apply(l -> powerSumScalar(l, rho), l -> powerSumDerivative(l, rho));
    }

    private static Complex powerSumScalar(Complex l, double rho) {
        Complex d = l.minus(Complex.ONE);
        if (d.abs() < UNIT_TOLERANCE) {
            // Taylor expansion around 1: rho + rho(rho-1)/2 d + rho(rho-1)(rho-2)/6 d^2
            return Complex.real(rho)
                    .plus(d.times(rho * (rho - 1) / 2))
                    .plus(d.times(d).times(rho * (rho - 1) * (rho - 2) / 6));
        }
        return l.pow(rho).minus(Complex.ONE).dividedBy(d);
    }

    private static Complex powerSumDerivative(Complex l, double rho) {
        Complex d = l.minus(Complex.ONE);
        if (d.abs() < UNIT_TOLERANCE) {
            return Complex.real(rho * (rho - 1) / 2).plus(d.times(rho * (rho - 1) * (rho - 2) / 3));
        }
        // g'(l) = (rho l^(rho-1) (l - 1) - (l^rho - 1)) / (l - 1)^2
        Complex num = l.pow(rho - 1).times(rho).times(d).minus(l.pow(rho).minus(Complex.ONE));
        return num.dividedBy(d.times(d));
    }

    private Matrix2 apply(Function<Complex, Complex> f, Function<Complex, Complex> derivative) {
        Complex[] l = eigenvalues();
        Complex diff = l[0].minus(l[1]);
        double scale = Math.max(1, Math.max(l[0].abs(), l[1].abs()));
        Complex c1;
        Complex c0;
        if (diff.abs() < REPEATED_TOLERANCE * scale) {
            Complex mean = l[0].plus(l[1]).times(0.5);
            Complex fp = derivative.apply(mean);
            c1 = fp;
            c0 = f.apply(mean).minus(fp.times(mean));
        } else {
            Complex f0 = f.apply(l[0]);
            Complex f1 = f.apply(l[1]);
            c1 = f0.minus(f1).dividedBy(diff);
            c0 = l[0].times(f1).minus(l[1].times(f0)).dividedBy(diff);
        }
        // For a real matrix the imaginary parts cancel; keep the real parts.
        return times(c1.re()).plus(IDENTITY.times(c0.re()));
    }

    private Complex[] eigenvalues() {
        double half = trace() / 2;
        double disc = half * half - determinant();
        if (disc >= 0) {
            double r = Math.sqrt(disc);
            return new Complex[] {Complex.real(half + r), Complex.real(half - r)};
        }
        double r = Math.sqrt(-disc);
        return new Complex[] {new Complex(half, r), new Complex(half, -r)};
    }
}
