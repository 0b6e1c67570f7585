package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.testing.DenseMatrices;

/**
 * {@link OverlapSolver}, {@link AlphaGrid} and {@link SolverOptions}.
 *
 * <p>Where the expected values come from.
 * <ul>
 * <li>Exact solution derived by hand: p = p* = 1, gradient flow, T = [[1]], mean normalisation, R(0) = 0.
 * Then R stays 0 ((CDC)₁₂ = QR − RT = 0), and with z = λ² − ν², E[zλ²] = tr(DC) Q + 2(CDC)₁₁ = (Q − 1)Q + 2Q²,
 * so dQ/dα = −4η E[zλ²] = −4η Q (3Q − 1), a logistic equation with carrying capacity 1/3 and rate 4η:
 * Q(α) = Q₀ / (3Q₀ + (1 − 3Q₀) e^{−4ηα}). (Check: at α = 0 it is Q₀ and its slope is −4ηQ₀(3Q₀ − 1);
 * as α → ∞ it tends to the stable plateau 1/3.)</li>
 * <li>Plateau values published in docs/model.md (mean normalisation, T = I): ε_g* = 1/p* + 1/(p+2); the escape
 * threshold is the escape fraction times that.</li>
 * <li>The escape rate γ = 4η/(p p*) (hand-derived, see {@link PlateauTest}): from an isotropic start on the
 * plateau, R(α) = r₀ e^{γα} P while R is small, so the escape α shifts by ln(r₀₁/r₀₂)/γ between two r₀.</li>
 * <li>Grid values written out by hand from the grid definitions.</li>
 * </ul>
 */
class OverlapSolverTest {

    private static final SolverOptions TIGHT = SolverOptions.DEFAULTS.withTolerances(1e-11, 1e-14);

    @Test
    void aSolveThatRunsOutOfEvaluationsSaysWhereItStoppedAndWhyNotThatItDiverged() {
        ModelSpec spec = Fixtures.spec(3, 2, 0.15, true);
        String m = assertThrows(SpecException.class,
                () -> new OverlapSolver(SolverOptions.DEFAULTS, 2000).solve(spec, AlphaGrid.linear(1e6, 11)))
                .message(OverlapSolverTest::flag);
        assertTrue(m.startsWith("the solve stopped at α = ") && m.contains("after 2000 right-hand-side evaluations")
                && m.contains("short of α = 1000000") && m.contains("--alpha-max"), m);
    }

    /**
     * Above the critical learning rate (PlateauTest) the norms blow up: both integrators stop where max Q_aa
     * crosses 10⁶ × its scale (or where their step reaches the resolution of α just before) and agree on that α
     * (1e-6 relative: the blow-up is steep, so α is sharply defined); no row after it, none non-finite. The Rosenbrock solve that runs
     * out of evaluations says so, as the explicit one does.
     */
    @Test
    void bothIntegratorsStopAtTheSameDivergence() {
        ModelSpec probe = Fixtures.spec(2, 2, 0.01, true);
        double etaC = PlateauTheory.of(probe, 2, 2, 1).criticalEta();
        ModelSpec spec = probe.withEta(1.5 * etaC).withInit(new InitialCondition.Isotropic(0.3, 1e-3));
        Trajectory dp = new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, AlphaGrid.linear(500, 201));
        Trajectory ros = new OverlapSolver(SolverOptions.DEFAULTS.withIntegrator(Integrator.ROSENBROCK))
                .solve(spec, AlphaGrid.linear(500, 201));
        assertTrue(dp.diverged() && ros.diverged());
        double at = dp.events().divergence().alpha();
        assertEquals(at, ros.events().divergence().alpha(), 1e-6 * at);
        // the blow-up is so steep near α = 2.0133 (Q_11 from 4·10⁵ to 10⁶ within a few ulp of α) that either the
        // threshold is crossed or the step size reaches the resolution of α first: both are reported as divergence
        String why = ros.events().divergence().reason();
        assertTrue(why.contains("max Q_aa exceeded") || why.contains("step size underflowed"), why);
        assertEquals(dp.size(), ros.size());
        for (int i = 0; i < ros.size(); i++) {
            assertTrue(ros.alphas()[i] <= at);
            for (double v : ros.row(i)) {
                assertTrue(Double.isFinite(v), "row " + i);
            }
        }
        ModelSpec slow = Fixtures.spec(3, 2, 0.15, true);
        String m = assertThrows(SpecException.class, () -> new OverlapSolver(
                SolverOptions.DEFAULTS.withIntegrator(Integrator.ROSENBROCK), 500).solve(slow,
                        AlphaGrid.linear(1e6, 11))).getMessage();
        assertTrue(m.startsWith("the solve stopped at α = ") && m.contains("after 500 right-hand-side evaluations"), m);
    }

    @ParameterizedTest(name = "Q0={0}, η={1}")
    @CsvSource({"0.05, 0.5", "2.0, 0.3", "0.3333, 1.0"})
    void logisticCaseMatchesTheExactSolution(double q0, double eta) {
        ModelSpec spec = Fixtures.spec(1, 1, eta, false).withInit(new InitialCondition.Isotropic(q0, 0.0));
        AlphaGrid grid = AlphaGrid.linear(8, 41);
        Trajectory tr = new OverlapSolver(TIGHT).solve(spec, grid);
        assertEquals(41, tr.size());
        assertFalse(tr.diverged());
        for (int i = 0; i < tr.size(); i++) {
            double a = tr.alphas()[i];
            double exact = q0 / (3 * q0 + (1 - 3 * q0) * Math.exp(-4 * eta * a));
            assertEquals(exact, tr.states()[i][0], 1e-9 * exact, "Q at α = " + a);
            assertEquals(0.0, tr.states()[i][1], 0.0, "R stays exactly 0");
            // ε_g = ½E[z²] = ½[(Q − 1)² + 2(Q² + 1)]
            double eps = 0.5 * ((exact - 1) * (exact - 1) + 2 * (exact * exact + 1));
            assertEquals(eps, tr.epsG()[i], 1e-9 * eps);
        }
    }

    @Test
    void tighteningTheToleranceConverges() {
        // η = 0.2 < η_c = 1/2 (PlateauTest): escapes near α ≈ 38 and converges to the teacher by α = 80
        ModelSpec spec = Fixtures.spec(2, 2, 0.2, true).withInit(new InitialCondition.Isotropic(0.2, 1e-3));
        AlphaGrid grid = AlphaGrid.linear(80, 41);
        double[][] y6 = solve(spec, grid, 1e-6);
        double[][] y8 = solve(spec, grid, 1e-8);
        double[][] y10 = solve(spec, grid, 1e-10);
        double[][] y12 = solve(spec, grid, 1e-12);
        double d68 = maxDiff(y6, y8);
        double d810 = maxDiff(y8, y10);
        assertTrue(d810 < d68, "differences should shrink: |y6 − y8| = " + d68 + ", |y8 − y10| = " + d810);
        double e6 = maxDiff(y6, y12);
        double e8 = maxDiff(y8, y12);
        double e10 = maxDiff(y10, y12);
        assertTrue(e10 < e8 && e8 < e6, "errors vs rtol 1e-12: " + e6 + ", " + e8 + ", " + e10);
        assertTrue(e10 < 1e-7, "rtol 1e-10 error " + e10);
        // and the run does escape within the window, so the comparison covers the fast part too
        assertTrue(Math.abs(y12[40][3]) > 0.9 && Math.abs(y12[0][3]) < 0.01);
    }

    private static double[][] solve(ModelSpec spec, AlphaGrid grid, double rtol) {
        Trajectory tr = new OverlapSolver(SolverOptions.DEFAULTS.withTolerances(rtol, rtol * 1e-3)).solve(spec, grid);
        assertEquals(grid.size(), tr.size());
        return tr.states();
    }

    private static double maxDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    @Test
    void explicitAlphasAreReportedExactly() {
        ModelSpec spec = Fixtures.spec(2, 1, 0.2, true).withInit(new InitialCondition.Isotropic(0.3, 0.01));
        Trajectory tr = new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, AlphaGrid.parse("7, 0.5,2, 2"));
        assertFalse(tr.diverged());
        assertArrayEquals(new double[] {0.5, 2, 7}, tr.alphas(), 0.0);
        assertEquals(3, tr.size());
        assertArrayEquals(new String[] {"alpha", "eps_g", "Q_1_1", "Q_1_2", "Q_2_2", "R_1_1", "R_2_1", "K_1_1",
            "dist_closest"}, tr.columns());
        assertEquals(7.0, tr.row(2)[0], 0.0);
        // the same α values read off a denser run agree (the grid does not change the integration)
        Trajectory dense = new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, AlphaGrid.of(0, 0.5, 1, 2, 3, 7));
        assertArrayEquals(dense.states()[1], tr.states()[0], 1e-9);
        assertArrayEquals(dense.states()[5], tr.states()[2], 1e-9);
        // α = 0 rows are the initial state itself
        assertArrayEquals(spec.initialOverlaps().toState(), dense.states()[0], 0.0);
    }

    @Test
    void linearGridIncludesBothEnds() {
        AlphaGrid g = AlphaGrid.linear(10, 6);
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, g.values(), 0.0);
        AlphaGrid h = AlphaGrid.linear(0.3, 4);
        assertEquals(0.0, h.get(0), 0.0);
        assertEquals(0.3, h.last(), 0.0);
        assertEquals(4, h.size());
        assertEquals(0.1, h.get(1), 1e-16);
    }

    @Test
    void logGridStartsAtZeroThenAlphaMin() {
        AlphaGrid g = AlphaGrid.log(0.01, 100, 6);
        double[] v = g.values();
        assertEquals(6, v.length);
        assertEquals(0.0, v[0], 0.0);
        assertEquals(0.01, v[1], 0.0);
        assertEquals(100.0, v[5], 0.0);
        double[] expected = {0, 0.01, 0.1, 1, 10, 100};
        for (int i = 1; i < 6; i++) {
            assertEquals(expected[i], v[i], 1e-13 * expected[i]);
        }
        ModelSpec spec = Fixtures.spec(1, 1, 0.5, false);
        Trajectory tr = new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, g);
        assertArrayEquals(v, tr.alphas(), 0.0);
    }

    @Test
    void gridErrorsAreSpecExceptions() {
        assertSpec(() -> AlphaGrid.of(1, -0.5), "--alphas", "finite and ≥ 0", "-0.5");
        assertSpec(() -> AlphaGrid.of(Double.NaN), "--alphas", "NaN");
        assertSpec(() -> AlphaGrid.of(1, Double.POSITIVE_INFINITY), "--alphas", "Infinity");
        assertSpec(AlphaGrid::of, "--alphas needs at least one value");
        assertSpec(() -> AlphaGrid.parse("1, two, 3"), "--alphas entry 'two' is not a number");
        assertSpec(() -> AlphaGrid.linear(-1, 10), "--alpha-max", "-1.0");
        assertSpec(() -> AlphaGrid.linear(0, 10), "--alpha-max", "0.0");
        assertSpec(() -> AlphaGrid.linear(Double.NaN, 10), "--alpha-max", "NaN");
        assertSpec(() -> AlphaGrid.linear(10, 1), "--points", "at least 2", "got 1");
        assertSpec(() -> AlphaGrid.log(10, 10, 5), "--alpha-min", "α_min = 10.0", "α_max = 10.0");
        assertSpec(() -> AlphaGrid.log(20, 10, 5), "--alpha-min", "α_min = 20.0");
        assertSpec(() -> AlphaGrid.log(0, 10, 5), "--alpha-min", "α_min = 0.0");
        assertSpec(() -> AlphaGrid.log(Double.NaN, 10, 5), "--alpha-min", "NaN");
        assertSpec(() -> AlphaGrid.log(0.1, 10, 2), "--points", "at least 3", "got 2");
        assertSpec(() -> AlphaGrid.log(0.1, Double.POSITIVE_INFINITY, 5), "--alpha-max", "Infinity");
    }

    @Test
    void solverOptionErrorsAreSpecExceptions() {
        SolverOptions d = SolverOptions.DEFAULTS;
        assertSpec(() -> d.withTolerances(0, 1e-12), "--rtol", "0.0");
        assertSpec(() -> d.withTolerances(1.5, 1e-12), "--rtol", "1.5");
        assertSpec(() -> d.withTolerances(1e-8, -1), "--atol", "-1.0");
        assertSpec(() -> d.withEscapeFraction(1), "--escape-fraction", "1.0");
        assertSpec(() -> d.withPlateauTolerance(0), "--plateau-tol", "0.0");
        assertSpec(() -> new SolverOptions(1e-8, 1e-10, 0.5, 0.02, 1), "divergence factor", "1.0");
    }

    /**
     * Asserts a {@link SpecException} whose message, with its parameters written as the CLI writes them
     * ({@link #flag}), contains the fragments.
     */
    private static void assertSpec(Executable body, String... fragments) {
        SpecException e = assertThrows(SpecException.class, body);
        String m = e.message(OverlapSolverTest::flag);
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "«" + m + "» should mention «" + f + "»");
        }
    }

    /** A library parameter as the CLI's flag: {@code alpha_max} → {@code --alpha-max}. */
    private static String flag(String parameter) {
        return "--" + parameter.replace('_', '-');
    }

    @Test
    void escapeIsWhereEpsGCrossesTheThreshold() {
        // p = p* = 2, mean, T = I: ε_g* = 1/2 + 1/4 = 3/4, threshold ½ · 3/4 = 3/8
        ModelSpec spec = Fixtures.spec(2, 2, 0.5, false).withInit(new InitialCondition.Isotropic(0.2, 1e-4));
        OverlapSolver solver = new OverlapSolver(SolverOptions.DEFAULTS);
        Trajectory tr = solver.solve(spec, AlphaGrid.linear(100, 201));
        Events ev = tr.events();
        assertNotNull(ev.plateau());
        assertEquals(0.75, ev.plateau().epsG(), 1e-12);
        assertEquals(0.375, ev.escape().threshold(), 1e-12);
        assertEquals(0.5, ev.escape().fraction(), 0.0);
        Double esc = ev.escape().alpha();
        Double on = ev.plateau().alpha();
        assertNotNull(esc);
        assertNotNull(on);
        assertTrue(on <= esc, "plateau α " + on + " should not follow escape α " + esc);
        if (ev.plateau().alphaExit() != null) {
            assertTrue(on <= ev.plateau().alphaExit() && ev.plateau().alphaExit() <= esc);
        }
        // ε_g interpolated at and around the escape α (same integration: the grid does not change the steps)
        Trajectory near = solver.solve(spec, AlphaGrid.of(esc - 1e-2, esc, esc + 1e-2));
        assertEquals(0.375, near.epsG()[1], 1e-8);
        assertTrue(near.epsG()[0] > 0.375 && near.epsG()[2] < 0.375);
        // on-plateau α: ε_g is inside the 2 % band there
        Trajectory at = solver.solve(spec, AlphaGrid.of(on));
        assertEquals(0.02 * 0.75, Math.abs(at.epsG()[0] - 0.75), 1e-8);
        // the grid values straddle the escape in the same way
        for (int i = 0; i < tr.size(); i++) {
            if (tr.alphas()[i] < esc - 1e-9 && tr.alphas()[i] > on) {
                assertTrue(tr.epsG()[i] > 0.375);
            }
        }
    }

    @Test
    void escapeIsZeroWhenStartingBelowTheThreshold() {
        // Q = R = T = I: the student is the teacher, ε_g = 0
        double[][] id = DenseMatrices.identity(2);
        Overlaps perfect = Overlaps.of(id, id, id);
        ModelSpec spec = Fixtures.spec(2, 2, 0.5, false);
        Trajectory tr = new OverlapSolver(SolverOptions.DEFAULTS).solve(OverlapDynamics.of(spec, id), perfect,
                AlphaGrid.linear(5, 6));
        assertEquals(0.0, tr.events().escape().alpha(), 0.0);
        for (int i = 0; i < tr.size(); i++) {
            assertEquals(0.0, tr.epsG()[i], 1e-12, "the teacher is a fixed point with zero error");
        }
    }

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"2,2", "3,1", "1,2"})
    void escapeTimeGrowsLikeLogOfInverseInitialOverlap(int p, int ps) {
        double eta = 0.5;
        double gamma = 4 * eta / (p * ps);
        double qStar = p / (p + 2.0);
        SolverOptions opt = SolverOptions.DEFAULTS.withTolerances(1e-11, 1e-20);
        double r1 = 1e-5;
        double r2 = 1e-8;
        double horizon = Math.log(1e9) / gamma + 60 / gamma;
        double e1 = escape(p, ps, eta, qStar, r1, opt, horizon);
        double e2 = escape(p, ps, eta, qStar, r2, opt, horizon);
        double expected = Math.log(r1 / r2) / gamma;
        // started on the plateau with T = I every entry of R grows at exactly γ while R is small, so the shift is
        // exact up to O(r₀²) corrections: far tighter than the "few %" an asymptotic ln(1/r₀) law would need
        assertEquals(expected, e2 - e1, 1e-6 * expected, "escape α shift");
    }

    private static double escape(int p, int ps, double eta, double q0, double r0, SolverOptions opt, double horizon) {
        ModelSpec spec = Fixtures.spec(p, ps, eta, false).withInit(new InitialCondition.Isotropic(q0, r0));
        Trajectory tr = new OverlapSolver(opt).solve(spec, AlphaGrid.linear(horizon, 3));
        Double a = tr.events().escape().alpha();
        assertNotNull(a, "no escape for r0 = " + r0 + " within α ≤ " + horizon);
        assertEquals(0.0, tr.events().plateau().alpha(), 0.0, "started on the plateau");
        return a;
    }

    /**
     * Given the plateau {@link FixedPoints#plateauFrom} finds, the solve does not search it again and gives the
     * same trajectory and events, bit for bit, for both integrators; a missing plateau is refused.
     */
    @ParameterizedTest
    @CsvSource({"DP853", "ROSENBROCK"})
    void aKnownPlateauGivesTheSameSolve(Integrator method) {
        ModelSpec spec = Fixtures.spec(3, 2, 0.15, true).withInit(new InitialCondition.Isotropic(0.3, 1e-3));
        Overlaps init = spec.initialOverlaps();
        OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
        OverlapSolver solver = new OverlapSolver(SolverOptions.DEFAULTS.withIntegrator(method));
        AlphaGrid grid = AlphaGrid.linear(300, 31);
        Trajectory searched = solver.solve(f, init, grid);
        FixedPoint plateau = FixedPoints.plateauFrom(f, init.toState());
        assertNotNull(plateau);
        Trajectory known = solver.solve(f, init, grid, plateau);
        assertArrayEquals(searched.alphas(), known.alphas(), 0.0);
        for (int i = 0; i < searched.size(); i++) {
            assertArrayEquals(searched.states()[i], known.states()[i], 0.0);
        }
        assertArrayEquals(searched.epsG(), known.epsG(), 0.0);
        assertNotNull(searched.events().plateau().alpha());
        assertEquals(searched.events().plateau().alpha(), known.events().plateau().alpha());
        assertEquals(searched.events().plateau().alphaExit(), known.events().plateau().alphaExit());
        assertNotNull(searched.events().escape().alpha());
        assertEquals(searched.events().escape().alpha(), known.events().escape().alpha());
        assertThrows(IllegalArgumentException.class, () -> solver.solve(f, init, grid, null));
    }
}
