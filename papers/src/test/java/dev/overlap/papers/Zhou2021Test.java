package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.StandardActivation;

/**
 * zhou2021 local: every check passes, and for m = m* = 2 with |z| the aligned zero-loss configuration is
 * reached (best cosine 1 to 1e-6, loss down by 10⁶).
 */
@Tag("slow")
class Zhou2021Test {

    @Test
    void localPart() {
        Reproduction r = Zhou2021.local();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        double[][] run = Zhou2021.run(StandardActivation.ABS, 2, new double[] {0, 100, 200}, 0.0);
        assertEquals(1.0, run[1][2], 1e-6);
        assertTrue(run[0][2] < 1e-6 * run[0][0]);
    }
}
