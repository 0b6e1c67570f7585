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
        // the shift between per-seed ODE and simulation is positive and O(1) at every N
        for (double[] row : r.tables().get(0).rows()) {
            assertTrue(row[11] > 0.1 && row[11] < 3, "predicted shift " + row[11]);
        }
    }
}
