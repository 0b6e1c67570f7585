package dev.overlap.ode;

import static dev.overlap.ode.Fixtures.assertVectorClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.StateLayout;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.testing.Allocations;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.DenseMatrices;
import dev.overlap.testing.RandomMatrices;

/**
 * {@link QuadraticClosedFormDynamics} against the equations of docs/model.md.
 *
 * <p>Expected values: the right-hand side assembled element-wise from Isserlis' theorem
 * ({@link Fixtures#referenceDerivatives}): dR_ar = −η κ_s E[(ŷ−y) 2λ_a ν_r], dQ_ab = −η κ_s E[(ŷ−y)(2λ_aλ_b +
 * 2λ_aλ_b)] + η² κ_s² E[((ŷ−y)² + Δ) 4 λ_a λ_b], ε_g = ½E[(ŷ−y)²], with ŷ−y = κ_s Σλ_a² − κ_t Σν_r², each
 * moment a brute-force sum over pairings. Property tests use symmetries of the model that hold for any
 * right-hand side derived from it: relabelling student units, and rotating the teacher units when T = I
 * (ν → Oᵀν leaves Σν_r² unchanged).
 */
class QuadraticClosedFormDynamicsTest {

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, η²={3}, Δ={4}")
    @CsvSource({
        "1,1,MEAN,false,0", "1,1,SUM,true,0.3", "2,1,SQRT,true,0", "2,3,MEAN,true,0.25", "3,2,SUM,false,0.5",
        "3,2,SQRT,true,0.1", "4,4,MEAN,true,0.7", "4,2,SUM,true,0", "2,2,SQRT,false,0"})
    void matchesIsserlisAssembledRightHandSide(int p, int ps, Normalisation norm, boolean eta2, double noise) {
        SplittableRandom rng = new SplittableRandom(31L * p + 7L * ps + norm.ordinal() + (eta2 ? 100 : 0));
        ModelSpec spec = Fixtures.spec(p, ps, norm, 0.37, noise, eta2);
        for (int trial = 0; trial < 4; trial++) {
            double[][] c = RandomMatrices.randomCovariance(p + ps, rng);
            Overlaps o = CovarianceBlocks.split(c, p);
            QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
            double[] y = o.toState();
            double[] got = new double[f.dimension()];
            f.derivatives(y, got);
            assertVectorClose(Fixtures.referenceDerivatives(spec, c), got, 1e-12, "dy/dα");
            double eps = Fixtures.referenceEpsG(spec, c);
            assertEquals(eps, f.generalisationError(y), 1e-12 * eps, "ε_g");
        }
    }

    @Test
    void eta2TermIsTheOnlyDifferenceBetweenSgdAndGradientFlow() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] c = RandomMatrices.randomCovariance(5, rng);
        Overlaps o = CovarianceBlocks.split(c, 3);
        ModelSpec sgd = Fixtures.spec(3, 2, Normalisation.MEAN, 0.4, 0.2, true);
        double[] a = new double[12];
        double[] b = new double[12];
        new QuadraticClosedFormDynamics(sgd, o.teacherOverlap()).derivatives(o.toState(), a);
        new QuadraticClosedFormDynamics(sgd.withEta2(false), o.teacherOverlap()).derivatives(o.toState(), b);
        // R rows are identical (no η² term in dR/dα), Q rows differ
        for (int i = 6; i < 12; i++) {
            assertEquals(a[i], b[i], 0.0);
        }
        for (int i = 0; i < 6; i++) {
            assertTrue(a[i] != b[i]);
        }
    }

    @Test
    void permutingStudentUnitsPermutesTheDerivatives() {
        SplittableRandom rng = new SplittableRandom(11);
        int p = 4;
        int ps = 3;
        int[] perm = {2, 0, 3, 1};
        ModelSpec spec = Fixtures.spec(p, ps, Normalisation.SQRT, 0.3, 0.1, true);
        double[][] c = RandomMatrices.randomCovariance(p + ps, rng);
        Overlaps o = CovarianceBlocks.split(c, p);
        double[][] q = o.studentOverlap();
        double[][] r = o.studentTeacherOverlap();
        double[][] qp = new double[p][p];
        double[][] rp = new double[p][ps];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                qp[a][b] = q[perm[a]][perm[b]];
            }
            rp[a] = r[perm[a]].clone();
        }
        Overlaps op = Overlaps.of(qp, rp, o.teacherOverlap());
        QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
        double[] d = new double[f.dimension()];
        double[] dp = new double[f.dimension()];
        f.derivatives(o.toState(), d);
        f.derivatives(op.toState(), dp);
        Overlaps dO = Overlaps.fromState(p, ps, d, o.teacherOverlap());
        Overlaps dPO = Overlaps.fromState(p, ps, dp, o.teacherOverlap());
        double scale = maxAbs(d);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                assertEquals(dO.q(perm[a], perm[b]), dPO.q(a, b), 1e-14 * scale);
            }
            for (int s = 0; s < ps; s++) {
                assertEquals(dO.r(perm[a], s), dPO.r(a, s), 1e-14 * scale);
            }
        }
    }

    @Test
    void rotatingTheTeacherRotatesR() {
        SplittableRandom rng = new SplittableRandom(12);
        int p = 3;
        int ps = 3;
        ModelSpec spec = Fixtures.spec(p, ps, Normalisation.MEAN, 0.6, 0.2, true);
        double[][] t = DenseMatrices.identity(ps);
        // a realisable state with T = I: Q = 0.8 I + small, R small
        double[][] q = {{0.8, 0.1, -0.05}, {0.1, 0.7, 0.02}, {-0.05, 0.02, 0.9}};
        double[][] r = new double[p][ps];
        for (double[] row : r) {
            for (int s = 0; s < ps; s++) {
                row[s] = rng.nextDouble(-0.3, 0.3);
            }
        }
        double[][] o = RandomMatrices.randomOrthogonal(ps, rng);
        Overlaps x = Overlaps.of(q, r, t);
        Overlaps xr = Overlaps.of(q, DenseMatrices.multiply(r, o), t);
        QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, t);
        double[] d = new double[f.dimension()];
        double[] dr = new double[f.dimension()];
        f.derivatives(x.toState(), d);
        f.derivatives(xr.toState(), dr);
        double scale = maxAbs(d);
        Overlaps dx = Overlaps.fromState(p, ps, d, t);
        Overlaps dxr = Overlaps.fromState(p, ps, dr, t);
        double[][] rotated = DenseMatrices.multiply(dx.studentTeacherOverlap(), o);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                assertEquals(dx.q(a, b), dxr.q(a, b), 1e-13 * scale, "dQ unchanged");
            }
            for (int s = 0; s < ps; s++) {
                assertEquals(rotated[a][s], dxr.r(a, s), 1e-13 * scale, "dR → dR O");
            }
        }
        assertEquals(f.generalisationError(x.toState()), f.generalisationError(xr.toState()), 1e-14);
    }

    @Test
    void rotatingAGeneralTeacherTogetherWithR() {
        // for any T: (R, T) → (R O, Oᵀ T O) is the change of teacher basis ν → Oᵀ ν; dQ and ε_g are invariant
        SplittableRandom rng = new SplittableRandom(13);
        int p = 2;
        int ps = 3;
        double[][] c = RandomMatrices.randomCovariance(p + ps, rng);
        Overlaps x = CovarianceBlocks.split(c, p);
        double[][] o = RandomMatrices.randomOrthogonal(ps, rng);
        double[][] t2 = DenseMatrices.multiply(DenseMatrices.transpose(o), DenseMatrices.multiply(x.teacherOverlap(), o));
        for (int i = 0; i < ps; i++) {
            for (int j = 0; j < i; j++) {
                t2[i][j] = t2[j][i];
            }
        }
        Overlaps x2 = Overlaps.of(x.studentOverlap(), DenseMatrices.multiply(x.studentTeacherOverlap(), o), t2);
        ModelSpec spec = Fixtures.spec(p, ps, Normalisation.SUM, 0.2, 0.3, true);
        QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, x.teacherOverlap());
        QuadraticClosedFormDynamics f2 = new QuadraticClosedFormDynamics(spec, t2);
        double[] d = new double[f.dimension()];
        double[] d2 = new double[f.dimension()];
        f.derivatives(x.toState(), d);
        f2.derivatives(x2.toState(), d2);
        double scale = maxAbs(d);
        double[][] rotated = DenseMatrices.multiply(Overlaps.fromState(p, ps, d, t2).studentTeacherOverlap(), o);
        Overlaps dx2 = Overlaps.fromState(p, ps, d2, t2);
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                assertEquals(d[new StateLayout(p, 1).q(a, b)], d2[new StateLayout(p, 1).q(a, b)], 1e-13 * scale);
            }
            for (int s = 0; s < ps; s++) {
                assertEquals(rotated[a][s], dx2.r(a, s), 1e-13 * scale);
            }
        }
        assertEquals(f.generalisationError(x.toState()), f2.generalisationError(x2.toState()),
                1e-13 * f.generalisationError(x.toState()));
    }

    @Test
    void teacherOfWrongSizeIsRejected() {
        ModelSpec spec = Fixtures.spec(2, 3, 0.5, true);
        SpecException e = assertThrows(SpecException.class,
                () -> new QuadraticClosedFormDynamics(spec, DenseMatrices.identity(2)));
        assertTrue(e.getMessage().contains("2×2") && e.getMessage().contains("p* = 3"), e.getMessage());
    }

    @Test
    void reportsDimensionAndTeacher() {
        ModelSpec spec = Fixtures.spec(3, 2, 0.5, true);
        double[][] t = {{1.5, 0.2}, {0.2, 0.5}};
        QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, t);
        assertEquals(6 + 6, f.dimension());
        assertEquals(0.2, f.teacherOverlap()[1][0], 0.0);
        t[0][0] = 9; // the dynamics keeps its own copy
        assertEquals(1.5, f.teacherOverlap()[0][0], 0.0);
        assertTrue(OverlapDynamics.of(spec, t) instanceof QuadraticClosedFormDynamics);
    }

    /**
     * The exact Jacobian against central differences of the right-hand side (steps 1e-6 (1 + |y_j|): error
     * O(h²) ≈ 1e-12 times third derivatives, plus rounding ≈ 1e-16/h), with and without the η² term and noise,
     * at random covariances; and it allocates nothing (per-thread allocation counter, fewer than 1 byte per call
     * over 20 000 calls).
     */
    @ParameterizedTest(name = "η²={0}, Δ={1}")
    @CsvSource({"true, 0.2", "false, 0"})
    void exactJacobianMatchesFiniteDifferencesAndDoesNotAllocate(boolean eta2, double noise) {
        SplittableRandom rng = new SplittableRandom(eta2 ? 21 : 22);
        for (int trial = 0; trial < 3; trial++) {
            Overlaps o = CovarianceBlocks.split(RandomMatrices.randomCovariance(6, rng), 4);
            QuadraticClosedFormDynamics f =
                    new QuadraticClosedFormDynamics(Fixtures.spec(4, 2, Normalisation.SQRT, 0.3, noise, eta2),
                            o.teacherOverlap());
            double[] y = o.toState();
            int d = f.dimension();
            double[] exact = new double[d * d];
            assertTrue(f.exactJacobian(y, exact));
            double[][] fd = f.jacobian(y);
            double scale = 0;
            for (double v : exact) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    assertEquals(fd[r][c], exact[r * d + c], 1e-7 * scale, "entry (" + r + ", " + c + ")");
                }
            }
            if (trial == 0) {
                double bytes = Allocations.perCall(() -> f.exactJacobian(y, exact), 20_000);
                Assumptions.assumeTrue(Double.isFinite(bytes), "allocation counter unavailable");
                assertTrue(bytes < 1.0, "exactJacobian allocates");
            }
        }
    }

    /**
     * The right-hand side is documented to allocate nothing. Measured with the per-thread allocation counter of
     * HotSpot over 100 000 calls after warm-up: fewer than 1 byte per call on average (a single array
     * allocation per call would already be ≥ 16 bytes).
     */
    @Test
    void derivativesDoNotAllocate() {
        Assumptions.assumeTrue(Allocations.threadAllocatedBytes() >= 0, "allocation counter unavailable");
        SplittableRandom rng = new SplittableRandom(3);
        double[][] c = RandomMatrices.randomCovariance(7, rng);
        Overlaps o = CovarianceBlocks.split(c, 4);
        QuadraticClosedFormDynamics f =
                new QuadraticClosedFormDynamics(Fixtures.spec(4, 3, Normalisation.MEAN, 0.3, 0.1, true),
                        o.teacherOverlap());
        double[] y = o.toState();
        double[] yDot = new double[f.dimension()];
        double sink = 0;
        for (int i = 0; i < 50_000; i++) {
            f.derivatives(y, yDot);
            sink += yDot[0];
        }
        int calls = 100_000;
        long before = Allocations.threadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            f.derivatives(y, yDot);
            sink += yDot[i % yDot.length];
        }
        long after = Allocations.threadAllocatedBytes();
        assertTrue(Double.isFinite(sink));
        long bytes = after - before;
        assertTrue(bytes < calls, "derivatives() allocated " + bytes + " bytes over " + calls + " calls");
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
