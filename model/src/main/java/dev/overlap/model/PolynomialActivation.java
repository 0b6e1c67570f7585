package dev.overlap.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

import org.hipparchus.fraction.BigFraction;

/**
 * A polynomial activation σ(z) = Σ_{k=0}^{d} c_k z^k with exact rational coefficients and degree
 * d ≤ {@link #MAX_DEGREE}. For these every Gaussian expectation in the overlap ODEs is a polynomial in the
 * covariance entries (Isserlis' theorem), so the equations can be derived exactly.
 */
public final class PolynomialActivation implements Activation {

    /** Highest degree supported by the symbolic derivation. */
    public static final int MAX_DEGREE = 4;

    /** Longest exact decimal coefficient accepted (beyond it 1e999999999 would take forever to expand). */
    private static final int MAX_DIGITS = 1000;

    /** σ(z) = z². */
    public static final PolynomialActivation QUADRATIC =
            new PolynomialActivation(new BigFraction[] {BigFraction.ZERO, BigFraction.ZERO, BigFraction.ONE});

    private final BigFraction[] c;
    private final double[] cd;

    private PolynomialActivation(BigFraction[] coefficients) {
        int d = coefficients.length - 1;
        while (d > 0 && coefficients[d].equals(BigFraction.ZERO)) {
            d--;
        }
        this.c = Arrays.copyOf(coefficients, d + 1);
        this.cd = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            cd[k] = c[k].doubleValue();
        }
    }

    /**
     * σ(z) = Σ c_k z^k from exact coefficients c_0, c_1, ….
     *
     * @return the polynomial activation, trailing zero coefficients dropped
     * @throws SpecException if the degree exceeds {@link #MAX_DEGREE} or σ is constant
     */
    public static PolynomialActivation of(BigFraction... coefficients) {
        PolynomialActivation a = new PolynomialActivation(coefficients.clone());
        if (a.degree() > MAX_DEGREE) {
            throw new SpecException("the polynomial activation has degree " + a.degree() + "; at most " + MAX_DEGREE
                    + " is supported");
        }
        if (a.degree() < 1) {
            throw new SpecException("the polynomial activation is constant: σ' = 0, nothing can be learned");
        }
        return a;
    }

    /**
     * Parses {@code c0,c1,…} (decimals such as {@code 0.5} or fractions such as {@code 1/3}).
     *
     * @return the polynomial activation with these exact coefficients
     * @throws SpecException naming the malformed coefficient
     */
    public static PolynomialActivation parse(String list) {
        String[] parts = list.split(",", -1);
        BigFraction[] c = new BigFraction[parts.length];
        int degree = 0;
        for (int k = 0; k < parts.length; k++) {
            c[k] = exact(parts[k].trim(), k);
            if (c[k].compareTo(BigFraction.ZERO) != 0) {
                degree = k;
            }
        }
        if (degree > MAX_DEGREE) {
            throw new SpecException("poly:" + list + " has degree " + degree + "; at most " + MAX_DEGREE
                    + " is supported");
        }
        return of(c);
    }

    /** A decimal ({@code 0.5}, {@code 1e-3}) or a fraction of two decimals ({@code 1/3}), exactly. */
    private static BigFraction exact(String s, int k) {
        String[] frac = s.split("/", -1);
        if (frac.length > 2) {
            throw new SpecException("coefficient c" + k + " = '" + s + "' of the polynomial activation is not a number");
        }
        BigFraction num = decimal(frac[0].trim(), s, k);
        if (frac.length == 1) {
            return num;
        }
        BigFraction den = decimal(frac[1].trim(), s, k);
        if (den.compareTo(BigFraction.ZERO) == 0) {
            throw new SpecException("coefficient c" + k + " = '" + s + "' divides by zero");
        }
        return num.divide(den);
    }

    private static BigFraction decimal(String d, String s, int k) {
        try {
            BigDecimal x = new BigDecimal(d);
            if (Math.abs((long) x.scale()) > MAX_DIGITS || x.precision() > MAX_DIGITS) {
                throw new SpecException("coefficient c" + k + " = '" + s + "' of the polynomial activation is out of"
                        + " range (more than " + MAX_DIGITS + " digits)");
            }
            BigInteger unscaled = x.unscaledValue();
            return x.scale() >= 0 ? new BigFraction(unscaled, BigInteger.TEN.pow(x.scale()))
                    : new BigFraction(unscaled.multiply(BigInteger.TEN.pow(-x.scale())));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SpecException("coefficient c" + k + " = '" + s + "' of the polynomial activation is not a number",
                    e);
        }
    }

    /**
     * The degree d.
     *
     * @return the largest k with c_k ≠ 0 (at least 1)
     */
    public int degree() {
        return c.length - 1;
    }

    /**
     * The exact coefficient c_k (zero above the degree).
     *
     * @return c_k
     */
    public BigFraction coefficient(int k) {
        return k < c.length ? c[k] : BigFraction.ZERO;
    }

    /**
     * Whether σ(z) = z² exactly.
     *
     * @return true if c_2 = 1 and every other coefficient is zero
     */
    public boolean isQuadratic() {
        return equals(QUADRATIC);
    }

    @Override
    public String name() {
        if (isQuadratic()) {
            return "quadratic";
        }
        StringBuilder sb = new StringBuilder("poly:");
        for (int k = 0; k < c.length; k++) {
            if (k > 0) {
                sb.append(',');
            }
            sb.append(c[k].getDenominatorAsLong() == 1 ? c[k].getNumerator().toString()
                    : c[k].getNumerator() + "/" + c[k].getDenominator());
        }
        return sb.toString();
    }

    @Override
    public double value(double z) {
        double v = 0;
        for (int k = cd.length - 1; k >= 0; k--) {
            v = v * z + cd[k];
        }
        return v;
    }

    @Override
    public double derivative(double z) {
        double v = 0;
        for (int k = cd.length - 1; k >= 1; k--) {
            v = v * z + k * cd[k];
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolynomialActivation other && Arrays.equals(c, other.c);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(c);
    }

    @Override
    public String toString() {
        return name();
    }
}
