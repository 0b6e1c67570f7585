package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every check of the symmetry part passes (conservation to 1e-10, exact selection, N^-½ violations). */
@Tag("slow")
class Bocchi2026SymmetryTest {

    @Test
    void symmetryPart() {
        Reproduction r = Bocchi2026Symmetry.symmetry();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        assertTrue(r.checks().size() >= 10);
    }
}
