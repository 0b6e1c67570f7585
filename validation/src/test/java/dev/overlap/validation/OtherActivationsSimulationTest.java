package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.StandardActivation;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.PairKernel;
import dev.overlap.ode.SolverOptions;

/**
 * The simulator with erf, ReLU and |z| units: erf SGD agrees with the erf ODEs (per-seed starts, z-score bound,
 * and the same data reject the wrong dynamics), ReLU and |z| runs are reproducible and report the exact ε_g of
 * their overlaps (the arc-cosine kernels, checked against Monte Carlo in {@link ErfAndKernelsMonteCarloTest}).
 */
class OtherActivationsSimulationTest {

    private static ModelSpec spec(Activation act, int n, double eta) {
        return ModelSpec.builder().p(2).pstar(2).activation(act).normalisation(Normalisation.SUM).lr(eta)
                .init(new InitialCondition.Random(n, 1.0, 3L)).build();
    }

    @Test
    void erfSimulationAgreesWithTheErfOdes() {
        SimulationResult sim = new SgdSimulator(spec(StandardActivation.ERF, 1000, 0.5), 16, AlphaGrid.linear(4, 9), 0.5, 2)
                .run(null);
        Comparison.AtN c = Comparison.compare(sim, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        assertTrue(c.zWithinBound(), "max|z| = " + c.maxAbsZ() + " > " + c.zBound());
        double drop = c.theoryMean()[0] - c.theoryMean()[8];
        assertTrue(drop > 0.05, "the curve moves: drop " + drop);
        // power: the same simulation against the ODE of another learning rate is rejected
        SimulationResult relabelled = new SimulationResult(sim.spec().withEta(0.8), sim.n(), sim.masterSeed(),
                sim.seeds().stream().map(s -> new SeedTrajectory(s.index(), s.seed(), s.spec().withEta(0.8),
                        s.teacherOverlap(), s.alphas(), s.states(), s.epsG(), s.plateauEpsG(), s.escapeAlpha(),
                        s.divergenceAlpha(), s.steps())).toList(),
                sim.threads(), sim.wallSeconds(), sim.totalSteps(), sim.escapeFraction(), sim.escapeStride(), sim.engine());
        Comparison.AtN wrong = Comparison.compare(relabelled, SolverOptions.DEFAULTS, Comparison.Criteria.DEFAULT, 2);
        assertTrue(!wrong.zWithinBound(), "η = 0.8 theory: max|z| = " + wrong.maxAbsZ());
    }

    @Test
    void reluAndAbsRunsAreReproducibleAndReportTheKernelError() {
        for (Activation act : new Activation[] {StandardActivation.RELU, StandardActivation.ABS}) {
            ModelSpec s = spec(act, 300, 0.2);
            SimulationResult one = new SgdSimulator(s, 2, AlphaGrid.linear(1, 3), 0.5, 1).run(null);
            SimulationResult two = new SgdSimulator(s, 2, AlphaGrid.linear(1, 3), 0.5, 2).run(null);
            for (int k = 0; k < 2; k++) {
                SeedTrajectory a = one.seeds().get(k);
                SeedTrajectory b = two.seeds().get(k);
                assertArrayEquals(a.epsG(), b.epsG(), 0.0, act.name() + ": 1 vs 2 threads");
                PairKernel kernel = PairKernel.of(act);
                double[][] c = a.overlaps(0).covariance();
                double expected = 0;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        double wi = i < 2 ? 1 : -1;
                        double wj = j < 2 ? 1 : -1;
                        expected += 0.5 * wi * wj * kernel.value(c[i][i], c[j][j], c[i][j]);
                    }
                }
                assertEquals(expected, a.epsG()[0], 1e-12, act.name() + " ε_g at α = 0");
                assertTrue(a.epsG()[2] < a.epsG()[0], act.name() + ": the error decreases");
            }
        }
    }
}
