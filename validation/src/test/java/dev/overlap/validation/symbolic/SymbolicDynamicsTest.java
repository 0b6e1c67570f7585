package dev.overlap.validation.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.hipparchus.complex.Complex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.Activation;
import dev.overlap.model.StateLayout;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.QuadraticClosedFormDynamics;
import dev.overlap.ode.RhsKind;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.EquationCache;
import dev.overlap.symbolic.OverlapEquations;
import dev.overlap.symbolic.OverlapVariables;
import dev.overlap.symbolic.Poly;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.DenseMatrices;
import dev.overlap.testing.RandomMatrices;

/**
 * {@link SymbolicDynamics} (the compiled derived equations) in the ODE machinery.
 *
 * <p>Where the expected values come from: for σ = z², the closed matrix form {@link QuadraticClosedFormDynamics}
 * (itself checked against element-wise Isserlis sums and Monte Carlo), to 1e-12 relative in the sup norm; its
 * central finite-difference Jacobian; docs/model.md's plateau q* = p/(p+2), ε_g* = 1/p* + 1/(p+2) and escape rate
 * 4η/(p p*) (gradient flow, mean, T = I; see dev.overlap.ode.PlateauTest); and for even activations the parity argument:
 * at R = 0 the fields λ and ν are independent, and every term of E[e σ'(λ_a) ν_r] has an odd power of ν, so
 * dR/dα = 0 exactly, whereas σ = z + z²/2 gives dR_ar = η κ_s κ_t E[σ'(λ_a)] Σ_s E[σ(ν_s) ν_r] ≠ 0.
 * Derived equations come from a {@link TempDir} cache, never the user's.
 */
@Tag("slow")
class SymbolicDynamicsTest {

    @TempDir
    static Path cacheDir;

    private static EquationCache cache;
    private static final Map<String, OverlapDynamics> BUILT = new ConcurrentHashMap<>();

    @BeforeAll
    static void cache() {
        cache = new EquationCache(cacheDir);
    }

    static ModelSpec spec(int p, int ps, String activation, Normalisation norm, double eta, double noise,
            boolean eta2) {
        return new ModelSpec(p, ps, Activation.parse(activation), norm, eta, ModelSpec.LearningRateConvention.ABSOLUTE,
                noise, eta2, new TeacherSpec.Orthonormal(), new InitialCondition.Isotropic(0.5, 0.0));
    }

    /** The symbolic right-hand side of ode's {@link ActivationTheory}, with its equations from {@code equations}. */
    private static OverlapDynamics symbolicWith(EquationCache equations, ModelSpec spec, double[][] t) {
        return ActivationTheory.of(spec.activation(), new SymbolicRhs(equations)).dynamics(spec, t, RhsKind.SYMBOLIC);
    }

    /** The symbolic dynamics, compiled once per spec and T for the class. */
    private static OverlapDynamics symbolic(ModelSpec spec, double[][] t) {
        String key = spec.describe() + java.util.Arrays.deepToString(t);
        return BUILT.computeIfAbsent(key, k -> symbolicWith(cache, spec, t));
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, η²={3}, Δ={4}")
    @CsvSource({"2,1,MEAN,true,0.3", "3,2,SUM,true,0.1", "4,2,MEAN,true,0.25", "3,2,SQRT,true,0.5", "2,1,SQRT,false,0",
        "4,2,SUM,false,0"})
    void symbolicAgreesWithTheClosedForm(int p, int ps, Normalisation norm, boolean eta2, double noise) {
        SplittableRandom rng = new SplittableRandom(13L * p + ps + norm.ordinal() + (eta2 ? 50 : 0));
        ModelSpec spec = spec(p, ps, "quadratic", norm, 0.37, noise, eta2);
        for (int trial = 0; trial < 2; trial++) {
            double[][] c = RandomMatrices.randomCovariance(p + ps, rng);
            Overlaps o = CovarianceBlocks.split(c, p);
            // a fresh T per trial: T enters the compiled code as data, not as a baked-in constant
            OverlapDynamics sym = symbolicWith(cache, spec, o.teacherOverlap());
            assertInstanceOf(SymbolicDynamics.class, sym);
            assertEquals("symbolic", sym.evaluatorName());
            QuadraticClosedFormDynamics cf = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
            double[] y = o.toState();
            double[] a = new double[cf.dimension()];
            double[] b = new double[cf.dimension()];
            cf.derivatives(y, a);
            sym.derivatives(y, b);
            assertVectorClose(a, b, 1e-12, "dy/dα");
            double eps = cf.generalisationError(y);
            assertEquals(eps, sym.generalisationError(y), 1e-12 * eps, "ε_g");
        }
    }

    /**
     * The closed form's hand-derived Jacobian against the symbolic one (the derivative of the expanded
     * polynomial, taken by Symja): two independent derivations, to 1e-11 of the largest entry.
     */
    @ParameterizedTest(name = "p={0}, p*={1}, {2}, η²={3}, Δ={4}")
    @CsvSource({"2,1,MEAN,true,0.3", "3,2,SUM,true,0.1", "4,2,MEAN,true,0", "3,2,SQRT,false,0"})
    void closedFormJacobianAgreesWithTheSymbolicOne(int p, int ps, Normalisation norm, boolean eta2, double noise) {
        SplittableRandom rng = new SplittableRandom(31L * p + ps + norm.ordinal());
        ModelSpec spec = spec(p, ps, "quadratic", norm, 0.37, noise, eta2);
        Overlaps o = CovarianceBlocks.split(RandomMatrices.randomCovariance(p + ps, rng), p);
        OverlapDynamics sym = symbolicWith(cache, spec, o.teacherOverlap());
        QuadraticClosedFormDynamics cf = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
        int d = cf.dimension();
        double[] exact = new double[d * d];
        double[] symbolic = new double[d * d];
        assertTrue(cf.exactJacobian(o.toState(), exact));
        assertTrue(sym.exactJacobian(o.toState(), symbolic));
        assertVectorClose(symbolic, exact, 1e-11, "∂(dy/dα)/∂y");
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}")
    @CsvSource({"4,2,MEAN", "5,3,SQRT", "5,3,SUM"})
    void derivedPolynomialsAgreeWithTheClosedFormAtLargerWidths(int p, int ps, Normalisation norm) {
        // Derivation test (b): the polynomials themselves, evaluated term by term in floating point
        OverlapEquations eq = cache.obtain(p, ps, PolynomialActivation.QUADRATIC, norm, true);
        OverlapVariables v = eq.variables();
        SplittableRandom rng = new SplittableRandom(1009L * p + ps + norm.ordinal());
        double eta = 0.61;
        double noise = 0.2;
        ModelSpec spec = spec(p, ps, "quadratic", norm, eta, noise, true);
        for (int trial = 0; trial < 3; trial++) {
            double[][] c = RandomMatrices.randomCovariance(p + ps, rng);
            Overlaps o = CovarianceBlocks.split(c, p);
            double[] y = o.toState();
            double[] x = new double[v.count()];
            System.arraycopy(y, 0, x, 0, y.length);
            int k = v.stateDimension();
            for (int r = 0; r < ps; r++) {
                for (int s = r; s < ps; s++) {
                    x[k++] = o.t(r, s);
                }
            }
            x[v.eta()] = eta;
            x[v.delta()] = noise;
            x[v.kappaStudent()] = norm.kappa(p);
            x[v.kappaTeacher()] = norm.kappa(ps);
            double[] derived = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                derived[i] = eq.rhs().get(i).evaluate(x);
            }
            QuadraticClosedFormDynamics cf = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
            double[] closed = new double[y.length];
            cf.derivatives(y, closed);
            assertVectorClose(closed, derived, 1e-12, "derived polynomials");
            double eps = cf.generalisationError(y);
            assertEquals(eps, eq.epsG().evaluate(x), 1e-12 * eps);
        }
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}")
    @CsvSource({"2,1,MEAN", "3,2,SQRT", "4,2,SUM"})
    void exactJacobianMatchesFiniteDifferencesOfTheClosedForm(int p, int ps, Normalisation norm) {
        SplittableRandom rng = new SplittableRandom(77L * p + ps);
        ModelSpec spec = spec(p, ps, "quadratic", norm, 0.45, 0.2, true);
        double[][] c = RandomMatrices.randomCovariance(p + ps, rng);
        Overlaps o = CovarianceBlocks.split(c, p);
        OverlapDynamics sym = symbolic(spec, o.teacherOverlap());
        QuadraticClosedFormDynamics cf = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
        assertTrue(sym.exactJacobian());
        double[] y = o.toState();
        double[][] exact = sym.jacobian(y);
        double[][] fd = centralDifferences(cf, y);
        double scale = 0;
        for (double[] row : exact) {
            for (double x : row) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y.length; j++) {
                double err = Math.abs(exact[i][j] - fd[i][j]);
                int ii = i;
                int jj = j;
                assertTrue(err <= 1e-6 * scale, () -> "J[" + ii + "][" + jj + "]: exact " + exact[ii][jj] + ", FD "
                        + fd[ii][jj]);
            }
        }
        // the same numbers FixedPoints uses
        assertEquals(exact[0][0], FixedPoints.jacobian(sym, y).getEntry(0, 0), 0.0);
    }

    /** ∂f_i/∂y_j by central differences of the closed form's right-hand side, steps 1e-6 (1 + |y_j|). */
    private static double[][] centralDifferences(QuadraticClosedFormDynamics cf, double[] y) {
        int n = y.length;
        double[][] j = new double[n][n];
        double[] x = y.clone();
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int c = 0; c < n; c++) {
            double h = 1e-6 * (1 + Math.abs(y[c]));
            x[c] = y[c] + h;
            cf.derivatives(x, plus);
            x[c] = y[c] - h;
            cf.derivatives(x, minus);
            x[c] = y[c];
            for (int r = 0; r < n; r++) {
                j[r][c] = (plus[r] - minus[r]) / (2 * h);
            }
        }
        return j;
    }

    @ParameterizedTest(name = "p={0}, p*={1}, η²={2}")
    @CsvSource({"2,1,false", "3,2,false", "2,2,true"})
    void plateauAndItsSpectrumAgreeWithTheClosedForm(int p, int ps, boolean eta2) {
        // with the η² term, η = 0.2 stays well below the critical learning rate (η_c = 0.5 for p = p* = 2, mean,
        // where the plateau is a degenerate, ill-conditioned fixed point: both evaluators then stop 2e-9 apart)
        double eta = eta2 ? 0.2 : 0.5;
        ModelSpec spec = spec(p, ps, "quadratic", Normalisation.MEAN, eta, 0.0, eta2);
        double[][] t = DenseMatrices.identity(ps);
        OverlapDynamics sym = symbolic(spec, t);
        QuadraticClosedFormDynamics cf = new QuadraticClosedFormDynamics(spec, t);
        double[] y0 = randomState(p, ps, new SplittableRandom(p * 10L + ps));
        assertTrue(FixedPoints.unspecialisedInvariant(sym, y0));
        FixedPoint a = FixedPoints.unspecialisedFrom(sym, y0);
        FixedPoint b = FixedPoints.unspecialisedFrom(cf, y0);
        assertNotNull(a);
        assertNotNull(b);
        assertVectorClose(b.state(), a.state(), 1e-9, "plateau state");
        assertEquals(b.epsG(), a.epsG(), 1e-10 * b.epsG());
        assertTrue(a.residual() < 1e-12, "residual " + a.residual());
        assertEquals(b.eigenvalues().length, a.eigenvalues().length);
        double top = Math.abs(a.eigenvalues()[a.eigenvalues().length - 1].getReal());
        for (int i = 0; i < a.eigenvalues().length; i++) {
            Complex x = a.eigenvalues()[i];
            Complex z = b.eigenvalues()[i];
            assertTrue(x.subtract(z).norm() <= 1e-6 * top, "eigenvalue " + i + ": " + x + " vs " + z);
        }
        if (!eta2) {
            // docs/model.md: q* = p/(p+2), ε_g* = 1/p* + 1/(p+2), escape rate 4η/(p p*) with p p* unstable directions
            double q = p / (p + 2.0);
            for (int a1 = 0; a1 < p; a1++) {
                assertEquals(q, a.state()[new StateLayout(p, 1).q(a1, a1)], 1e-10);
            }
            assertEquals(1.0 / ps + 1.0 / (p + 2), a.epsG(), 1e-10);
            double rate = 4 * eta / (p * ps);
            assertEquals(rate, a.escapeRate(), 1e-9 * rate);
            assertEquals(p * ps, a.unstableDirections(1e-6));
        }
    }

    @Test
    void oddActivationHasNoUnspecialisedPlateau() {
        ModelSpec spec = spec(2, 1, "poly:0,1,0.5", Normalisation.MEAN, 0.3, 0.0, false);
        OverlapDynamics f = symbolic(spec, DenseMatrices.identity(1));
        double[] y0 = randomState(2, 1, new SplittableRandom(5));
        double[] y = y0.clone();
        java.util.Arrays.fill(y, 3, y.length, 0.0);
        double[] dy = new double[y.length];
        f.derivatives(y, dy);
        // dR_a1 = η κ_s κ_t E[σ'(λ_a)] E[σ(ν) ν] = η (1/2)(1)(1)(T) at R = 0, T = 1
        assertEquals(0.3 * 0.5 * 1.0 * 1.0, dy[3], 1e-14);
        assertEquals(0.3 * 0.5, dy[4], 1e-14);
        assertFalse(FixedPoints.unspecialisedInvariant(f, y0));
        assertNull(FixedPoints.unspecialisedFrom(f, y0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'poly:0,0,1,0,0.1'", "'poly:0.2,0,1'", "quadratic"})
    void evenActivationKeepsRZeroInvariant(String act) {
        ModelSpec spec = spec(2, 2, act, Normalisation.MEAN, 0.3, 0.1, true);
        OverlapDynamics f = symbolic(spec, DenseMatrices.identity(2));
        double[] y0 = randomState(2, 2, new SplittableRandom(8));
        assertTrue(FixedPoints.unspecialisedInvariant(f, y0));
        double[] y = y0.clone();
        java.util.Arrays.fill(y, 3, y.length, 0.0);
        double[] dy = new double[y.length];
        f.derivatives(y, dy);
        for (int i = 3; i < y.length; i++) {
            assertEquals(0.0, dy[i], 0.0, "dR exactly 0 at R = 0");
        }
        assertTrue(Math.abs(dy[0]) > 1e-3, "Q still moves");
    }

    @Test
    void symbolicEvaluatorFromTheCacheAndSpecChecks(@TempDir Path dir) {
        EquationCache own = new EquationCache(dir);
        ModelSpec spec = spec(2, 1, "poly:0,1,0.5", Normalisation.MEAN, 0.3, 0.1, true);
        double[][] t = DenseMatrices.identity(1);
        OverlapDynamics first = symbolicWith(own, spec, t);
        assertEquals(EquationCache.Outcome.MISS, own.lastOutcome());
        OverlapDynamics second = symbolicWith(own, spec, t);
        assertEquals(EquationCache.Outcome.HIT, own.lastOutcome());
        OverlapDynamics uncached = symbolicWith(null, spec, t);
        double[] y = {0.8, 0.1, 0.6, 0.3, -0.2};
        double[] a = new double[5];
        double[] b = new double[5];
        double[] c = new double[5];
        first.derivatives(y, a);
        second.derivatives(y, b);
        uncached.derivatives(y, c);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, c);
        assertEquals(spec, first.spec());
        assertEquals(5, first.dimension());

        SpecException e = assertThrows(SpecException.class, () -> ActivationTheory.of(spec.activation(), new SymbolicRhs(own)).dynamics(spec, t,
                RhsKind.CLOSED_FORM));
        assertTrue(e.getMessage().contains("quadratic") && e.getMessage().contains("poly:0,1,1/2"), e.getMessage());

        OverlapEquations eq = ((SymbolicDynamics) first).equations();
        ModelSpec other = spec.withEta2(false);
        assertThrows(SpecException.class, () -> new SymbolicDynamics(other, t, eq), "η² switch mismatch");
        assertThrows(SpecException.class, () -> new SymbolicDynamics(spec(3, 1, "poly:0,1,0.5", Normalisation.MEAN,
                0.3, 0.1, true), t, eq), "width mismatch");
        assertThrows(SpecException.class, () -> new SymbolicDynamics(spec, DenseMatrices.identity(2), eq), "T size");
        assertThrows(SpecException.class, () -> new SymbolicDynamics(spec(2, 1, "quadratic", Normalisation.MEAN, 0.3,
                0.1, true), t, eq), "activation mismatch");
    }

    @Test
    void solverGivesTheSameTrajectoryWithEitherEvaluator() {
        ModelSpec spec = spec(2, 1, "quadratic", Normalisation.MEAN, 0.1, 0.05, true)
                .withInit(new InitialCondition.Random(400, 0.8, 3L));
        Overlaps init = spec.initialOverlaps();
        OverlapSolver solver = new OverlapSolver(SolverOptions.DEFAULTS.withTolerances(1e-11, 1e-13));
        AlphaGrid grid = AlphaGrid.linear(80, 41);
        Trajectory a = solver.solve(new QuadraticClosedFormDynamics(spec, init.teacherOverlap()), init, grid);
        Trajectory b = solver.solve(symbolic(spec, init.teacherOverlap()), init, grid);
        assertEquals("symbolic", b.evaluator());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertVectorClose(a.states()[i], b.states()[i], 1e-8, "α = " + a.alphas()[i]);
            assertEquals(a.epsG()[i], b.epsG()[i], 1e-8 * Math.max(1e-3, a.epsG()[i]));
        }
        // a non-trivial run: the plateau is escaped and ε_g falls well below its start
        assertTrue(b.epsG()[b.size() - 1] < 0.2 * b.epsG()[0], () -> "ε_g " + java.util.Arrays.toString(b.epsG()));
    }

    /** Q = 0.3 I + small symmetric noise, R = small noise (a start near the plateau, as in PlateauTest). */
    static double[] randomState(int p, int ps, SplittableRandom rng) {
        double[] y = new double[Overlaps.stateDimension(p, ps)];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                y[k++] = (a == b ? 0.3 : 0.0) + 0.02 * rng.nextDouble(-1, 1);
            }
        }
        while (k < y.length) {
            y[k++] = 0.01 * rng.nextDouble(-1, 1);
        }
        return y;
    }

    @Test
    void derivationFromTheSpecMatchesTheCachedOne() {
        ModelSpec spec = spec(2, 1, "poly:0,0,1,0,0.1", Normalisation.MEAN, 0.3, 0.1, true);
        OverlapEquations derived = Derivation.derive(spec);
        OverlapEquations cached = cache.obtain(2, 1, (PolynomialActivation) spec.activation(), Normalisation.MEAN, true);
        assertEquals(derived.rhs(), cached.rhs());
        Poly eps = derived.epsG();
        assertEquals(eps, cached.epsG());
    }

    /** Asserts max_i |actual_i − expected_i| ≤ rel · max_i |expected_i| (relative error in the sup norm). */
    private static void assertVectorClose(double[] expected, double[] actual, double rel, String what) {
        double e = DenseMatrices.relativeSupError(expected, actual);
        assertTrue(e <= rel, () -> what + ": relative sup-norm error " + e);
    }
}
