package dev.overlap.ode.tails;

/**
 * A double-double number hi + lo (|lo| ≤ ½ ulp(hi)): about 32 significant digits, from the error-free transformations
 * two-sum (Knuth) and two-product ({@link Math#fma}), as in Hida, Li &amp; Bailey, "Library for double-double and
 * quad-double arithmetic" (2000) and Joldes, Muller &amp; Popescu, ACM TOMS 44 (2017). Relative error of +, −, ×, ÷
 * and √ about 10⁻³²; {@link #asin()} one Newton step from {@link Math#asin} with a double-double sine.
 *
 * <p>Immutable: each operation makes a new record. The tail evaluators' hot loops use {@link MutableDoubleDouble},
 * which does the same operations in place, bit for bit.
 *
 * @param hi the leading double
 * @param lo the trailing correction
 */
public record DoubleDouble(double hi, double lo) {

    public static final DoubleDouble ZERO = new DoubleDouble(0, 0);
    public static final DoubleDouble ONE = new DoubleDouble(1, 0);
    /** π to double-double precision (π = 3.141592653589793116 + 1.2246467991473532e-16). */
    public static final DoubleDouble PI = new DoubleDouble(3.141592653589793116, 1.2246467991473532e-16);
    /** 1/(2k+1)!, k = 0..19, for the sine series. */
    private static final DoubleDouble[] INVERSE_ODD_FACTORIALS = new DoubleDouble[20];

    static {
        DoubleDouble f = ONE;
        for (int k = 0; k < INVERSE_ODD_FACTORIALS.length; k++) {
            if (k > 0) {
                f = f.multiply((2.0 * k) * (2.0 * k + 1));
            }
            INVERSE_ODD_FACTORIALS[k] = ONE.divide(f);
        }
    }

    /** The exact value of a double. */
    public static DoubleDouble of(double x) {
        return new DoubleDouble(x, 0);
    }

    /** a + b exactly (two-sum). */
    public static DoubleDouble sum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        return new DoubleDouble(s, err);
    }

    /** a · b exactly (two-product with fused multiply-add). */
    public static DoubleDouble product(double a, double b) {
        double p = a * b;
        return new DoubleDouble(p, Math.fma(a, b, -p));
    }

    private static DoubleDouble quickSum(double a, double b) {
        double s = a + b;
        return new DoubleDouble(s, b - (s - a));
    }

    public DoubleDouble add(DoubleDouble o) {
        DoubleDouble s = sum(hi, o.hi);
        DoubleDouble t = sum(lo, o.lo);
        DoubleDouble u = quickSum(s.hi, s.lo + t.hi);
        return quickSum(u.hi, u.lo + t.lo);
    }

    public DoubleDouble add(double o) {
        DoubleDouble s = sum(hi, o);
        return quickSum(s.hi, s.lo + lo);
    }

    public DoubleDouble subtract(DoubleDouble o) {
        return add(o.negate());
    }

    public DoubleDouble negate() {
        return new DoubleDouble(-hi, -lo);
    }

    public DoubleDouble multiply(DoubleDouble o) {
        DoubleDouble p = product(hi, o.hi);
        return quickSum(p.hi, p.lo + (hi * o.lo + lo * o.hi));
    }

    public DoubleDouble multiply(double o) {
        DoubleDouble p = product(hi, o);
        return quickSum(p.hi, p.lo + lo * o);
    }

    /** this / o: a double quotient, then one correction with the exact remainder. */
    public DoubleDouble divide(DoubleDouble o) {
        double q1 = hi / o.hi;
        DoubleDouble r = subtract(o.multiply(q1));
        double q2 = r.hi / o.hi;
        r = r.subtract(o.multiply(q2));
        double q3 = r.hi / o.hi;
        return quickSum(q1, q2).add(q3);
    }

    /** √this (this ≥ 0; 0 for this ≤ 0): Math.sqrt, then one Newton step on the exact residual. */
    public DoubleDouble sqrt() {
        if (hi <= 0) {
            return ZERO;
        }
        double s = Math.sqrt(hi);
        DoubleDouble residual = subtract(product(s, s));
        return sum(s, residual.hi / (2 * s)).add(residual.lo / (2 * s));
    }

    /** sin x for |x| ≤ 2 by its Taylor series (20 terms: remainder below 10⁻³⁴). */
    public DoubleDouble sin() {
        DoubleDouble x2 = multiply(this);
        DoubleDouble sum = ZERO;
        for (int k = INVERSE_ODD_FACTORIALS.length - 1; k >= 0; k--) {
            DoubleDouble term = k % 2 == 0 ? INVERSE_ODD_FACTORIALS[k] : INVERSE_ODD_FACTORIALS[k].negate();
            sum = term.add(sum.multiply(x2));
        }
        return sum.multiply(this);
    }

    /**
     * arcsin of this (|this| ≤ 1, clamped): a₀ = Math.asin(hi), then one Newton step a₀ + (x − sin a₀)/c with
     * sin a₀ in double-double ({@link MutableDoubleDouble#setSin}, table and short series) and c = √((1 − x)(1 + x)),
     * the cosine at the root (its error and the step's are both of order tan(a) (a₀ − arcsin x)²; a₀ alone where
     * c &lt; 10⁻⁸). For |x| ≤ 0.99 the result is good to about 10⁻³¹.
     */
    public DoubleDouble asin() {
        double x = Math.max(-1, Math.min(1, hi));
        double a0 = Math.asin(x);
        double c = Math.sqrt((1 - x) * (1 + x));
        if (c < 1e-8) {
            return of(a0);
        }
        MutableDoubleDouble sine = new MutableDoubleDouble().setSin(a0);
        DoubleDouble residual = subtract(new DoubleDouble(sine.hi(), sine.lo()));
        return sum(a0, residual.hi / c).add(residual.lo / c);
    }

    /** The nearest double. */
    public double doubleValue() {
        return hi + lo;
    }
}
