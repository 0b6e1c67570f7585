package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;

/** The simulation against the ODE: statistical agreement, N-scaling of the deviation, and the verdict's bound. */
@Tag("slow")
class ComparisonTest {

    private static ModelSpec spec(int n) {
        return ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).init(new InitialCondition.Random(n, 1.0, 1L)).build();
    }

    /**
     * N = 1000, 16 seeds, up to α = 2 (the relaxation of Q towards the plateau, where finite N only adds
     * O(N^-½) fluctuations): the simulation agrees with the per-seed ODE, and the same data reject a theory
     * without the η² (SGD-noise) term of dQ/dα, so the test has the power to see a wrong equation.
     */
    @Test
    void simulationAgreesWithThePerSeedOdeAtN1000AndRejectsGradientFlow() {
        SimulationResult sim = new SgdSimulator(spec(1000), 16, AlphaGrid.linear(2, 9), 0.5, 2).run(null);
        Comparison.AtN c = Comparison.compare(sim, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        assertEquals(9, c.alphas().length);
        assertEquals(0.0, c.z()[0], 0.0, "α = 0: same overlaps, no deviation");
        assertEquals(8, c.comparedRows());
        assertTrue(c.zWithinBound(), "max|z| = " + c.maxAbsZ() + " > " + c.zBound());
        double drop = c.theoryMean()[0] - c.theoryMean()[8];
        assertTrue(drop > 0.05, "the curve moves: drop " + drop);
        assertTrue(c.maxAbsDeviation() < 0.1 * drop, "max|D| = " + c.maxAbsDeviation());

        List<SeedTrajectory> relabelled = sim.seeds().stream().map(s -> new SeedTrajectory(s.index(), s.seed(),
                s.spec().withEta2(false), s.teacherOverlap(), s.alphas(), s.states(), s.epsG(), s.plateauEpsG(),
                s.escapeAlpha(), s.divergenceAlpha(), s.steps())).collect(Collectors.toList());
        SimulationResult asIfGradientFlow = new SimulationResult(sim.spec().withEta2(false), sim.n(), sim.masterSeed(),
                relabelled, sim.threads(), sim.wallSeconds(), sim.totalSteps(), sim.escapeFraction(), sim.escapeStride(), sim.engine());
        Comparison.AtN wrong = Comparison.compare(asIfGradientFlow, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        assertFalse(wrong.zWithinBound(), "gradient flow: max|z| = " + wrong.maxAbsZ() + " ≤ " + wrong.zBound());
    }

    @Test
    void perSeedDeviationFallsLikeOneOverRootN() {
        double small = rmsDeviation(250);
        double large = rmsDeviation(2000);
        double ratio = small / large;
        // N^-½ predicts √8 ≈ 2.83
        assertTrue(ratio > 1.8 && ratio < 4.5, "rms deviation " + small + " at N = 250, " + large + " at N = 2000");
    }

    private static double rmsDeviation(int n) {
        SimulationResult sim = new SgdSimulator(spec(n), 6, AlphaGrid.linear(3, 7), 0.5, 2).run(null);
        Comparison.AtN c = Comparison.compare(sim, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        double ss = 0;
        int count = 0;
        for (int k = 0; k < sim.seeds().size(); k++) {
            Trajectory ode = c.theory().get(k);
            for (int i = 1; i < c.alphas().length; i++) {
                double d = sim.seeds().get(k).epsG()[i] - ode.epsG()[i];
                ss += d * d;
                count++;
            }
        }
        return Math.sqrt(ss / count);
    }

    @Test
    void zBoundIsTheBonferroniStudentQuantile() {
        // t-table: two-sided 1 % point of Student's t with 7 degrees of freedom is 3.4995
        assertEquals(3.4995, Comparison.Criteria.DEFAULT.zBound(8, 1), 5e-4);
        // Bonferroni over 10 rows: the two-sided 0.1 % point, 5.4079
        assertEquals(5.4079, Comparison.Criteria.DEFAULT.zBound(8, 10), 5e-4);
    }

    @Test
    void verdictFailsWhenTheDeviationDoesNotFallWithN() {
        SimulationResult a = new SgdSimulator(spec(200), 3, AlphaGrid.linear(2, 3), 0.5, 2).run(null);
        SimulationResult b = new SgdSimulator(spec(800), 3, AlphaGrid.linear(2, 3), 0.5, 2).run(null);
        Comparison.AtN small = Comparison.compare(a, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        Comparison.AtN large = Comparison.compare(b, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        Trajectory iso = Comparison.isotropicReference(spec(200), 1.0, 1e-3, AlphaGrid.linear(2, 3), SolverOptions.DEFAULTS);
        // the same two comparisons with their N labels exchanged: the slopes are opposite, so one of the two
        // reports has a deviation that does not fall with N, and must DISAGREE whatever its z-scores
        Comparison.AtN swapped = new Comparison.AtN(200, large.simulation(), large.theory(), large.alphas(),
                large.simulationStatistics(), large.theoryMean(), large.deviation(), large.deviationSe(), large.z(),
                large.comparedRows(), large.zBound(), large.maxAbsZ(), large.maxAbsZAlpha(), large.maxAbsDeviation(),
                large.maxAbsDeviationAlpha(), large.simulationEscape(), large.theoryEscape());
        Comparison.AtN swapped2 = new Comparison.AtN(800, small.simulation(), small.theory(), small.alphas(),
                small.simulationStatistics(), small.theoryMean(), small.deviation(), small.deviationSe(), small.z(),
                small.comparedRows(), small.zBound(), small.maxAbsZ(), small.maxAbsZAlpha(), small.maxAbsDeviation(),
                small.maxAbsDeviationAlpha(), small.simulationEscape(), small.theoryEscape());
        Comparison.Report right = Comparison.report(spec(200), List.of(small, large), iso, Comparison.Criteria.DEFAULT);
        Comparison.Report wrong = Comparison.report(spec(200), List.of(swapped, swapped2), iso, Comparison.Criteria.DEFAULT);
        assertEquals(-right.scalingExponent(), wrong.scalingExponent(), 1e-12);
        Comparison.Report rising = right.scalingExponent() < 0 ? wrong : right;
        assertTrue(rising.scalingExponent() >= 0);
        assertFalse(rising.agree(), rising.findings().toString());
        assertEquals(3, right.findings().size(), "one finding per N and one for the scaling");
    }

    @Test
    void scalingExponentIsTheLogLogSlope() {
        assertEquals(-0.5, Comparison.scalingExponent(new double[] {500, 2000, 8000},
                new double[] {3 / Math.sqrt(500), 3 / Math.sqrt(2000), 3 / Math.sqrt(8000)}), 1e-12);
        assertTrue(Double.isNaN(Comparison.scalingExponent(new double[] {500}, new double[] {0.1})));
    }
}
