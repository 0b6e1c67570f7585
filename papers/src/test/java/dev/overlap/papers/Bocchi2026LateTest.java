package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.Trajectory;

/**
 * The late-time reproduction: every check passes, and the closed forms take the values derived by hand for
 * mean normalisation, p* = 2, η̃ = 0.05 (g = ηκ_sκ_t = η̃/p* = 0.025).
 */
@Tag("slow")
class Bocchi2026LateTest {

    @Test
    void allChecksPass() {
        Reproduction r = Bocchi2026Late.late();
        assertFalse(r.checks().isEmpty());
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        assertTrue(r.passed());
        assertEquals(3, r.figures().size());
        // the Jacobian at the zero-loss point, p = p* = 2, gradient flow, measured on the ODEs: the hand-derived
        // spectrum (handDerivedValues below) 0 (×1), −8g = −0.2 (×5), −16g = −0.4 (×1), g = η̃/p* = 0.025
        assertEquals(5, measured(r, "p=2 p*=2 GF Jacobian: multiplicity of -0.200000"));
        assertEquals(1, measured(r, "p=2 p*=2 GF Jacobian: multiplicity of -0.400000"));
        assertEquals(1, measured(r, "p=2 p*=2 GF Jacobian: multiplicity of 0.00000"));
    }

    private static double measured(Reproduction r, String quantity) {
        return r.checks().stream().filter(c -> c.quantity().equals(quantity)).findFirst().orElseThrow().measured();
    }

    /**
     * The laws for other widths than the reproduction's (p = p* = 3; p = 4, p* = 2; p = 3, p* = 1): decay rate,
     * power-law prefactors and the stationary error, against long ODE runs, with the reproduction's tolerances.
     */
    @Test
    void otherWidths() {
        for (boolean eta2 : new boolean[] {false, true}) {
            ModelSpec eq = Bocchi2026Late.spec(3, 3, 0.05, eta2, 0);
            Trajectory t = Bocchi2026Late.run(eq, AlphaGrid.linear(400, 2001));
            double lambda = LateTimeTheory.exponentialRate(eq);
            assertEquals(-lambda, Fits.logSlopeInBand(t.alphas(), t.epsG(), 1e-11, 1e-5), 2e-3 * lambda);
            for (int[] w : new int[][] {{4, 2}, {3, 1}}) {
                ModelSpec over = Bocchi2026Late.spec(w[0], w[1], 0.05, eta2, 0);
                Trajectory u = Bocchi2026Late.run(over, AlphaGrid.log(1, 1e6, 61));
                int n = u.size() - 1;
                double al = u.alphas()[n];
                double a = LateTimeTheory.powerLawPrefactor(over) * LateTimeTheory.noiseFactor(over);
                assertEquals(a, al * al * u.epsG()[n], 2e-3 * a, "A for " + w[0] + "," + w[1]);
                double b = LateTimeTheory.qPerpPrefactor(over);
                assertEquals(b, al * Bocchi2026Late.trQperp(w[0], w[1], u.states()[n]), 2e-3 * b);
            }
        }
        ModelSpec noisy = Bocchi2026Late.spec(3, 3, 0.02, true, 0.5);
        Trajectory t = Bocchi2026Late.run(noisy, AlphaGrid.log(1, 1e5, 21));
        assertEquals(LateTimeTheory.stationaryError(noisy), t.epsG()[t.size() - 1],
                1e-8 * LateTimeTheory.stationaryError(noisy));
    }

    @Test
    void handDerivedValues() {
        // p = p* = 2: λ = 8g = 0.2 (gradient flow), 8g(1 − 2g·4) = 0.16 with the η² term
        assertEquals(0.2, LateTimeTheory.exponentialRate(Bocchi2026Late.spec(2, 2, 0.05, false, 0)), 1e-15);
        assertEquals(0.16, LateTimeTheory.exponentialRate(Bocchi2026Late.spec(2, 2, 0.05, true, 0)), 1e-15);
        // p = 3, p* = 2: A = (p − p*)(p*+2)/(64 η̃² (p+2)) = 4/(64 · 0.0025 · 5) = 5; B = 1·4·3/(8·0.05·5) = 6;
        // with the η² term A (1 − 0.1)/(1 − 0.2) = 5.625
        ModelSpec gf = Bocchi2026Late.spec(3, 2, 0.05, false, 0);
        ModelSpec sgd = Bocchi2026Late.spec(3, 2, 0.05, true, 0);
        assertEquals(5.0, LateTimeTheory.powerLawPrefactor(gf), 1e-12);
        assertEquals(6.0, LateTimeTheory.qPerpPrefactor(gf), 1e-12);
        assertEquals(5.625, LateTimeTheory.powerLawPrefactor(sgd) * LateTimeTheory.noiseFactor(sgd), 1e-12);
        // label noise: η̃Δ/(1 − 4η̃) = 0.025/0.8 for η̃ = 0.05, Δ = 0.5; zero without the η² term
        assertEquals(0.03125, LateTimeTheory.stationaryError(Bocchi2026Late.spec(2, 2, 0.05, true, 0.5)), 1e-15);
        assertEquals(0.0, LateTimeTheory.stationaryError(Bocchi2026Late.spec(2, 2, 0.05, false, 0.5)), 0);
        // the p = p* = 2 gradient-flow spectrum: 0 (×1), −0.2 (×5), −0.4 (×1)
        List<double[]> spectrum = LateTimeTheory.predictedSpectrum(Bocchi2026Late.spec(2, 2, 0.05, false, 0));
        assertEquals(3, spectrum.size());
        double total = 0;
        for (double[] e : spectrum) {
            total += e[1];
            if (Math.abs(e[0] + 0.2) < 1e-12) {
                assertEquals(5, e[1]);
            }
        }
        assertEquals(7, total);
    }
}
