package org.spikeshift.core.statespace;

/** Minimal complex arithmetic for eigenvalues of real 2x2 matrices. */
record Complex(double re, double im) {

    static final Complex ONE = new Complex(1, 0);

    static Complex real(double re) {
        return new Complex(re, 0);
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double s) {
        return new Complex(re * s, im * s);
    }

    Complex dividedBy(Complex o) {
        double d = o.re * o.re + o.im * o.im;
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    double abs() {
        return Math.hypot(re, im);
    }

    /** Principal power {@code exp(rho log z)}; z must not be 0. */
    Complex pow(double rho) {
        double logAbs = Math.log(abs());
        double arg = Math.atan2(im, re);
        double mag = Math.exp(rho * logAbs);
        return new Complex(mag * Math.cos(rho * arg), mag * Math.sin(rho * arg));
    }
}
