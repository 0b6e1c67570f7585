package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.StandardActivation;
import dev.overlap.ode.finiten.EscapeTimeLaw;

/**
 * The finite-N escape law of the Saad–Solla soft committee machine (erf, p = p* = 2, sum normalisation, η = 0.5),
 * whose plateau is the permutation-symmetric fixed point rather than R = 0, against 300 seeds of the exact overlap
 * chain at N = 1000 (master seed fixed, so the test is deterministic). Under the theory the mean test (|z| ≤ 3.5)
 * fails with probability 5·10⁻⁴ and the KS test (p ≥ 10⁻³) with 10⁻³.
 */
@Tag("slow")
class ErfEscapeLawTest {

    private static final ModelSpec ERF = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF)
            .normalisation(Normalisation.SUM).lr(0.5).build();

    @Test
    void theCompareTheoryIsTheFiniteNLawForErf() {
        assertTrue(EscapeTimeLaw.applies(ERF));
        assertEquals(Comparison.Theory.FINITE_N, Comparison.Theory.auto(ERF));
    }

    @Test
    void predictedEscapeTimesMatchTheExactChainAtNOneThousand() {
        EscapeComparison.Predictions predictions = EscapeComparison.predict(ERF, new long[] {1000}, 512, 0.5, 2);
        EscapeComparison.Report report = EscapeComparison.compare(ERF, predictions, 300, 2026L, 2, null);
        EscapeComparison.AtN at = report.perN().get(0);
        assertEquals(300, at.simulated().length, "every seed escaped");
        assertTrue(Math.abs(at.z()) <= 3.5, "mean: " + report.findings());
        assertTrue(at.ksPValue() >= 1e-3, "KS: " + report.findings());
        // the law is far from degenerate: the spread of escape times is a quarter of the mean (measured 40 of 175)
        assertTrue(at.prediction().sd() > 0.15 * at.prediction().mean(), "sd " + at.prediction().sd());
    }
}
