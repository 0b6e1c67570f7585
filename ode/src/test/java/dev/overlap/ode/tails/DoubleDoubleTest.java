package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;

import org.junit.jupiter.api.Test;

/** Double-double arithmetic against exact or 40-digit values (BigDecimal, π from its known digits). */
class DoubleDoubleTest {

    private static final MathContext MC = new MathContext(40);

    private static BigDecimal big(DoubleDouble x) {
        return new BigDecimal(x.hi()).add(new BigDecimal(x.lo()));
    }

    @Test
    void productSumAndQuotientAreExactToThirtyDigits() {
        DoubleDouble third = DoubleDouble.ONE.divide(DoubleDouble.of(3));
        BigDecimal err = big(third.multiply(3)).subtract(BigDecimal.ONE).abs();
        assertEquals(0, err.doubleValue(), 1e-31);
        DoubleDouble s = DoubleDouble.sum(1, 1e-20);
        assertEquals(0, big(s).subtract(new BigDecimal(1).add(new BigDecimal(1e-20))).doubleValue(), 0);
        DoubleDouble p = DoubleDouble.product(1 + Math.ulp(1.0), 1 - Math.ulp(1.0));
        BigDecimal exact = new BigDecimal(1 + Math.ulp(1.0)).multiply(new BigDecimal(1 - Math.ulp(1.0)));
        assertEquals(0, big(p).subtract(exact).doubleValue(), 0);
    }

    @Test
    void squareRootOfTwo() {
        DoubleDouble r = DoubleDouble.of(2).sqrt();
        BigDecimal exact = new BigDecimal(2).sqrt(MC);
        assertEquals(0, big(r).subtract(exact).doubleValue(), 1e-31);
    }

    /** asin(½) = π/6 and asin(1/√2) = π/4, π = 3.14159265358979323846264338327950288419…. */
    @Test
    void arcsineAtKnownAngles() {
        BigDecimal pi = new BigDecimal("3.141592653589793238462643383279502884197");
        DoubleDouble half = DoubleDouble.ONE.divide(DoubleDouble.of(2));
        assertEquals(0, big(half.asin()).subtract(pi.divide(new BigDecimal(6), MC)).doubleValue(), 1e-31);
        DoubleDouble invSqrt2 = DoubleDouble.ONE.divide(DoubleDouble.of(2).sqrt());
        assertEquals(0, big(invSqrt2.asin()).subtract(pi.divide(new BigDecimal(4), MC)).doubleValue(), 1e-31);
        assertEquals(0, big(DoubleDouble.PI).subtract(pi).doubleValue(), 1e-31);
    }
}
