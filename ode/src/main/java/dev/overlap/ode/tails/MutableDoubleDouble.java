package dev.overlap.ode.tails;

/**
 * A mutable double-double number hi + lo, for the tail evaluators' hot loops: the operations of {@link DoubleDouble}
 * done in place, with the same error-free steps in the same order, so that a value computed here equals the value the
 * same expression gives with {@link DoubleDouble} records, bit for bit (two-sum, two-product with a fused multiply-add,
 * renormalisation; the quotient's two corrections; the square root's Newton step; the arcsine's Newton step).
 * Operands are given as (high, low) pairs of doubles or as another instance. Every operation returns this, so that an
 * expression reads left to right: {@code x.set(a, b).multiply(c, d).add(e, f)} is ((a + b)(c + d)) + (e + f).
 *
 * <p>The sine of a double ({@link #setSin}) is the one {@link DoubleDouble#asin()} uses: a table of sin and cos at
 * multiples of 1/64 and short series for the remainder. Not thread-safe; an evaluator keeps its own instances.
 */
final class MutableDoubleDouble {

    /** Spacing of the sine table: sin and cos of k/64, k = 0..{@link #TABLE_SIZE} − 1, cover |a| ≤ π/2 + 1/128. */
    private static final double STEP = 1.0 / 64;
    private static final int TABLE_SIZE = 102;
    private static final double[] SIN_HI = new double[TABLE_SIZE];
    private static final double[] SIN_LO = new double[TABLE_SIZE];
    private static final double[] COS_HI = new double[TABLE_SIZE];
    private static final double[] COS_LO = new double[TABLE_SIZE];
    /** −1/6, 1/120, −1/5040 (sine) and 1/24, −1/720 (cosine) to double-double precision. */
    private static final DoubleDouble SIN3 = DoubleDouble.ONE.divide(DoubleDouble.of(-6));
    private static final DoubleDouble SIN5 = DoubleDouble.ONE.divide(DoubleDouble.of(120));
    private static final DoubleDouble SIN7 = DoubleDouble.ONE.divide(DoubleDouble.of(-5040));
    private static final DoubleDouble COS4 = DoubleDouble.ONE.divide(DoubleDouble.of(24));
    private static final DoubleDouble COS6 = DoubleDouble.ONE.divide(DoubleDouble.of(-720));

    static {
        DoubleDouble halfPi = DoubleDouble.PI.multiply(0.5);
        COS_HI[0] = 1;
        for (int k = 1; k < TABLE_SIZE; k++) {
            DoubleDouble s = DoubleDouble.of(k * STEP).sin();
            DoubleDouble c = halfPi.subtract(DoubleDouble.of(k * STEP)).sin();
            SIN_HI[k] = s.hi();
            SIN_LO[k] = s.lo();
            COS_HI[k] = c.hi();
            COS_LO[k] = c.lo();
        }
    }

    private double hi;
    private double lo;
    /** Work value of {@link #setSin} and {@link #asin}, made on first use. */
    private MutableDoubleDouble work;

    /**
     * The high part.
     *
     * @return the double nearest the value (up to the low part's sign)
     */
    double hi() {
        return hi;
    }

    /**
     * The low part.
     *
     * @return the remainder value − {@link #hi()}
     */
    double lo() {
        return lo;
    }

    /**
     * The value as one double.
     *
     * @return hi + lo, rounded
     */
    double value() {
        return hi + lo;
    }

    /** Sets the value to 0. */
    MutableDoubleDouble reset() {
        hi = 0;
        lo = 0;
        return this;
    }

    /** Sets the value to (h, l), as {@code new DoubleDouble(h, l)}. */
    MutableDoubleDouble set(double h, double l) {
        hi = h;
        lo = l;
        return this;
    }

    /** Sets the value to that of o. */
    MutableDoubleDouble set(MutableDoubleDouble o) {
        hi = o.hi;
        lo = o.lo;
        return this;
    }

    /** Sets the value to a + b exactly, as {@link DoubleDouble#sum}. */
    MutableDoubleDouble setSum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        hi = s;
        lo = (a - (s - bb)) + (b - bb);
        return this;
    }

    /** Sets the value to a · b exactly, as {@link DoubleDouble#product}. */
    MutableDoubleDouble setProduct(double a, double b) {
        double p = a * b;
        hi = p;
        lo = Math.fma(a, b, -p);
        return this;
    }

    /** this + (oh, ol), as {@link DoubleDouble#add(DoubleDouble)}: two two-sums, then two renormalisations. */
    MutableDoubleDouble add(double oh, double ol) {
        double s1 = hi + oh;
        double b1 = s1 - hi;
        double e1 = (hi - (s1 - b1)) + (oh - b1);
        double s2 = lo + ol;
        double b2 = s2 - lo;
        double e2 = (lo - (s2 - b2)) + (ol - b2);
        double m = e1 + s2;
        double uh = s1 + m;
        double ul = m - (uh - s1);
        double v = ul + e2;
        hi = uh + v;
        lo = v - (hi - uh);
        return this;
    }

    /** this + o, as {@link DoubleDouble#add(DoubleDouble)}. */
    MutableDoubleDouble add(MutableDoubleDouble o) {
        return add(o.hi, o.lo);
    }

    /** this + o for a double o, as {@link DoubleDouble#add(double)}. */
    MutableDoubleDouble add(double o) {
        double s = hi + o;
        double bb = s - hi;
        double e = (hi - (s - bb)) + (o - bb) + lo;
        hi = s + e;
        lo = e - (hi - s);
        return this;
    }

    /** this − (oh, ol), as {@link DoubleDouble#subtract}. */
    MutableDoubleDouble subtract(double oh, double ol) {
        return add(-oh, -ol);
    }

    /** this − o, as {@link DoubleDouble#subtract}. */
    MutableDoubleDouble subtract(MutableDoubleDouble o) {
        return add(-o.hi, -o.lo);
    }

    /** −this, as {@link DoubleDouble#negate}. */
    MutableDoubleDouble negate() {
        hi = -hi;
        lo = -lo;
        return this;
    }

    /** this + (ah, al)·k, as {@code this.add(a.multiply(k))} with a record a. */
    MutableDoubleDouble addScaled(double ah, double al, double k) {
        double p = ah * k;
        double e = Math.fma(ah, k, -p) + al * k;
        double qh = p + e;
        return add(qh, e - (qh - p));
    }

    /** this + (ah, al)(bh, bl), as {@code this.add(a.multiply(b))} with records a and b. */
    MutableDoubleDouble addProduct(double ah, double al, double bh, double bl) {
        double p = ah * bh;
        double e = Math.fma(ah, bh, -p) + (ah * bl + al * bh);
        double qh = p + e;
        return add(qh, e - (qh - p));
    }

    /** this + (ah, al)(bh, bl)·k, as {@code this.add(a.multiply(b).multiply(k))} with records a and b. */
    MutableDoubleDouble addProduct(double ah, double al, double bh, double bl, double k) {
        double p = ah * bh;
        double e = Math.fma(ah, bh, -p) + (ah * bl + al * bh);
        double qh = p + e;
        return addScaled(qh, e - (qh - p), k);
    }

    /** this · (oh, ol), as {@link DoubleDouble#multiply(DoubleDouble)}. */
    MutableDoubleDouble multiply(double oh, double ol) {
        double p = hi * oh;
        double e = Math.fma(hi, oh, -p) + (hi * ol + lo * oh);
        hi = p + e;
        lo = e - (hi - p);
        return this;
    }

    /** this · o, as {@link DoubleDouble#multiply(DoubleDouble)}. */
    MutableDoubleDouble multiply(MutableDoubleDouble o) {
        return multiply(o.hi, o.lo);
    }

    /** this · o for a double o, as {@link DoubleDouble#multiply(double)}. */
    MutableDoubleDouble multiply(double o) {
        double p = hi * o;
        double e = Math.fma(hi, o, -p) + lo * o;
        hi = p + e;
        lo = e - (hi - p);
        return this;
    }

    /**
     * this / (oh, ol), as {@link DoubleDouble#divide}: q1 = hi/oh, then two corrections q2, q3 from the exact
     * remainders r ← r − o·q.
     */
    MutableDoubleDouble divide(double oh, double ol) {
        double q1 = hi / oh;
        subtractScaled(oh, ol, q1);
        double q2 = hi / oh;
        subtractScaled(oh, ol, q2);
        double q3 = hi / oh;
        double s = q1 + q2;
        hi = s;
        lo = q2 - (s - q1);
        return add(q3);
    }

    /** this / o, as {@link DoubleDouble#divide}. */
    MutableDoubleDouble divide(MutableDoubleDouble o) {
        return divide(o.hi, o.lo);
    }

    /** this − (oh, ol)·q, as {@code this.subtract(o.multiply(q))} with records. */
    private void subtractScaled(double oh, double ol, double q) {
        double p = oh * q;
        double e = Math.fma(oh, q, -p) + ol * q;
        double mh = p + e;
        add(-mh, -(e - (mh - p)));
    }

    /**
     * √this, as {@link DoubleDouble#sqrt}: s = Math.sqrt(hi), then s + r/(2s) with the exact residual r = this − s²
     * (0 for this ≤ 0).
     */
    MutableDoubleDouble sqrt() {
        if (hi <= 0) {
            return reset();
        }
        double s = Math.sqrt(hi);
        double p = s * s;
        // residual = this − s², as this.subtract(product(s, s))
        add(-p, -Math.fma(s, s, -p));
        double rl = lo;
        setSum(s, hi / (2 * s));
        return add(rl / (2 * s));
    }

    /**
     * arcsin of this (|this| ≤ 1, clamped), as {@link DoubleDouble#asin()}: a₀ = Math.asin(hi), then one Newton step
     * a₀ + (x − sin a₀)/c with sin a₀ from {@link #setSin} and c = √((1 − x)(1 + x)); a₀ alone where c &lt; 10⁻⁸.
     */
    MutableDoubleDouble asin() {
        double x = Math.max(-1, Math.min(1, hi));
        double a0 = Math.asin(x);
        double c = Math.sqrt((1 - x) * (1 + x));
        if (c < 1e-8) {
            return set(a0, 0);
        }
        if (work == null) {
            work = new MutableDoubleDouble();
        }
        subtract(work.setSin(a0));
        double rl = lo;
        setSum(a0, hi / c);
        return add(rl / c);
    }

    /**
     * Sets this to sin a for a double |a| ≤ π/2 + 1/128, to about 10⁻³² absolute: with k = rint(64a) and t = a − k/64
     * (exact, |t| ≤ 1/128) and s = t²,
     * <pre>
     *   sin a = sin(k/64) + sin(k/64) (cos t − 1) + cos(k/64) sin t,
     *   sin t = t + t s (−1/6 + s (1/120 + s (−1/5040 + s (1/9! − s/11!)))),
     *   cos t − 1 = s (−1/2 + s (1/24 + s (−1/720 + s (1/8! − s/10! + s²/12!)))),
     * </pre>
     * the tables of sin(k/64), cos(k/64) from {@link DoubleDouble#sin()} (of π/2 − k/64 for the cosine; exact at k = 0,
     * so that the relative error of small sines stays about 10⁻³²). The innermost
     * parentheses are plain doubles: their terms are below 10⁻²⁴ (sine) and 3·10⁻²² (cosine) of the result, so
     * their rounding is below 10⁻³⁸; the series' remainders are below 10⁻³⁵.
     */
    MutableDoubleDouble setSin(double a) {
        int k = (int) Math.rint(a * 64);
        int m = Math.abs(k);
        if (m >= TABLE_SIZE) {
            throw new IllegalArgumentException("sine argument outside [−π/2, π/2]: " + a);
        }
        double sign = k < 0 ? -1 : 1;
        double t = a - k * STEP;
        double sh = t * t;
        double sl = Math.fma(t, t, -sh);
        if (work == null) {
            work = new MutableDoubleDouble();
        }
        // sin t into work
        double sinTail = 1.0 / 362880 - sh / 39916800;
        work.set(sinTail, 0).multiply(sh, sl).add(SIN7.hi(), SIN7.lo()).multiply(sh, sl).add(SIN5.hi(), SIN5.lo())
                .multiply(sh, sl).add(SIN3.hi(), SIN3.lo()).multiply(sh, sl).multiply(t).add(t);
        // cos t − 1 into this
        double cosTail = 1.0 / 40320 - sh * (1.0 / 3628800 - sh / 479001600);
        set(cosTail, 0).multiply(sh, sl).add(COS6.hi(), COS6.lo()).multiply(sh, sl).add(COS4.hi(), COS4.lo())
                .multiply(sh, sl).add(-0.5).multiply(sh, sl);
        // sin(k/64)(cos t − 1) + cos(k/64) sin t + sin(k/64)
        multiply(sign * SIN_HI[m], sign * SIN_LO[m]);
        add(work.multiply(COS_HI[m], COS_LO[m]));
        return add(sign * SIN_HI[m], sign * SIN_LO[m]);
    }
}
