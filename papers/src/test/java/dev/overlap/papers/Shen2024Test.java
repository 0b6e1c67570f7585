package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Shen 2024 reproductions. Hand counts: one unit, parameters in {−1, 0, 1}: 27 points; a = 0 gives the zero
 * function (9 points, 1 function); a = ±1 with the 9 pairs (w, b) gives 18 distinct functions (σ has no sign
 * symmetry), so 19 functions. ln 10! = ln 3628800.
 */
@Tag("slow")
class Shen2024Test {

    @Test
    void handCountsAndFactorials() {
        assertArrayEquals(new long[] {27, 19}, Shen2024Grid.countFunctions(1, 1));
        assertEquals(Math.log(3628800), Combinatorics.lnFactorial(10), 1e-13);
        // a quadratic in 1/k is extrapolated exactly: r(k) = 2 + 3/k − 1/k²
        assertEquals(2.0, Shen2024Grid.quadraticInInverseK(2, 2 + 1.5 - 0.25, 3, 2 + 1.0 - 1.0 / 9, 5, 2 + 0.6 - 0.04),
                1e-12);
    }

    @Test
    void allChecksPass() {
        for (Reproduction r : new Reproduction[] {Shen2024Bound.bound(), Shen2024Grid.grid()}) {
            for (Check c : r.checks()) {
                assertTrue(c.passed(), c.toString());
            }
        }
    }
}
