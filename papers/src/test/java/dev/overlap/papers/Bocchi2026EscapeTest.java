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
        // the measured slopes of the ODE escape times against the hand values 1/(2γ), γ = 4η/(p p*), to 1 %:
        // η̃ = 0.05 (η = 0.2 p): 5 for p* = 2 and every p; η = 0.2: p = p* = 1 → γ = 0.8, slope 0.625;
        // p = 8, p* = 2 → γ = 0.05, slope 10
        assertEquals(5.0, c.measured(), 0.05);
        assertEquals(0.625, slope(r, "η=0.2 p=1 p*=1"), 0.00625);
        assertEquals(10.0, slope(r, "η=0.2 p=8 p*=2"), 0.1);
    }

    private static double slope(Reproduction r, String prefix) {
        return r.checks().stream().filter(x -> x.quantity().startsWith(prefix + ":")).findFirst().orElseThrow()
                .measured();
    }
}
