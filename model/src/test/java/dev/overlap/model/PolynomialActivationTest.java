package dev.overlap.model;

import static dev.overlap.model.Specs.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PolynomialActivation} and the {@code poly:} syntax of {@link Activation#parse}.
 *
 * <p>Where the expected values come from: the syntax documented in {@link Activation#parse} (c₀,…,c₄ as
 * decimals or fractions, taken exactly), elementary arithmetic (0.1 = 1/10, 1e-1 = 1/10, 2.5e1 = 25,
 * -3/4 = −0.75), and the direct formula σ(z) = Σ c_k z^k, σ'(z) = Σ k c_k z^(k−1) evaluated with
 * {@link Math#pow} (the implementation uses Horner's rule).
 */
class PolynomialActivationTest {

    private static BigFraction f(long num, long den) {
        return new BigFraction(num, den);
    }

    private static PolynomialActivation poly(String list) {
        return (PolynomialActivation) Activation.parse("poly:" + list);
    }

    @Test
    void parsesDecimalCoefficients() {
        PolynomialActivation a = poly("0,1,0.5");
        assertEquals(2, a.degree());
        assertEquals(BigFraction.ZERO, a.coefficient(0));
        assertEquals(BigFraction.ONE, a.coefficient(1));
        assertEquals(f(1, 2), a.coefficient(2));
        assertEquals(BigFraction.ZERO, a.coefficient(3), "coefficients above the degree are zero");
        assertEquals(BigFraction.ZERO, a.coefficient(17));
        assertFalse(a.isQuadratic());
    }

    @Test
    void decimalsAreExactNotBinary() {
        // 0.1 as a double is 3602879701896397/36028797018963968, not 1/10
        PolynomialActivation a = poly("0.1,1");
        assertEquals(f(1, 10), a.coefficient(0));
        assertTrue(new BigFraction(0.1).compareTo(f(1, 10)) != 0, "sanity: the double 0.1 is not 1/10");
        assertEquals(f(1, 10), poly("1e-1,1").coefficient(0));
        assertEquals(new BigFraction(25), poly("0,2.5e1").coefficient(1));
        assertEquals(new BigFraction(100), poly("0,1E+2").coefficient(1));
        assertEquals(f(-3, 4), poly("0,-0.75").coefficient(1));
        assertEquals(f(1, 1000), poly("0,0.001").coefficient(1));
        assertEquals(f(123456789, 1000), poly("0, 123456.789 ").coefficient(1), "blanks around a coefficient");
    }

    @Test
    void fractionsAreExact() {
        PolynomialActivation a = poly("1/3,-2/7,0,5/4");
        assertEquals(3, a.degree());
        assertEquals(f(1, 3), a.coefficient(0));
        assertEquals(f(-2, 7), a.coefficient(1));
        assertEquals(BigFraction.ZERO, a.coefficient(2));
        assertEquals(f(5, 4), a.coefficient(3));
        assertEquals(f(1, 3), poly("0.5/1.5,1").coefficient(0), "decimal numerator and denominator");
        assertEquals(f(1, 2), poly("2/4,1").coefficient(0), "reduced");
        assertEquals(f(-1, 2), poly("1/-2,1").coefficient(0));
    }

    @Test
    void trailingZerosAreTrimmed() {
        PolynomialActivation a = poly("0,1,0.5,0,0");
        assertEquals(2, a.degree());
        assertEquals(poly("0,1,0.5"), a);
        assertEquals(poly("0,1,0.5").hashCode(), a.hashCode());
        assertEquals("poly:0,1,1/2", a.name());
        // zeros beyond c4 are not a degree above 4
        PolynomialActivation q = poly("0,0,1,0,0,0,0");
        assertEquals(2, q.degree());
        assertTrue(q.isQuadratic());
        assertEquals(PolynomialActivation.of(BigFraction.ZERO, BigFraction.ONE, f(1, 2), BigFraction.ZERO),
                poly("0,1,1/2"));
    }

    @Test
    void quadraticIsRecognisedUnderEveryName() {
        assertSame(PolynomialActivation.QUADRATIC, Activation.parse("quadratic"));
        assertSame(PolynomialActivation.QUADRATIC, Activation.parse(" Square "));
        assertTrue(PolynomialActivation.QUADRATIC.isQuadratic());
        PolynomialActivation z2 = poly("0,0,1");
        assertTrue(z2.isQuadratic());
        assertEquals("quadratic", z2.name());
        assertEquals(PolynomialActivation.QUADRATIC, z2);
        assertTrue(poly("0.0,0/5,2/2").isQuadratic());
        assertFalse(poly("0,0,2").isQuadratic(), "2z² is not z²");
        assertFalse(poly("0.1,0,1").isQuadratic(), "z² + 0.1 is not z²");
        assertFalse(poly("0,0,1,0,0.1").isQuadratic());
        assertFalse(poly("0,1").isQuadratic());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,1,0.5", "1/3,-2/7,0,5/4", "0.1,0,1,0,-0.2", "-1,2", "0,0,1", "7/3,0,0,0,1/1000",
        "0,-0.25,0,1/3"})
    void nameRoundTrips(String list) {
        PolynomialActivation a = poly(list);
        Activation back = Activation.parse(a.name());
        assertEquals(a, back);
        assertEquals(a.name(), back.name());
        assertEquals(a.name(), a.toString());
        assertTrue(a.name().equals("quadratic") || a.name().startsWith("poly:"), a.name());
    }

    @Test
    void nameIsCanonical() {
        assertEquals("poly:1/10,0,1,0,-1/5", poly("0.1,0,1,0,-0.2").name());
        assertEquals("poly:-1,2", poly("-1.000,2.0").name());
        assertEquals("poly:0,0,2", poly("0,0,4/2").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,1,0.5", "1/3,-2/7,0,5/4", "0.1,0,1,0,-0.2", "-1,2", "0,0,1", "2.5,-1,0.3,0.7,-0.05"})
    void valueAndDerivativeMatchTheDirectFormula(String list) {
        PolynomialActivation a = poly(list);
        SplittableRandom rng = new SplittableRandom(list.hashCode());
        for (int i = 0; i < 200; i++) {
            double z = rng.nextDouble(-4, 4);
            double v = 0;
            double dv = 0;
            double scale = 0;
            double dscale = 0;
            for (int k = 0; k <= a.degree(); k++) {
                double c = a.coefficient(k).doubleValue();
                v += c * Math.pow(z, k);
                scale += Math.abs(c * Math.pow(z, k));
                if (k >= 1) {
                    dv += k * c * Math.pow(z, k - 1);
                    dscale += Math.abs(k * c * Math.pow(z, k - 1));
                }
            }
            assertEquals(v, a.value(z), 1e-14 * scale + 1e-300, "σ(" + z + ")");
            assertEquals(dv, a.derivative(z), 1e-14 * dscale + 1e-300, "σ'(" + z + ")");
        }
        // exact at small integers: compare with the rational value
        for (int z = -3; z <= 3; z++) {
            BigFraction v = BigFraction.ZERO;
            for (int k = 0; k <= a.degree(); k++) {
                v = v.add(a.coefficient(k).multiply(new BigFraction(z).pow(k)));
            }
            assertEquals(v.doubleValue(), a.value(z), 1e-13 * Math.max(1, Math.abs(v.doubleValue())));
        }
    }

    @Test
    void quadraticValues() {
        Activation q = Activation.QUADRATIC;
        assertEquals(6.25, q.value(-2.5), 0.0);
        assertEquals(-5.0, q.derivative(-2.5), 0.0);
        Activation lin = poly("0,1,0.5");
        assertEquals(3 + 4.5, lin.value(3), 0.0);
        assertEquals(1 + 3, lin.derivative(3), 0.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"1,1,1,1,1,1; degree 5", "0,0,0,0,0,0,0,1; degree 7",
        "0,0,0,0,0,2,0; degree 5"})
    void degreeAboveFourIsRejected(String list, String degree) {
        String msg = assertSpecError(() -> Activation.parse("poly:" + list), degree, "at most 4");
        assertFalse(msg.contains("\n"), "one line");
        assertSpecError(() -> PolynomialActivation.of(new BigFraction[] {BigFraction.ZERO, BigFraction.ZERO,
            BigFraction.ZERO, BigFraction.ZERO, BigFraction.ZERO, BigFraction.ONE}), "degree 5", "at most 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "1/3", "0,0,0", "0.5,0,0,0,0", "0,0/7"})
    void constantIsRejected(String list) {
        assertSpecError(() -> Activation.parse("poly:" + list), "constant");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"0,x,1; c1; 'x'", "0,1,0.5.5; c2; '0.5.5'", "abc; c0; 'abc'",
        "0,1,; c2; ''", "0,,1; c1; ''", "1,1/0; c1; divides by zero", "0,1,NaN; c2; 'nan'", "0,1,1/2/3; c2; '1/2/3'",
        "0,/2; c1; '/2'", "0,1,2,3,4,5x; c5; '5x'",
        "0,1e999999999; c1; out of range", "0,1/1e-999999999; c1; out of range"})
    void malformedCoefficientIsNamed(String list, String index, String what) {
        String msg = assertSpecError(() -> Activation.parse("poly:" + list), "coefficient " + index, what);
        assertFalse(msg.contains("\n"), "one line");
    }

    @Test
    void unknownActivationNamesTheInput() {
        String msg = assertSpecError(() -> Activation.parse("tanh"), "unknown activation 'tanh'", "poly:");
        assertEquals("relu", Activation.parse(" ReLU ").name());
        assertEquals("erf", Activation.parse("erf").name());
        assertEquals("abs", Activation.parse("abs").name());
        assertFalse(msg.contains("\n"));
        assertSpecError(() -> Activation.parse(null), "unknown activation");
        assertSpecError(() -> Activation.parse("polynomial:0,1"), "unknown activation");
    }
}
