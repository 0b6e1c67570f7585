package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.finiten.EscapeTimeLaw;

/**
 * The finite-N comparison is calibrated with few seeds and powerful with many. Fast-escaping model: p = 2, p* = 1,
 * η̃ = 0.15 (escape rate about 0.6 per unit α), N = 10⁴, α ≤ 20 (at N = 10³ this fast escape is outside the
 * asymptotic regime of the theory: its O(N^-½) corrections show at 400 seeds). All seeds are fixed, so the tests
 * are deterministic.
 */
@Tag("slow")
class FiniteNComparisonTest {

    private static final int N = 10_000;
    private static final AlphaGrid GRID = AlphaGrid.linear(20, 41);

    private static ModelSpec spec(double lrPerWidth) {
        return ModelSpec.builder().p(2).pstar(1).lrPerWidth(lrPerWidth).init(new InitialCondition.Random(N, 1.0, 1L))
                .build();
    }

    private static SimulationResult simulate(ModelSpec spec, long master, int seeds) {
        return new SgdSimulator(spec, Engine.OVERLAPS, N, master, seeds, GRID, 0.5, 2).run(null);
    }

    /**
     * Calibration: 100 independent comparisons with 4 seeds each against the correct prediction. The documented
     * false-DISAGREE rate is at most about a + a + 0.27 % = 2.3 % (a = 1 %); the test allows 9 of 100, which a true
     * rate of 2.3 % exceeds with probability about 10⁻³ (binomial).
     */
    @Test
    void withFourSeedsTheFalseAlarmRateIsAsDocumented() {
        ModelSpec spec = spec(0.15);
        EscapeTimeLaw law = EscapeTimeLaw.of(spec, 0.5);
        SimulationResult first = simulate(spec, 1_000, 4);
        EscapeTimeLaw.Curve pred = law.curve(N, 1024, first.alphas(), 2);
        int disagree = 0;
        for (int rep = 0; rep < 100; rep++) {
            SimulationResult sim = rep == 0 ? first : simulate(spec, 1_000 + 4L * rep, 4);
            if (!FiniteNComparison.of(sim, pred, 0.01, 1).agree()) {
                disagree++;
            }
        }
        assertTrue(disagree <= 9, disagree + " of 100 comparisons with 4 seeds said DISAGREE");
    }

    /**
     * Power and accuracy at 400 seeds: the correct theory agrees (a false alarm has probability about 2.3 %, and
     * the seeds are fixed), while a learning rate 5 % off is rejected.
     */
    @Test
    void fourHundredSeedsAgreeWithTheTheoryAndRejectALearningRateFivePercentOff() {
        ModelSpec spec = spec(0.15);
        SimulationResult sim = simulate(spec, 77, 400);
        FiniteNComparison right = FiniteNComparison.of(sim, EscapeTimeLaw.of(spec, 0.5), 1024, 0.01, 1, 2);
        assertTrue(right.agree(), right.finding());
        FiniteNComparison wrong = FiniteNComparison.of(sim, EscapeTimeLaw.of(spec.withEta(1.05 * spec.eta()), 0.5),
                1024, 0.01, 1, 2);
        assertFalse(wrong.agree(), wrong.finding());
    }
}
