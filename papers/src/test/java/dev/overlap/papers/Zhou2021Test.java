package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.StandardActivation;

/**
 * zhou2021 local: every check passes, and for m = m* = 2 with |z| the aligned zero-loss configuration is
 * reached (best cosine 1 to 1e-6, loss down by 10⁶): the paper's statement (Zhou, Ge, Jin 2021, abstract: "every
 * student neuron converges to one of the teacher neurons"); for m = m* a positively homogeneous σ reaches zero loss
 * only with every student parallel to a teacher, so the value 1 is known independently of the flow.
 */
@Tag("slow")
class Zhou2021Test {

    @Test
    void localPart() {
        Reproduction r = new Zhou2021().run();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        double[][] run = Zhou2021.run(StandardActivation.ABS, 2, new double[] {0, 100, 200}, 0.0);
        assertEquals(1.0, run[1][2], 1e-6);
        assertTrue(run[0][2] < 1e-6 * run[0][0]);
        // the start, by hand: each row is its teacher copy plus a vector of 15 % of its norm, so its cosine with the
        // teacher is at least √(1 − 0.15²) = 0.98868599… (the perturbation orthogonal to the row it produces) and
        // below 1 (a generic perturbation is not parallel)
        assertTrue(run[1][0] >= Math.sqrt(1 - 0.15 * 0.15) - 1e-15 && run[1][0] < 1 - 1e-6, "cos(0) = " + run[1][0]);
    }
}
