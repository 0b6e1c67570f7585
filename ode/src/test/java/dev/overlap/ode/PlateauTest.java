package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.hipparchus.complex.Complex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.StateLayout;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.testing.DenseMatrices;
import dev.overlap.testing.RandomMatrices;

/**
 * The unspecialised fixed point (plateau) R = 0, Q = q* I: {@link FixedPoints#unspecialisedFrom},
 * {@link PlateauTheory} and the escape along real trajectories.
 *
 * <p>Where the expected values come from.
 * <ul>
 * <li>docs/model.md's published sanity values (gradient flow, mean normalisation, T = I): q* = p/(p+2),
 * ε_g* = 1/p* + 1/(p+2).</li>
 * <li>Derived by hand (and re-derived for this test from the closed-form ODE: at R = 0, C = diag(Q, T),
 * tr DC = κ_s tr Q − κ_t tr T, (CDC)₁₁ = κ_s Q², (CDC)₁₂ = κ_s Q R − κ_t R T): the gradient-flow plateau
 * q* = κ_t tr T / (κ_s (p+2)), ε_g* = κ_t² [(tr T)²/(p+2) + tr T²]; the Jacobian is block triangular (dR is
 * linear in R, dQ depends on R only quadratically), with R-block dR = 4ηκ_sκ_t R T (eigenvalues 4ηκ_sκ_t τ_k,
 * each p-fold: 4η/(p p*) for mean, T = I) and Q-block dE = −4ηκ_s² q* (tr E · I + 2E) (eigenvalue −8ηκ_s² q*
 * on the p(p+1)/2 − 1 traceless directions, −4ηκ_s² q* (p+2) on E ∝ I).</li>
 * <li>With the η² term, for p = p* = 1, mean, T = 1, Δ = 0 the fixed-point condition divided by 4ηq is
 * −(3q − 1) + η(15q² − 6q + 3) = 0, whose discriminant −144η² − 24η + 9 vanishes at η_c = (√10 − 1)/12.
 * For other cases PlateauTheory's closed form is compared with the numerical fixed point found by integrating
 * the ODE, and η_c with where that numerical fixed point stops existing.</li>
 * </ul>
 */
class PlateauTest {

    private static final double ETA = 0.5;

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,1", "2,3", "3,2", "4,4", "5,2"})
    void gradientFlowPlateauHasThePublishedValues(int p, int ps) {
        ModelSpec spec = Fixtures.spec(p, ps, ETA, false);
        OverlapDynamics f = OverlapDynamics.of(spec, DenseMatrices.identity(ps));
        FixedPoint fp = FixedPoints.unspecialisedFrom(f, randomState(p, ps, 0.3, new SplittableRandom(p * 10 + ps)));
        assertNotNull(fp);
        double qStar = p / (p + 2.0);
        assertIsotropic(fp.state(), p, ps, qStar, 1e-10);
        assertEquals(1.0 / ps + 1.0 / (p + 2), fp.epsG(), 1e-10);

        double rate = 4 * ETA / (p * ps);
        assertEquals(rate, fp.escapeRate(), 1e-8 * rate);
        assertEquals(p * ps, fp.unstableDirections(1e-6));
        double ks = 1.0 / p;
        double[] expected = spectrum(p, ps, ETA, ks, 1.0 / ps, qStar, ones(ps));
        assertSpectrum(expected, fp.eigenvalues());

        PlateauTheory th = PlateauTheory.of(spec, ps, ps, 1.0);
        assertTrue(th.exists());
        assertEquals(qStar, th.q(), 1e-14);
        assertEquals(1.0 / ps + 1.0 / (p + 2), th.epsG(), 1e-14);
        assertEquals(rate, th.escapeRate(), 1e-14);
        assertEquals(Double.POSITIVE_INFINITY, th.criticalEta());
    }

    @ParameterizedTest(name = "{0}, p={1}, p*={2}")
    @CsvSource({"SUM,2,3", "SQRT,3,2", "MEAN,2,2", "SUM,1,2", "SQRT,4,3"})
    void gradientFlowPlateauWithGeneralTeacher(Normalisation norm, int p, int ps) {
        SplittableRandom rng = new SplittableRandom(norm.ordinal() * 100 + p * 10 + ps);
        // T = O diag(τ) Oᵀ with chosen eigenvalues τ
        double[] tau = new double[ps];
        for (int k = 0; k < ps; k++) {
            tau[k] = 0.4 + 0.5 * k + 0.1 * p;
        }
        double[][] t = teacher(tau, rng);
        double trT = Arrays.stream(tau).sum();
        double trT2 = Arrays.stream(tau).map(x -> x * x).sum();
        double tauMax = tau[ps - 1];
        ModelSpec spec = Fixtures.spec(p, ps, norm, ETA, 0.0, false);
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double qStar = kt * trT / (ks * (p + 2));
        double eps = kt * kt * (trT * trT / (p + 2) + trT2);
        double rate = 4 * ETA * ks * kt * tauMax;

        FixedPoint fp = FixedPoints.unspecialisedFrom(OverlapDynamics.of(spec, t),
                randomState(p, ps, 0.5 * qStar, rng));
        assertNotNull(fp);
        assertIsotropic(fp.state(), p, ps, qStar, 1e-10 * Math.max(1, qStar));
        assertEquals(eps, fp.epsG(), 1e-10 * eps);
        assertEquals(rate, fp.escapeRate(), 1e-8 * rate);
        assertEquals(p * ps, fp.unstableDirections(1e-6));
        assertSpectrum(spectrum(p, ps, ETA, ks, kt, qStar, tau), fp.eigenvalues());

        PlateauTheory th = PlateauTheory.of(spec, trT, trT2, tauMax);
        assertEquals(qStar, th.q(), 1e-13 * qStar);
        assertEquals(eps, th.epsG(), 1e-13 * eps);
        assertEquals(rate, th.escapeRate(), 1e-13 * rate);
    }

    /** ln|R| grows at the escape rate along a trajectory started on the plateau with a tiny R. */
    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,3", "3,2"})
    void measuredGrowthRateOfRMatchesTheEscapeRate(int p, int ps) {
        ModelSpec spec = Fixtures.spec(p, ps, ETA, false);
        double qStar = p / (p + 2.0);
        double rate = 4 * ETA / (p * ps);
        SplittableRandom rng = new SplittableRandom(7 * p + ps);
        double[][] q = new double[p][p];
        for (int a = 0; a < p; a++) {
            q[a][a] = qStar;
        }
        double[][] r = new double[p][ps];
        for (double[] row : r) {
            for (int s = 0; s < ps; s++) {
                row[s] = 1e-8 * rng.nextDouble(-1, 1);
            }
        }
        Overlaps start = Overlaps.of(q, r, DenseMatrices.identity(ps));
        double a1 = 1 / rate;
        double a2 = 7 / rate;
        Trajectory tr = new OverlapSolver(SolverOptions.DEFAULTS.withTolerances(1e-12, 1e-22))
                .solve(OverlapDynamics.of(spec, DenseMatrices.identity(ps)), start, AlphaGrid.of(a1, a2));
        assertEquals(2, tr.size());
        double measured = Math.log(tr.overlaps(1).studentTeacherNorm() / tr.overlaps(0).studentTeacherNorm()) / (a2 - a1);
        // linear regime: corrections are O(|R|²) ≈ 1e-11, integration error ≈ rtol
        assertEquals(rate, measured, 1e-7 * rate);
        assertEquals(rate, tr.events().plateau().escapeRate(), 1e-8 * rate);
        assertEquals(p * ps, tr.events().plateau().unstable());
    }

    /**
     * Regression: started exactly on the plateau, the search used to integrate to α = 1e9 (its convergence event
     * is a sign change that never happens when it holds from the start), i.e. it hung. The wrapper fails the
     * test after 10⁶ right-hand-side evaluations instead of letting it hang.
     */
    @ParameterizedTest(name = "p={0}, p*={1}, η²={2}")
    @CsvSource({"1,1,false", "3,2,false", "2,2,true"})
    void plateauSearchStartedOnThePlateauReturnsIt(int p, int ps, boolean eta2) {
        ModelSpec spec = Fixtures.spec(p, ps, Normalisation.MEAN, 0.2, 0.0, eta2);
        PlateauTheory th = PlateauTheory.of(spec, ps, ps, 1);
        double[] y = new double[Overlaps.stateDimension(p, ps)];
        for (int a = 0; a < p; a++) {
            y[new StateLayout(p, 1).q(a, a)] = th.q();
        }
        CappedDynamics f = new CappedDynamics(OverlapDynamics.of(spec, DenseMatrices.identity(ps)), 1_000_000);
        FixedPoint fp = FixedPoints.unspecialisedFrom(f, y);
        assertNotNull(fp);
        assertIsotropic(fp.state(), p, ps, th.q(), 1e-12);
        assertEquals(th.epsG(), fp.epsG(), 1e-12);
    }

    /** Delegates to another dynamics and throws once it has been evaluated more than {@code cap} times. */
    private static final class CappedDynamics implements OverlapDynamics {
        private final OverlapDynamics inner;
        private final long cap;
        private long calls;

        CappedDynamics(OverlapDynamics inner, long cap) {
            this.inner = inner;
            this.cap = cap;
        }

        @Override
        public ModelSpec spec() {
            return inner.spec();
        }

        @Override
        public double[][] teacherOverlap() {
            return inner.teacherOverlap();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public void derivatives(double[] y, double[] yDot) {
            if (++calls > cap) {
                throw new AssertionError("more than " + cap + " right-hand-side evaluations: the search does not stop");
            }
            inner.derivatives(y, yDot);
        }

        @Override
        public double generalisationError(double[] y) {
            return inner.generalisationError(y);
        }

        @Override
        public String evaluatorName() {
            return "capped";
        }
    }

    @Test
    void criticalLearningRateMatchesHandDerivationForOneUnit() {
        ModelSpec spec = Fixtures.spec(1, 1, 0.1, true);
        double etaC = (Math.sqrt(10) - 1) / 12;
        assertEquals(etaC, PlateauTheory.of(spec, 1, 1, 1).criticalEta(), 1e-14);
        // below η_c: q solves 15ηq² − (6η + 3)q + (3η + 1) = 0 (smaller root)
        double eta = 0.1;
        double qHand = ((6 * eta + 3) - Math.sqrt((6 * eta + 3) * (6 * eta + 3) - 60 * eta * (3 * eta + 1)))
                / (30 * eta);
        PlateauTheory th = PlateauTheory.of(spec, 1, 1, 1);
        assertEquals(qHand, th.q(), 1e-14);
        // ε_g = ½[(q − 1)² + 2(q² + 1)], rate −2η(3q − 1 − 2)
        assertEquals(0.5 * ((qHand - 1) * (qHand - 1) + 2 * (qHand * qHand + 1)), th.epsG(), 1e-14);
        assertEquals(-2 * eta * (3 * qHand - 3), th.escapeRate(), 1e-14);

        // p = p* = 2, mean, T = I, Δ = 0: τ = 1, K = τ² + 2κ_t² tr T² = 2, the boundary
        // 4[(p+2)τ² − (p+4)K] x² − 8τx + (p+2) = 0 is 8x² + 2x − 1 = 0, x = ηκ_s = 1/4, so η_c = 1/2
        assertEquals(0.5, PlateauTheory.of(Fixtures.spec(2, 2, 0.1, true), 2, 2, 1).criticalEta(), 1e-14);
    }

    @ParameterizedTest(name = "{0}, p={1}, p*={2}, Δ={3}")
    @CsvSource({"MEAN,1,1,0", "MEAN,2,2,0.1", "MEAN,3,2,0", "SUM,2,3,0.2", "SQRT,3,1,0.05"})
    void plateauWithEta2TermMatchesTheNumericalFixedPoint(Normalisation norm, int p, int ps, double noise) {
        SplittableRandom rng = new SplittableRandom(norm.ordinal() * 1000 + p * 10 + ps);
        double[] tau = new double[ps];
        for (int k = 0; k < ps; k++) {
            tau[k] = norm == Normalisation.MEAN ? 1.0 : 0.6 + 0.3 * k;
        }
        double[][] t = teacher(tau, rng);
        double trT = Arrays.stream(tau).sum();
        double trT2 = Arrays.stream(tau).map(x -> x * x).sum();
        double tauMax = Arrays.stream(tau).max().getAsDouble();
        ModelSpec probe = Fixtures.spec(p, ps, norm, 0.01, noise, true);
        double etaC = PlateauTheory.of(probe, trT, trT2, tauMax).criticalEta();
        assertTrue(etaC > 0 && Double.isFinite(etaC));
        for (double frac : new double[] {0.1, 0.4, 0.7}) {
            ModelSpec spec = probe.withEta(frac * etaC);
            PlateauTheory th = PlateauTheory.of(spec, trT, trT2, tauMax);
            assertTrue(th.exists());
            FixedPoint fp = FixedPoints.unspecialisedFrom(OverlapDynamics.of(spec, t),
                    randomState(p, ps, 0.5 * th.q(), rng));
            assertNotNull(fp, "η = " + frac + " η_c");
            assertIsotropic(fp.state(), p, ps, th.q(), 1e-9 * th.q());
            assertEquals(th.epsG(), fp.epsG(), 1e-9 * th.epsG());
            // the Jacobian is a central finite difference with step 1e-6: rounding error ≈ 1e-16/1e-6 · |F|
            assertEquals(th.escapeRate(), fp.escapeRate(), 1e-9 + 1e-8 * Math.abs(th.escapeRate()));
        }
    }

    @ParameterizedTest(name = "{0}, p={1}, p*={2}, Δ={3}")
    @CsvSource({"MEAN,1,1,0", "MEAN,2,3,0.1", "SUM,3,2,0"})
    void fixedPointDisappearsAtTheCriticalLearningRate(Normalisation norm, int p, int ps, double noise) {
        ModelSpec probe = Fixtures.spec(p, ps, norm, 0.01, noise, true);
        double[][] t = DenseMatrices.identity(ps);
        double etaC = PlateauTheory.of(probe, ps, ps, 1).criticalEta();
        SplittableRandom rng = new SplittableRandom(p * 10 + ps);

        ModelSpec below = probe.withEta(etaC * (1 - 1e-4));
        PlateauTheory thBelow = PlateauTheory.of(below, ps, ps, 1);
        assertTrue(thBelow.exists());
        FixedPoint fp = FixedPoints.unspecialisedFrom(OverlapDynamics.of(below, t),
                randomState(p, ps, 0.5 * thBelow.q(), rng));
        assertNotNull(fp);
        // near the saddle-node the fixed point is only a √(1e-4) = 1 % away from its partner: looser tolerance
        assertIsotropic(fp.state(), p, ps, thBelow.q(), 1e-6 * thBelow.q());

        ModelSpec above = probe.withEta(etaC * (1 + 1e-3));
        assertFalse(PlateauTheory.of(above, ps, ps, 1).exists());
        assertNull(FixedPoints.unspecialisedFrom(OverlapDynamics.of(above, t), randomState(p, ps, 0.3, rng)));
    }

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,2", "3,1"})
    void solverReportsDivergenceAboveTheCriticalLearningRate(int p, int ps) {
        ModelSpec probe = Fixtures.spec(p, ps, 0.01, true);
        double etaC = PlateauTheory.of(probe, ps, ps, 1).criticalEta();
        ModelSpec spec = probe.withEta(1.5 * etaC).withInit(new InitialCondition.Isotropic(0.3, 1e-3));
        Trajectory tr = new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, AlphaGrid.linear(500, 201));
        assertTrue(tr.diverged());
        Events.Divergence d = tr.events().divergence();
        assertNotNull(d);
        assertTrue(Double.isFinite(d.alpha()) && d.alpha() > 0 && d.alpha() < 500, "divergence at " + d.alpha());
        assertTrue(d.reason().contains("diverged"), d.reason());
        assertNull(tr.events().plateau());
        assertTrue(tr.size() >= 1 && tr.size() < 201);
        for (int i = 0; i < tr.size(); i++) {
            assertTrue(tr.alphas()[i] <= d.alpha());
            for (double v : tr.row(i)) {
                assertTrue(Double.isFinite(v), "row " + i + " has a non-finite value");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The full spectrum at the plateau from the hand derivation, sorted by decreasing value. */
    private static double[] spectrum(int p, int ps, double eta, double ks, double kt, double qStar, double[] tau) {
        int mq = p * (p + 1) / 2;
        double[] ev = new double[mq + p * ps];
        int k = 0;
        for (double t : tau) {
            for (int a = 0; a < p; a++) {
                ev[k++] = 4 * eta * ks * kt * t;
            }
        }
        for (int i = 0; i < mq - 1; i++) {
            ev[k++] = -8 * eta * ks * ks * qStar;
        }
        ev[k] = -4 * eta * ks * ks * qStar * (p + 2);
        Arrays.sort(ev);
        double[] desc = new double[ev.length];
        for (int i = 0; i < ev.length; i++) {
            desc[i] = ev[ev.length - 1 - i];
        }
        return desc;
    }

    private static void assertSpectrum(double[] expected, Complex[] actual) {
        assertEquals(expected.length, actual.length);
        double scale = Arrays.stream(expected).map(Math::abs).max().getAsDouble();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i].getReal(), 1e-7 * scale, "eigenvalue " + i);
            assertEquals(0.0, actual[i].getImaginary(), 1e-7 * scale, "imaginary part of eigenvalue " + i);
        }
    }

    private static void assertIsotropic(double[] y, int p, int ps, double q, double tol) {
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                assertEquals(a == b ? q : 0.0, y[new StateLayout(p, 1).q(a, b)], tol, "Q[" + a + "][" + b + "]");
            }
        }
        for (int i = new StateLayout(p, 1).qSize(); i < y.length; i++) {
            assertEquals(0.0, y[i], 0.0, "R must be exactly 0 at the unspecialised fixed point");
        }
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1.0);
        return v;
    }

    /** O diag(τ) Oᵀ, symmetrised. */
    private static double[][] teacher(double[] tau, SplittableRandom rng) {
        int n = tau.length;
        double[][] o = RandomMatrices.randomOrthogonal(n, rng);
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    t[i][j] += o[i][k] * tau[k] * o[j][k];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                t[i][j] = t[j][i];
            }
        }
        return t;
    }

    /** A flat state with Q = scale·I + small random symmetric part and random R (zeroed by the plateau search). */
    private static double[] randomState(int p, int ps, double scale, SplittableRandom rng) {
        double[] y = new double[Overlaps.stateDimension(p, ps)];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                y[new StateLayout(p, 1).q(a, b)] = (a == b ? scale : 0) + 0.1 * scale * rng.nextDouble(-1, 1) / p;
            }
        }
        for (int i = new StateLayout(p, 1).qSize(); i < y.length; i++) {
            y[i] = rng.nextDouble(-0.1, 0.1);
        }
        return y;
    }
}
