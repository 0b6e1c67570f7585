package dev.overlap.ode.tails;

/**
 * A mutable double-double accumulator, for sums in the tail's hot loops without a {@link DoubleDouble} per term:
 * {@code hi + lo} holds the running sum to about 10⁻³² relative. Each operation follows the same error-free steps as
 * {@link DoubleDouble} (two-sum, two-product with a fused multiply-add, then renormalisation), so a sum built here
 * equals the same sum built from {@link DoubleDouble} values. Not thread-safe: one per evaluator. {@link MutableDoubleDouble}
 * has the same accumulating operations (and the rest of the arithmetic) in place.
 */
final class DoubleDoubleSum {

    private double hi;
    private double lo;

    /** Sets the sum to 0. */
    void reset() {
        hi = 0;
        lo = 0;
    }

    /**
     * The high part.
     *
     * @return the double nearest the sum (up to the low part's sign)
     */
    double hi() {
        return hi;
    }

    /**
     * The low part.
     *
     * @return the remainder sum − {@link #hi()}
     */
    double lo() {
        return lo;
    }

    /**
     * The sum as one double.
     *
     * @return hi + lo, rounded
     */
    double value() {
        return hi + lo;
    }

    /** Adds the double-double (oh, ol): two-sums of the high and low parts, then two renormalisations. */
    void add(double oh, double ol) {
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
    }

    /** Adds (ah + al)·k, as {@code new DoubleDouble(ah, al).multiply(k)}. */
    void addScaled(double ah, double al, double k) {
        double ph = ah * k;
        double pl = Math.fma(ah, k, -ph) + al * k;
        double qh = ph + pl;
        add(qh, pl - (qh - ph));
    }

    /** Adds (ah + al)(bh + bl)·k, as {@code a.multiply(b).multiply(k)} with {@link DoubleDouble}s a and b. */
    void addProduct(double ah, double al, double bh, double bl, double k) {
        double ph = ah * bh;
        double pl = Math.fma(ah, bh, -ph) + (ah * bl + al * bh);
        double rh = ph + pl;
        double rl = pl - (rh - ph);
        addScaled(rh, rl, k);
    }
}
