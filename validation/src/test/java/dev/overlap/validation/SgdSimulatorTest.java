package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;

/** Seeds, recording, reproducibility and events of the multi-seed simulator. */
class SgdSimulatorTest {

    private static ModelSpec spec(int n, long master) {
        return ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).init(new InitialCondition.Random(n, 1.0, master)).build();
    }

    @Test
    void seedKStartsWhereSolveWithSeedMasterPlusKStarts() {
        SgdSimulator sim = new SgdSimulator(spec(200, 10), 3, AlphaGrid.linear(1, 3), 0.5, 2);
        SimulationResult r = sim.run(null);
        for (int k = 0; k < 3; k++) {
            SeedTrajectory s = r.seeds().get(k);
            assertEquals(10 + k, s.seed());
            assertEquals(0.0, s.alphas()[0]);
            assertEquals(spec(200, 10 + k).initialOverlaps(), s.overlaps(0));
        }
    }

    @Test
    void gridIsRecordedAtRoundedStepsAndEpsGIsTheTheorysFunctionOfTheOverlaps() {
        AtomicLong progress = new AtomicLong();
        SgdSimulator sim = new SgdSimulator(spec(100, 1), 2, AlphaGrid.of(0.004, 0.006, 0.5, 2), 0.5, 1);
        SimulationResult r = sim.run(progress::addAndGet);
        // 0.004·100 and 0.006·100 round to 0 and 1 step: rows α = 0, 0.01, 0.5, 2
        assertArrayEquals(new double[] {0, 0.01, 0.5, 2}, r.alphas(), 0.0);
        assertEquals(2 * 200, r.totalSteps());
        assertEquals(400, progress.get(), "every step is reported once");
        SeedTrajectory s = r.seeds().get(1);
        OverlapDynamics f = OverlapDynamics.of(s.spec(), s.teacherOverlap());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(f.generalisationError(s.states()[i]), s.epsG()[i], 0.0);
        }
    }

    @Test
    void sameSeedIsIdenticalAndThreadCountDoesNotMatter() {
        AlphaGrid grid = AlphaGrid.linear(3, 7);
        SimulationResult one = new SgdSimulator(spec(150, 3), 4, grid, 0.5, 1).run(null);
        SimulationResult two = new SgdSimulator(spec(150, 3), 4, grid, 0.5, 2).run(null);
        SimulationResult again = new SgdSimulator(spec(150, 3), 4, grid, 0.5, 2).run(null);
        for (int k = 0; k < 4; k++) {
            SeedTrajectory a = one.seeds().get(k);
            SeedTrajectory b = two.seeds().get(k);
            SeedTrajectory c = again.seeds().get(k);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.states()[i], b.states()[i], 0.0, "1 vs 2 threads, seed " + k);
                assertArrayEquals(b.states()[i], c.states()[i], 0.0, "rerun, seed " + k);
            }
            assertArrayEquals(a.epsG(), b.epsG(), 0.0);
        }
        assertTrue(one.seeds().get(0).states()[6][0] != one.seeds().get(1).states()[6][0], "seeds differ");
    }

    @Test
    void escapeIsDetectedAtTheDocumentedLevel() {
        // a fast escape: p = 2, p* = 1, η̃ = 0.15 (rate 4η̃/p* = 0.6 per unit α)
        ModelSpec fast = ModelSpec.builder().p(2).pstar(1).lrPerWidth(0.15)
                .init(new InitialCondition.Random(400, 1.0, 7L)).build();
        SimulationResult r = new SgdSimulator(fast, 2, AlphaGrid.linear(20, 401), 0.5, 2).run(null);
        for (SeedTrajectory s : r.seeds()) {
            assertTrue(s.plateauEpsG() > 0, "plateau found");
            Double esc = s.escapeAlpha();
            assertNotNull(esc, "seed " + s.index() + " escaped by α = 20");
            double threshold = 0.5 * s.plateauEpsG();
            // the recorded curve crosses the threshold within the grid spacing (0.05) plus the resolution of ε_g
            // along the way: the last row above and the first row below bracket the escape
            int firstBelow = 0;
            while (s.epsG()[firstBelow] > threshold) {
                firstBelow++;
            }
            assertTrue(s.alphas()[firstBelow - 1] - 0.01 <= esc && esc <= s.alphas()[firstBelow] + 0.01,
                    "escape " + esc + " vs rows " + s.alphas()[firstBelow - 1] + ", " + s.alphas()[firstBelow]);
        }
    }

    @Test
    void stoppingAtTheEscapeKeepsEachSeedsEscapeTimeAndItsStepsUpToThen() {
        ModelSpec fast = ModelSpec.builder().p(2).pstar(1).lrPerWidth(0.15)
                .init(new InitialCondition.Random(300, 1.0, 11L)).build();
        SgdSimulator full = new SgdSimulator(fast, Engine.OVERLAPS, 300, 11L, 6, AlphaGrid.linear(40, 81), 0.5, 2);
        AtomicLong progress = new AtomicLong();
        SimulationResult all = full.run(null);
        SimulationResult stopped = full.withStopAtEscape(true).run(progress::addAndGet);
        assertEquals(full.totalSteps(), progress.get(), "skipped steps are reported as done");
        for (int k = 0; k < 6; k++) {
            SeedTrajectory a = all.seeds().get(k);
            SeedTrajectory b = stopped.seeds().get(k);
            assertNotNull(a.escapeAlpha(), "seed " + k + " escaped");
            assertEquals(a.escapeAlpha(), b.escapeAlpha(), 0.0, "seed " + k);
            assertTrue(b.steps() < a.steps(), "seed " + k + " stopped early");
            assertTrue(b.alphas()[b.size() - 1] <= b.escapeAlpha(), "its rows end before its escape");
            for (int i = 0; i < b.size(); i++) {
                assertArrayEquals(a.states()[i], b.states()[i], 0.0, "seed " + k + " row " + i);
            }
        }
    }

    @Test
    void invalidInputIsASpecException() {
        AlphaGrid grid = AlphaGrid.linear(1, 2);
        assertTrue(assertThrows(SpecException.class, () -> new SgdSimulator(spec(4, 1), 2, grid, 0.5, 1))
                .getMessage().contains("at least p + p* = 5"));
        assertThrows(SpecException.class, () -> new SgdSimulator(spec(100, 1), 0, grid, 0.5, 1));
        assertThrows(SpecException.class, () -> new SgdSimulator(spec(100, 1), 1, grid, 0.5, 0));
        assertThrows(SpecException.class, () -> new SgdSimulator(spec(100, 1), 1, grid, 1.5, 1));
        assertThrows(SpecException.class,
                () -> new SgdSimulator(spec(100, 1).withInit(new InitialCondition.Isotropic(1, 0.01)), 1, grid, 0.5, 1));
    }

    @Test
    void interruptingTheCallerCancelsTheRun() throws InterruptedException {
        SgdSimulator sim = new SgdSimulator(spec(2000, 1), 2, AlphaGrid.linear(10_000, 2), 0.5, 2);
        Throwable[] thrown = {null};
        Thread t = new Thread(() -> {
            try {
                sim.run(null);
            } catch (RuntimeException e) {
                thrown[0] = e;
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        t.join(10_000);
        assertTrue(!t.isAlive(), "the run stopped");
        assertTrue(thrown[0] instanceof CancellationException, String.valueOf(thrown[0]));
    }

    /**
     * An activation the ODE module has no theory for (here σ(z) = z² under another identity, so the exact answer is
     * known): ε_g falls back to the Monte Carlo estimate, which agrees with the closed form to its sampling error,
     * and there is no plateau and no escape time.
     */
    @Test
    void activationWithoutTheoryUsesTheMonteCarloError() {
        Activation squareWithoutTheory = new Activation() {
            @Override
            public String name() {
                return "square-without-theory";
            }

            @Override
            public double value(double z) {
                return z * z;
            }

            @Override
            public double derivative(double z) {
                return 2 * z;
            }
        };
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).activation(squareWithoutTheory).lrPerWidth(0.05)
                .init(new InitialCondition.Random(300, 1.0, 2L)).build();
        SimulationResult r = new SgdSimulator(spec, 1, AlphaGrid.linear(4, 3), 0.5, 1).run(null);
        SeedTrajectory s = r.seeds().get(0);
        assertTrue(Double.isNaN(s.plateauEpsG()));
        assertEquals(null, s.escapeAlpha());
        OverlapDynamics exact = OverlapDynamics.of(ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).build(),
                s.teacherOverlap());
        for (int i = 0; i < s.size(); i++) {
            double e = exact.generalisationError(s.states()[i]);
            assertEquals(e, s.epsG()[i], 0.03 * e, "row " + i);
        }
        assertTrue(s.epsG()[0] - s.epsG()[2] > 0.05, "the error did fall: " + Arrays.toString(s.epsG()));
    }

    /**
     * The divergence factor given to the simulator is the one it applies: p = 2, p* = 1 from Q(0) = 0.2 I (scale
     * max(1, 0.2, T_11 = 1) = 1) on the overlap chain, where one student's norm rises from 0.2 to about 1.87 once
     * the students specialise. With the default factor 10⁶ no seed diverges by α = 100; with factor 1.3 each seed
     * stops the first time a check (every N/100 steps) sees max_a Q_aa &gt; 1.3. Its rows are the default run's
     * rows (same seeds, same steps up to the stop), all within the bound, and its stop lies after the last of them
     * and no later than the first row of the default run beyond the bound. Deterministic (fixed seeds); before the
     * simulator took the factor, the second run did not stop.
     */
    @Test
    void honoursTheDivergenceFactorItIsGiven() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).lrPerWidth(0.05)
                .init(new InitialCondition.Isotropic(0.2, 0.001)).build();
        SgdSimulator base = new SgdSimulator(spec, Engine.OVERLAPS, 1000, 7L, 2, AlphaGrid.linear(100, 101), 0.5, 1);
        SimulationResult free = base.run(null);
        SimulationResult tight = base.withDivergenceFactor(1.3).run(null);
        for (int k = 0; k < 2; k++) {
            SeedTrajectory loose = free.seeds().get(k);
            SeedTrajectory stopped = tight.seeds().get(k);
            assertEquals(null, loose.divergenceAlpha(), "seed " + k + " is bounded at the default factor");
            int beyond = 0;
            while (beyond < loose.size() && largestNorm(loose.states()[beyond]) <= 1.3) {
                beyond++;
            }
            assertTrue(beyond < loose.size(), "seed " + k + ": the norm passes 1.3 within the run");
            assertNotNull(stopped.divergenceAlpha(), "seed " + k + " diverges at factor 1.3");
            assertTrue(stopped.size() <= beyond, "seed " + k + " stops before its first row beyond 1.3");
            for (int i = 0; i < stopped.size(); i++) {
                assertArrayEquals(loose.states()[i], stopped.states()[i], 0.0, "seed " + k + " row " + i);
                assertTrue(largestNorm(stopped.states()[i]) <= 1.3);
            }
            assertTrue(stopped.divergenceAlpha() > stopped.alphas()[stopped.size() - 1]);
            assertTrue(stopped.divergenceAlpha() <= loose.alphas()[beyond]);
        }
        assertThrows(SpecException.class, () -> base.withDivergenceFactor(1.0));
    }

    /**
     * Each seed keeps the plateau it searched (so that compare's per-seed ODE does not search it again): the fixed
     * point {@link FixedPoints#plateauFrom} gives from the seed's recorded start, bit for bit, with its ε_g*.
     */
    @Test
    void eachSeedKeepsThePlateauOfItsOwnStart() {
        SimulationResult r = new SgdSimulator(spec(200, 4), 2, AlphaGrid.linear(1, 3), 0.5, 1).run(null);
        for (SeedTrajectory s : r.seeds()) {
            FixedPoint expected = FixedPoints.plateauFrom(OverlapDynamics.of(s.spec(), s.teacherOverlap()),
                    s.states()[0]);
            assertNotNull(s.plateau());
            assertArrayEquals(expected.state(), s.plateau().state(), 0.0);
            assertEquals(expected.epsG(), s.plateauEpsG(), 0.0);
        }
    }

    /** max(Q_11, Q_22) of a p = 2 flat state (Q_11, Q_12, Q_22, R_11, R_21). */
    private static double largestNorm(double[] y) {
        return Math.max(y[0], y[2]);
    }
}
