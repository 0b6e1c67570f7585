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
        // hand evaluations of the closed forms in the Javadoc at N = 6, p* = 2, m = 2 (measured: the spectrum of
        // the exact Gauss–Newton matrix for z², central differences for erf). z², a = κ = 1: trace 4κp*(1 + 2/N)
        // = 32/3, top eigenvalue (8 + 4p*)κ/N = 8/3, smallest non-zero 4κ/N = 2/3, rank p*N − p*(p* − 1)/2 = 11.
        assertEquals(32.0 / 3, measured(r, "z², fixed a = 1, m=2: trace"), 1e-12);
        assertEquals(8.0 / 3, measured(r, "z², fixed a = 1, m=2: top eigenvalue"), 1e-12);
        assertEquals(2.0 / 3, measured(r, "z², fixed a = 1, m=2: smallest non-zero eigenvalue"), 1e-12);
        assertEquals(11, measured(r, "z², fixed a = 1, m=2: rank"));
        // erf, a = b/k = 1 (k = 1 copy per teacher): p* b² s₁, s₁ = (2/π)[3^{−3/2} + (N − 1) 3^{−1/2}]/N; by
        // python3 2*(2/pi)*(3**-1.5+5*3**-0.5)/6 = 0.6534268390184202, and by scipy.integrate.quad of
        // 2 E[(2/π) e^{−z²}(z² + 5)]/6 = 0.6534268390184199 (a separate route to s₁)
        assertEquals(0.6534268390184202, measured(r, "erf fixed a = b/k, m=2: trace"), 1e-7);
    }

    private static double measured(Reproduction r, String quantity) {
        return r.checks().stream().filter(c -> c.quantity().equals(quantity)).findFirst().orElseThrow().measured();
    }

    /** s₀(1) = (2/π) arcsin(1/2) = 1/3 exactly; s₁ against a trapezoid integral over the aligned coordinate. */
    @Test
    void erfMoments() {
        assertEquals(1.0 / 3, WidthHessianTheory.erfS0(1), 1e-15);
        int n = Sareen2026Hessian.N;
        for (double q : new double[] {0.5, 1, 2}) {
            double h = 1e-3;
            double s = 0;
            for (double z = -12; z <= 12; z += h) {
                double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
                double sigmaPrimeSq = 2 / Math.PI * Math.exp(-q * z * z);
                s += h * phi * sigmaPrimeSq * (z * z + (n - 1));
            }
            assertEquals(s / n, WidthHessianTheory.erfS1(q), 1e-10, "q = " + q);
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
        assertEquals(Sareen2026Hessian.PSTAR * best, WidthHessianTheory.quadraticMinTrace(2), 1e-8);
    }
}
