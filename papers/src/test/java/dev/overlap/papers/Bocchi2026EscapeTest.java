package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The escape part: the ln N slope of the escape time equals 1/(2γ) with γ = 4ηκ_sκ_t. Independent values: for
 * p = 4, p* = 2, η̃ = 0.05 (η = 0.2), γ = 4 · 0.2 / 8 = 0.1, slope 5; the per-width slope does not depend on p.
 */
@Tag("slow")
class Bocchi2026EscapeTest {

    @Test
    void escapePart() {
        Reproduction r = Bocchi2026Escape.escape();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        Check c = r.checks().stream().filter(x -> x.quantity().startsWith("η̃=0.05 p=4 p*=2")).findFirst().orElseThrow();
        assertEquals(5.0, c.predicted(), 1e-12);
        for (Check x : r.checks()) {
            if (x.quantity().startsWith("η̃=0.05") && x.quantity().contains("p*=2")) {
                assertEquals(5.0, x.predicted(), 1e-12, "per-width: independent of p");
            }
        }
    }
}
