package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.hipparchus.complex.Complex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.StateLayout;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.testing.DenseMatrices;
import dev.overlap.testing.RandomMatrices;

/**
 * The reduced plateau route of {@link IsotropicPlateau} against the dense route
 * ({@link FixedPoints#denseUnspecialisedFrom}: all of Q integrated and Newton-polished, dense Jacobian
 * eigenvalues) at small p, and against the closed forms of {@link PlateauTheory} and the hand-derived spectrum
 * (see {@link PlateauTest}: traceless Q modes −8ηκ_s² q*, isotropic mode −4ηκ_s² q* (p + 2), R modes
 * 4ηκ_sκ_t τ_k each p-fold, for gradient flow) at p = 100 and 300, where the dense route is out of reach.
 */
class IsotropicPlateauTest {

    @ParameterizedTest(name = "{0}, p={1}, p*={2}, η={3}, η²={4}")
    @CsvSource({"MEAN,4,2,0.5,false", "MEAN,6,3,0.05,true", "SUM,8,2,0.02,true", "SQRT,6,4,0.3,false",
            "MEAN,8,3,0.1,true"})
    void reducedRouteEqualsTheDenseRoute(Normalisation norm, int p, int ps, double eta, boolean eta2) {
        SplittableRandom rng = new SplittableRandom(norm.ordinal() * 1000 + p * 10 + ps);
        ModelSpec spec = Fixtures.spec(p, ps, norm, eta, 0.05, eta2);
        double[][] t = RandomMatrices.randomCovariance(ps, rng);
        for (int r = 0; r < ps; r++) {
            t[r][r] += 0.5;
        }
        OverlapDynamics f = OverlapDynamics.of(spec, t);
        double[] y0 = wishartState(p, ps, 0.6, rng);
        assertTrue(IsotropicPlateau.applies(f));

        IsotropicPlateau.Result fast = IsotropicPlateau.search(f, y0, new DivergenceRule(1e6, 10));
        FixedPoint dense = FixedPoints.denseUnspecialisedFrom(f, y0);
        assertEquals(IsotropicPlateau.Outcome.FOUND, fast.outcome());
        assertNotNull(dense);
        FixedPoint reduced = fast.point();

        double scale = Arrays.stream(dense.state()).map(Math::abs).max().getAsDouble();
        for (int i = 0; i < dense.state().length; i++) {
            assertEquals(dense.state()[i], reduced.state()[i], 1e-12 * scale, "state entry " + i);
        }
        assertEquals(dense.epsG(), reduced.epsG(), 1e-12 * dense.epsG());
        assertTrue(reduced.residual() < 1e-14, "residual " + reduced.residual());
        assertEquals(dense.unstableDirections(1e-9), reduced.unstableDirections(1e-9));
        // both spectra come from central differences with steps 1e-6 (1 + |y|): agreement to ~1e-9 of the scale
        Complex[] a = dense.eigenvalues();
        Complex[] b = reduced.eigenvalues();
        assertEquals(a.length, b.length);
        double evScale = Arrays.stream(a).mapToDouble(z -> Math.hypot(z.getReal(), z.getImaginary())).max().getAsDouble();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].getReal(), b[i].getReal(), 1e-8 * evScale, "eigenvalue " + i);
            assertEquals(0.0, b[i].getImaginary(), 1e-8 * evScale, "imaginary part of eigenvalue " + i);
        }
        assertEquals(dense.escapeRate(), reduced.escapeRate(), 1e-8 * evScale);
    }

    /**
     * The O(p) eigenvalue rates equal the diagonal of the full closed-form right-hand side at Q = diag(λ), R = 0,
     * whose off-diagonal Q entries and R entries vanish there (the eigenvectors of Q stay fixed).
     */
    @ParameterizedTest(name = "{0}, p={1}, p*={2}, η²={3}")
    @CsvSource({"MEAN,5,3,true", "SUM,4,2,false", "SQRT,7,1,true"})
    void eigenvalueRatesAreTheDiagonalOfTheFullRightHandSide(Normalisation norm, int p, int ps, boolean eta2) {
        SplittableRandom rng = new SplittableRandom(p * 31 + ps);
        ModelSpec spec = Fixtures.spec(p, ps, norm, 0.3, 0.2, eta2);
        double[][] t = RandomMatrices.randomCovariance(ps, rng);
        QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, t);
        double[] lambda = new double[p];
        double[] y = new double[f.dimension()];
        for (int a = 0; a < p; a++) {
            lambda[a] = rng.nextDouble(0.2, 2.0);
            y[new StateLayout(p, 1).q(a, a)] = lambda[a];
        }
        double[] full = new double[y.length];
        f.derivatives(y, full);
        double[] rates = new double[p];
        f.eigenvalueRates(lambda, rates);
        double scale = Arrays.stream(full).map(Math::abs).max().getAsDouble();
        for (int a = 0; a < p; a++) {
            assertEquals(full[new StateLayout(p, 1).q(a, a)], rates[a], 1e-14 * scale, "λ_" + a);
            for (int b = a + 1; b < p; b++) {
                assertEquals(0.0, full[new StateLayout(p, 1).q(a, b)], 0.0);
            }
        }
        for (int i = new StateLayout(p, 1).qSize(); i < y.length; i++) {
            assertEquals(0.0, full[i], 0.0);
        }
    }

    /** The public entry point takes the reduced route for the quadratic model and agrees with the dense one. */
    @Test
    void unspecialisedFromUsesTheReducedRouteWithTheSameResult() {
        SplittableRandom rng = new SplittableRandom(5);
        ModelSpec spec = Fixtures.spec(5, 2, 0.2, true);
        OverlapDynamics f = OverlapDynamics.of(spec, DenseMatrices.identity(2));
        double[] y0 = wishartState(5, 2, 1.0, rng);
        FixedPoint viaEntry = FixedPoints.unspecialisedFrom(f, y0);
        FixedPoint viaReduced = IsotropicPlateau.search(f, y0, new DivergenceRule(1e6, 10)).point();
        assertNotNull(viaEntry);
        assertEquals(viaReduced.epsG(), viaEntry.epsG(), 0.0);
        assertEquals(viaReduced.escapeRate(), viaEntry.escapeRate(), 0.0);
        assertEquals(FixedPoints.denseUnspecialisedFrom(f, y0).epsG(), viaEntry.epsG(), 1e-12);
    }

    /**
     * A singular Q(0) keeps a zero eigenvalue (dλ_a/dα ∝ λ_a at R = 0), so the eigenvalues do not settle together:
     * the reduced route declines and the dense route decides.
     */
    @Test
    void singularStartFallsBackToTheDenseRoute() {
        int p = 3;
        int ps = 2;
        ModelSpec spec = Fixtures.spec(p, ps, 0.5, false);
        OverlapDynamics f = OverlapDynamics.of(spec, DenseMatrices.identity(ps));
        double[] y0 = new double[Overlaps.stateDimension(p, ps)];
        y0[new StateLayout(p, 1).q(0, 0)] = 0.5;
        y0[new StateLayout(p, 1).q(1, 1)] = 0.7;
        assertEquals(IsotropicPlateau.Outcome.UNDECIDED,
                IsotropicPlateau.search(f, y0, new DivergenceRule(1e6, 1)).outcome());
        FixedPoint fp = FixedPoints.unspecialisedFrom(f, y0);
        FixedPoint dense = FixedPoints.denseUnspecialisedFrom(f, y0);
        assertNotNull(fp);
        assertEquals(dense.epsG(), fp.epsG(), 0.0);
        assertEquals(0.0, fp.state()[new StateLayout(p, 1).q(2, 2)], 1e-12);
    }

    /** At p = 300 the traceless modes decay at only 8ηκ_s² q* ≈ 0.0013 per unit α (η = 15): the slowest settling. */
    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"100,2", "100,5", "300,2"})
    void gradientFlowAtLargeWidthMatchesTheClosedForms(int p, int ps) {
        double eta = 0.05 * p;
        ModelSpec spec = Fixtures.spec(p, ps, eta, false);
        OverlapDynamics f = OverlapDynamics.of(spec, DenseMatrices.identity(ps));
        FixedPoint fp = FixedPoints.unspecialisedFrom(f, wishartState(p, ps, 1.0, new SplittableRandom(ps)));
        assertNotNull(fp);
        double qStar = p / (p + 2.0);
        for (int a = 0; a < p; a++) {
            assertEquals(qStar, fp.state()[new StateLayout(p, 1).q(a, a)], 1e-12);
        }
        assertEquals(1.0 / ps + 1.0 / (p + 2), fp.epsG(), 1e-12);
        double ks = 1.0 / p;
        double kt = 1.0 / ps;
        double rise = 4 * eta * ks * kt;
        double traceless = -8 * eta * ks * ks * qStar;
        double iso = -4 * eta * ks * ks * qStar * (p + 2);
        int mq = p * (p + 1) / 2;
        Complex[] ev = fp.eigenvalues();
        assertEquals(mq + p * ps, ev.length);
        for (int i = 0; i < ev.length; i++) {
            double expected = i < p * ps ? rise : i < p * ps + mq - 1 ? traceless : iso;
            assertEquals(expected, ev[i].getReal(), 1e-8 * rise, "eigenvalue " + i);
            assertEquals(0.0, ev[i].getImaginary(), 0.0);
        }
        assertEquals(p * ps, fp.unstableDirections(1e-9));
        assertEquals(PlateauTheory.of(spec, ps, ps, 1).escapeRate(), fp.escapeRate(), 1e-8 * rise);
    }

    @ParameterizedTest(name = "p=100, p*={0}, Δ={1}")
    @CsvSource({"2,0", "3,0.2"})
    void eta2PlateauAtOneHundredMatchesPlateauTheory(int ps, double noise) {
        int p = 100;
        ModelSpec probe = Fixtures.spec(p, ps, Normalisation.MEAN, 1.0, noise, true);
        double etaC = PlateauTheory.of(probe, ps, ps, 1).criticalEta();
        ModelSpec spec = probe.withEta(0.5 * etaC);
        PlateauTheory th = PlateauTheory.of(spec, ps, ps, 1);
        assertTrue(th.exists());
        OverlapDynamics f = OverlapDynamics.of(spec, DenseMatrices.identity(ps));
        FixedPoint fp = FixedPoints.unspecialisedFrom(f, wishartState(p, ps, 0.8, new SplittableRandom(7)));
        assertNotNull(fp);
        for (int a = 0; a < p; a++) {
            assertEquals(th.q(), fp.state()[new StateLayout(p, 1).q(a, a)], 1e-12 * th.q());
        }
        assertEquals(th.epsG(), fp.epsG(), 1e-12 * th.epsG());
        assertEquals(th.escapeRate(), fp.escapeRate(), 1e-8 * Math.abs(th.escapeRate()));
        assertEquals(p * ps, fp.unstableDirections(1e-9));
    }

    /** Above η_c the reduced dynamics diverges: no plateau, as on the dense route. */
    @Test
    void noPlateauAboveTheCriticalLearningRateAtOneHundred() {
        int p = 100;
        ModelSpec probe = Fixtures.spec(p, 2, 1.0, true);
        double etaC = PlateauTheory.of(probe, 2, 2, 1).criticalEta();
        OverlapDynamics f = OverlapDynamics.of(probe.withEta(1.01 * etaC), DenseMatrices.identity(2));
        assertNull(FixedPoints.unspecialisedFrom(f, wishartState(p, 2, 0.5, new SplittableRandom(3))));
    }

    /**
     * A flat state with Q = s² W Wᵀ / n for a Gaussian p×n matrix W with n = 4p (eigenvalues spread over
     * s² (1 ± ½)², as a random start at finite N) and a random R (set to 0 by the plateau search).
     */
    static double[] wishartState(int p, int ps, double s, SplittableRandom rng) {
        int n = 4 * p;
        double[][] w = new double[p][n];
        for (double[] row : w) {
            for (int i = 0; i < n; i++) {
                row[i] = RandomMatrices.gaussian(rng);
            }
        }
        double[] y = new double[Overlaps.stateDimension(p, ps)];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += w[a][i] * w[b][i];
                }
                y[new StateLayout(p, 1).q(a, b)] = s * s * dot / n;
            }
        }
        for (int i = new StateLayout(p, 1).qSize(); i < y.length; i++) {
            y[i] = rng.nextDouble(-0.1, 0.1);
        }
        return y;
    }
}
