package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The finite-N part on a reduced sweep (N = 10⁴, 3·10⁴, 10⁵ with 100, 100, 40 seeds): every check passes. Each
 * check's tolerance is 3 standard errors, so with the seeds fixed the test is deterministic; a correct theory would
 * fail a given check with probability about 0.3 %.
 */
@Tag("slow")
class Bocchi2026FiniteNTest {

    @Test
    void reducedSweep() {
        Reproduction r = Bocchi2026FiniteN.finiteN(new int[] {10_000, 30_000, 100_000}, new int[] {100, 100, 40});
        assertEquals(7, r.checks().size());
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        // 1/(2γ) with γ the η² plateau's escape rate, evaluated by hand from the closed form of docs/model.md
        // (PlateauTheory's Javadoc): p = 2, p* = 1, mean normalisation (κ_s = ½, κ_t = 1), η = 2 · 0.15, T = I,
        // Δ = 0: u solves 0.15 (24u² − 8u + 3) − 4u + 1 = 3.6u² − 5.2u + 1.45 = 0, u = (5.2 − √6.16)/7.2, and
        // γ = −2ηκ_s (4u − 3) = 0.4469891215330286, 1/(2γ) = 1.1185954554892996 (python3, math.sqrt)
        Check slope = r.checks().stream().filter(c -> c.quantity().startsWith("slope of the simulated mean escape"))
                .findFirst().orElseThrow();
        assertEquals(1.1185954554892996, slope.predicted(), 1e-12);
        assertTrue(slope.passed(), slope.toString());
        // the shift between per-seed ODE and simulation is positive and O(1) at every N
        for (double[] row : r.tables().get(0).rows()) {
            assertTrue(row[11] > 0.1 && row[11] < 3, "predicted shift " + row[11]);
        }
    }
}
