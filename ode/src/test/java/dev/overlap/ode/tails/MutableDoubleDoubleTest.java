package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The in-place double-double arithmetic follows the same error-free steps as the {@link DoubleDouble} records: every
 * operation gives the record's result bit for bit, over 10⁵ random operands with exponents over ±20 decades (seed
 * fixed); and the table sine behind both arcsines is within four units of the double-double rounding (2⁻¹⁰⁶ ≈ 1.2·10⁻³²)
 * of sin computed independently to 60 digits (BigDecimal Taylor series).
 */
class MutableDoubleDoubleTest {

    private static final int TRIALS = 100_000;

    private static double value(SplittableRandom rng) {
        return (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-20, 21));
    }

    /** A normalised double-double with a random low part. */
    private static DoubleDouble dd(SplittableRandom rng) {
        return DoubleDouble.sum(value(rng), value(rng) * 1e-17);
    }

    private static void assertSame(DoubleDouble expected, MutableDoubleDouble got, String what) {
        assertEquals(expected.hi(), got.hi(), what + ": high part");
        assertEquals(expected.lo(), got.lo(), what + ": low part");
    }

    @Test
    void arithmeticEqualsTheRecordsBitForBit() {
        SplittableRandom rng = new SplittableRandom(17);
        MutableDoubleDouble x = new MutableDoubleDouble();
        MutableDoubleDouble y = new MutableDoubleDouble();
        for (int trial = 0; trial < TRIALS; trial++) {
            DoubleDouble a = dd(rng);
            DoubleDouble b = dd(rng);
            double k = value(rng);
            double u = value(rng);
            y.set(b.hi(), b.lo());
            assertSame(a.add(b), x.set(a.hi(), a.lo()).add(b.hi(), b.lo()), "add " + trial);
            assertSame(a.add(b), x.set(a.hi(), a.lo()).add(y), "add instance " + trial);
            assertSame(a.add(k), x.set(a.hi(), a.lo()).add(k), "add double " + trial);
            assertSame(a.subtract(b), x.set(a.hi(), a.lo()).subtract(y), "subtract " + trial);
            assertSame(a.negate(), x.set(a.hi(), a.lo()).negate(), "negate " + trial);
            assertSame(a.multiply(b), x.set(a.hi(), a.lo()).multiply(y), "multiply " + trial);
            assertSame(a.multiply(k), x.set(a.hi(), a.lo()).multiply(k), "multiply double " + trial);
            assertSame(a.divide(b), x.set(a.hi(), a.lo()).divide(y), "divide " + trial);
            assertSame(DoubleDouble.sum(k, u), x.setSum(k, u), "sum " + trial);
            assertSame(DoubleDouble.product(k, u), x.setProduct(k, u), "product " + trial);
            DoubleDouble positive = a.hi() < 0 ? a.negate() : a;
            assertSame(positive.sqrt(), x.set(positive.hi(), positive.lo()).sqrt(), "sqrt " + trial);
            assertSame(b.add(a.multiply(k)), x.set(b.hi(), b.lo()).addScaled(a.hi(), a.lo(), k), "addScaled " + trial);
            DoubleDouble c = dd(rng);
            assertSame(c.add(a.multiply(b)), x.set(c.hi(), c.lo()).addProduct(a.hi(), a.lo(), b.hi(), b.lo()),
                    "addProduct " + trial);
            assertSame(c.add(a.multiply(b).multiply(k)), x.set(c.hi(), c.lo()).addProduct(a.hi(), a.lo(), b.hi(), b.lo(), k),
                    "addProduct scaled " + trial);
        }
    }

    /** Sums of 12 products and scaled terms, as the z² evaluator accumulates them (formerly DoubleDoubleSumTest). */
    @Test
    void accumulatedSumsEqualTheRecordsBitForBit() {
        SplittableRandom rng = new SplittableRandom(11);
        MutableDoubleDouble acc = new MutableDoubleDouble();
        for (int trial = 0; trial < 10_000; trial++) {
            acc.reset();
            DoubleDouble ref = DoubleDouble.ZERO;
            for (int term = 0; term < 12; term++) {
                DoubleDouble a = dd(rng);
                DoubleDouble b = dd(rng);
                double k = value(rng);
                if (term % 2 == 0) {
                    acc.addProduct(a.hi(), a.lo(), b.hi(), b.lo(), k);
                    ref = ref.add(a.multiply(b).multiply(k));
                } else {
                    acc.addScaled(a.hi(), a.lo(), k);
                    ref = ref.add(a.multiply(k));
                }
            }
            assertSame(ref, acc, "sum, trial " + trial);
        }
    }

    /** Arguments in (−1, 1), including near ±1 and 0, with low parts up to an ulp. */
    @Test
    void arcsineEqualsTheRecordsBitForBit() {
        SplittableRandom rng = new SplittableRandom(19);
        MutableDoubleDouble x = new MutableDoubleDouble();
        for (int trial = 0; trial < TRIALS; trial++) {
            double h = switch (trial % 3) {
                case 0 -> rng.nextDouble(-1, 1);
                case 1 -> Math.copySign(1 - Math.pow(10, -rng.nextDouble(0, 15)), rng.nextDouble() - 0.5);
                default -> Math.copySign(Math.pow(10, -rng.nextDouble(0, 300)), rng.nextDouble() - 0.5);
            };
            DoubleDouble a = DoubleDouble.sum(h, Math.ulp(h) * (rng.nextDouble() - 0.5));
            assertSame(a.asin(), x.set(a.hi(), a.lo()).asin(), "asin " + trial + " of " + a);
        }
    }

    /** sin a by its Taylor series in BigDecimal at 60 digits (terms to a^61/61!, below 10⁻⁶⁰ for |a| ≤ π/2). */
    private static BigDecimal sine(double a) {
        MathContext mc = new MathContext(60);
        BigDecimal x = new BigDecimal(a);
        BigDecimal x2 = x.multiply(x, mc);
        BigDecimal term = x;
        BigDecimal sum = x;
        for (int k = 1; k <= 30; k++) {
            term = term.multiply(x2, mc).divide(BigDecimal.valueOf(-(2L * k) * (2L * k + 1)), mc);
            sum = sum.add(term, mc);
        }
        return sum;
    }

    /** Four units of the double-double rounding, 4 · 2⁻¹⁰⁶. */
    private static final double SINE_TOLERANCE = 4 * Math.scalb(1.0, -106);

    @Test
    void tableSineIsAccurateToThirtyTwoDigits() {
        SplittableRandom rng = new SplittableRandom(23);
        MutableDoubleDouble s = new MutableDoubleDouble();
        for (int trial = 0; trial < 2_000; trial++) {
            double a = trial % 2 == 0 ? rng.nextDouble(-Math.PI / 2, Math.PI / 2)
                    : Math.copySign(Math.pow(10, -rng.nextDouble(0, 20)), rng.nextDouble() - 0.5);
            s.setSin(a);
            BigDecimal exact = sine(a);
            double err = new BigDecimal(s.hi()).add(new BigDecimal(s.lo())).subtract(exact).abs().doubleValue();
            assertEquals(0, err, SINE_TOLERANCE * Math.abs(exact.doubleValue()), "sin " + a);
        }
    }
}
