package dev.overlap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

/** The fast error function against 30-digit reference values and against Hipparchus. */
class ErrorFunctionTest {

    /** erf at a few points, from mpmath at 30 significant digits (an independent arbitrary-precision source). */
    private static final double[][] REFERENCE = {
        {1e-5, 0.00001128379167057899935},
        {0.01, 0.011283415555849616916},
        {0.3, 0.32862675945912742764},
        {0.7071067811865476, 0.68268949213708594891},
        {1, 0.84270079294971486934},
        {1.5, 0.96610514647531072707},
        {2.25, 0.9985372834133188483},
        {3, 0.99997790950300141456},
        {4.5, 0.99999999980338395585},
        {5.9, 0.9999999999999999281},
        {-0.8, -0.74210096470766048617},
    };

    @Test
    void agreesWithThirtyDigitValues() {
        for (double[] r : REFERENCE) {
            double x = r[0];
            // the Taylor branch (|x| < 2⁻⁶) is good to rounding; the table to its documented 2·10⁻¹⁴
            double tol = Math.abs(x) < 0x1p-6 ? 1e-15 * Math.abs(r[1]) : 3e-14;
            assertEquals(r[1], ErrorFunction.erf(x), tol, "erf(" + x + ")");
        }
    }

    @Test
    void agreesWithHipparchusOnADenseGridIncludingTheJoins() {
        double worst = 0;
        for (int i = -700_000; i <= 700_000; i++) {
            double x = i * 1e-5 + 3.7e-7;
            worst = Math.max(worst, Math.abs(ErrorFunction.erf(x) - Erf.erf(x)));
        }
        for (double x : new double[] {0x1p-6, Math.nextDown(0x1p-6), 6, Math.nextDown(6.0), 1.0 / 1024, 5.0}) {
            worst = Math.max(worst, Math.abs(ErrorFunction.erf(x) - Erf.erf(x)));
        }
        assertTrue(worst <= 3e-14, "max |difference| " + worst);
    }

    @Test
    void isOddBoundedAndExactAtTheEnds() {
        for (int i = 1; i < 10_000; i++) {
            double x = i * 7.3e-4;
            assertEquals(-ErrorFunction.erf(x), ErrorFunction.erf(-x), 0.0);
            assertTrue(Math.abs(ErrorFunction.erf(x)) <= 1.0);
        }
        assertEquals(0.0, ErrorFunction.erf(0.0), 0.0);
        assertEquals(1.0, ErrorFunction.erf(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, ErrorFunction.erf(-40), 0.0);
        assertTrue(Double.isNaN(ErrorFunction.erf(Double.NaN)));
    }
}
