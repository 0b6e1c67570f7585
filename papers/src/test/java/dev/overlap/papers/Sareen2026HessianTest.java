package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * sareen2026 hessian: every check passes; the erf moments against independent evaluations; the trained quadratic
 * minimum-trace bound against a brute-force minimisation over the per-neuron scales.
 */
class Sareen2026HessianTest {

    @Test
    void everyCheckPasses() {
        Reproduction r = Sareen2026Hessian.hessian();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        assertTrue(r.checks().size() > 100);
    }

    /** s₀(1) = (2/π) arcsin(1/2) = 1/3 exactly; s₁ against a trapezoid integral over the aligned coordinate. */
    @Test
    void erfMoments() {
        assertEquals(1.0 / 3, Sareen2026Hessian.erfS0(1), 1e-15);
        int n = Sareen2026Hessian.N;
        for (double q : new double[] {0.5, 1, 2}) {
            double h = 1e-3;
            double s = 0;
            for (double z = -12; z <= 12; z += h) {
                double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
                double sigmaPrimeSq = 2 / Math.PI * Math.exp(-q * z * z);
                s += h * phi * sigmaPrimeSq * (z * z + (n - 1));
            }
            assertEquals(s / n, Sareen2026Hessian.erfS1(q), 1e-10, "q = " + q);
        }
    }

    /**
     * The bound 9(c₁/6)^{2/3} p*^{4/3} m^{−1/3}: at m = p* = 2 every member is the teacher copy up to rotation, with
     * a_i q_i = 1, so the least trace is p* min_q (3q² + c₁/q), found here on a fine grid.
     */
    @Test
    void minimumTraceAtTheMinimalWidth() {
        double c1 = 4 * (1 + 2.0 / Sareen2026Hessian.N);
        double best = Double.POSITIVE_INFINITY;
        for (double q = 0.01; q < 5; q += 1e-5) {
            best = Math.min(best, 3 * q * q + c1 / q);
        }
        assertEquals(Sareen2026Hessian.PSTAR * best, Sareen2026Hessian.quadraticMinTrace(2), 1e-8);
    }
}
