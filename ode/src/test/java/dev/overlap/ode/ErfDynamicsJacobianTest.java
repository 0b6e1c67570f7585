package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.TeacherSpec;
import dev.overlap.testing.Allocations;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.RandomMatrices;

/**
 * The exact Jacobian of {@link ErfDynamics} against two independent derivatives: Richardson-extrapolated central
 * differences of {@link ErfDynamics#derivatives} (error O(h⁶) + rounding, about 10⁻¹² relative here), and sympy
 * differentiating the Saad–Solla formulas for p = 2, p* = 1.
 */
class ErfDynamicsJacobianTest {

    private static final double RELATIVE = 1e-8;

    private static ModelSpec spec(int p, int ps, Normalisation norm, double eta, double noise, boolean eta2) {
        return new ModelSpec(p, ps, StandardActivation.ERF, norm, eta, ModelSpec.LearningRateConvention.ABSOLUTE,
                noise, eta2, new TeacherSpec.Orthonormal(), new InitialCondition.Isotropic(0.5, 0.0));
    }

    /**
     * States of (p, p*): random covariances, a diagonal Q with small R (as at initialisation), a diagonal Q with
     * R = 0, and the permutation-symmetric state Q_aa = q, Q_a≠b = c, R_ar = r with T = I (at the plateau's
     * symmetry, exactly and slightly broken), and a state next to the perfect student Q = T = I, R_ar = δ_ar
     * (there C is nearly singular).
     */
    private static List<Overlaps> states(int p, int ps, SplittableRandom rng) {
        List<Overlaps> states = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            states.add(CovarianceBlocks.split(RandomMatrices.randomCovariance(p + ps, rng, 1.5, 0.05), p));
        }
        double[][] t = new double[ps][ps];
        for (int r = 0; r < ps; r++) {
            t[r][r] = 1;
        }
        double[][] q = new double[p][p];
        double[][] small = new double[p][ps];
        for (int a = 0; a < p; a++) {
            q[a][a] = 0.3 + 0.4 * a;
            for (int r = 0; r < ps; r++) {
                small[a][r] = 1e-3 * rng.nextDouble(-1, 1);
            }
        }
        states.add(Overlaps.of(q, small, t));
        states.add(Overlaps.of(q, new double[p][ps], t));
        for (double breaking : new double[] {0, 1e-3}) {
            double[][] qs = new double[p][p];
            double[][] rs = new double[p][ps];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    qs[a][b] = a == b ? 0.3 : 0.25;
                }
                for (int r = 0; r < ps; r++) {
                    rs[a][r] = Math.sqrt(0.9 * 0.25 / ps) + breaking * rng.nextDouble(-1, 1);
                }
            }
            states.add(Overlaps.of(qs, rs, t));
        }
        double[][] qc = new double[p][p];
        double[][] rc = new double[p][ps];
        for (int a = 0; a < p; a++) {
            qc[a][a] = 1;
            for (int r = 0; r < ps; r++) {
                rc[a][r] = (a == r ? 0.9999 : 0) + 1e-6 * rng.nextDouble(-1, 1);
            }
        }
        states.add(Overlaps.of(qc, rc, t));
        return states;
    }

    /** Central difference of dy/dα along coordinate k with step h. */
    private static double[] central(OverlapDynamics f, double[] y, int k, double h) {
        int d = y.length;
        double[] x = y.clone();
        double[] plus = new double[d];
        double[] minus = new double[d];
        x[k] = y[k] + h;
        f.derivatives(x, plus);
        x[k] = y[k] - h;
        f.derivatives(x, minus);
        for (int i = 0; i < d; i++) {
            plus[i] = (plus[i] - minus[i]) / (2 * h);
        }
        return plus;
    }

    /**
     * Column k of the Jacobian by Richardson extrapolation of central differences at h, h/2, h/4 (the error terms
     * h², h⁴ eliminated).
     */
    private static double[] richardson(OverlapDynamics f, double[] y, int k) {
        double h = 1e-2;
        double[] d1 = central(f, y, k, h);
        double[] d2 = central(f, y, k, h / 2);
        double[] d4 = central(f, y, k, h / 4);
        double[] col = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double r1 = (4 * d2[i] - d1[i]) / 3;
            double r2 = (4 * d4[i] - d2[i]) / 3;
            col[i] = (16 * r2 - r1) / 15;
        }
        return col;
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, η={3}, η²={4}, Δ={5}")
    @CsvSource({
        "1,1,SUM,0.5,true,0.3", "1,1,MEAN,0.9,false,0", "1,1,SQRT,0.2,true,0",
        "2,2,SUM,0.5,true,0.4", "2,2,MEAN,1.3,true,0", "2,2,SQRT,0.7,false,0", "2,2,SUM,0.5,false,0.4",
        "3,2,SUM,0.8,true,0.2", "3,2,MEAN,1.5,true,1.0", "3,2,SQRT,0.6,false,0", "3,2,MEAN,0.3,true,0",
        "2,3,SUM,0.6,true,0.5", "2,3,MEAN,1.1,false,0", "2,3,SQRT,0.9,true,0.1"})
    void matchesRichardsonExtrapolatedDifferences(int p, int ps, Normalisation norm, double eta, boolean eta2,
            double noise) {
        SplittableRandom rng = new SplittableRandom(1000L * p + 100L * ps + 10L * norm.ordinal() + (eta2 ? 1 : 0));
        ModelSpec spec = spec(p, ps, norm, eta, noise, eta2);
        int s = 0;
        for (Overlaps o : states(p, ps, rng)) {
            ErfDynamics f = new ErfDynamics(spec, o.teacherOverlap());
            assertTrue(f.exactJacobian());
            double[] y = o.toState();
            int d = f.dimension();
            double[] exact = new double[d * d];
            assertTrue(f.exactJacobian(y, exact));
            double scale = 0;
            for (double v : exact) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < d; k++) {
                double[] col = richardson(f, y, k);
                for (int i = 0; i < d; i++) {
                    assertEquals(col[i], exact[i * d + k], RELATIVE * (Math.abs(col[i]) + 1e-3 * scale),
                            "state " + s + ", entry (" + i + ", " + k + ")");
                }
            }
            s++;
        }
    }

    /**
     * p = 2, p* = 1, T = 1, sqrt normalisation (κ_s = 1/√2, κ_t = 1), η = 0.7, Δ = 0.3, η² term on, at Q = [[0.8, 0.3],
     * [0.3, 0.5]], R = (0.4, −0.2). Expected values (20 digits) printed by a sympy one-off that writes the right-hand
     * side from the formulas of docs/model.md §8 (I3, I4, J2 with the covariance as a symmetric matrix of the five
     * state symbols) and differentiates it symbolically:
     * {@code python3 ode/src/test/resources/dev/overlap/ode/erf_jacobian_sympy.py} (sympy 1.14, about a minute; it
     * prints {@code sp.N(sp.diff(rhs[i], y[j]).subs(state), 20)} row by row). The right-hand side it printed is
     * asserted too, which shows the script models the same equations.
     */
    @Test
    void matchesSympyDifferentiationOfTheClosedForms() {
        ModelSpec spec = spec(2, 1, Normalisation.SQRT, 0.7, 0.3, true);
        Overlaps o = Overlaps.of(new double[][] {{0.8, 0.3}, {0.3, 0.5}}, new double[][] {{0.4}, {-0.2}},
                new double[][] {{1}});
        ErfDynamics f = new ErfDynamics(spec, o.teacherOverlap());
        double[] y = o.toState();
        double[] rhs = {-0.0053578859447870076847, -0.10629171007134830258, -0.12957622370608477601,
            0.16086531831820773652, 0.13859275123984296064};
        double[][] expected = {
            {-0.093190953394073329797, -0.12842607147284329474, 0.024286652460993252347, 0.17754649279491996091,
                -0.054009229315936647847},
            {-0.064669460627724200752, -0.088252722354639405950, -0.11141037566369257250, 0.11440189728396144423,
                0.10307006342335050820},
            {0.034469387189930197426, -0.18847234049887642084, -0.025553622009832710902, -0.056035274824429215730,
                0.24290000919441139523},
            {-0.023414590203596053787, 0.034876375256090713337, -0.012682318274942077577, -0.11129296704003312538,
                -0.13792021123999509365},
            {0.017438187628045356669, -0.025364636549884155154, -0.056875275866854386591, -0.13792021123999509365,
                -0.040656981300933666217}};
        double[] yDot = new double[5];
        f.derivatives(y, yDot);
        for (int i = 0; i < 5; i++) {
            assertEquals(rhs[i], yDot[i], 1e-15, "dy/dα entry " + i);
        }
        double[] jac = new double[25];
        assertTrue(f.exactJacobian(y, jac));
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(expected[i][j], jac[i * 5 + j], 1e-15, "entry (" + i + ", " + j + ")");
            }
        }
    }

    /**
     * The Jacobian is written into the caller's array with work buffers held by the dynamics: fewer than 1 byte per
     * call on average after warm-up (one array per call would be ≥ 16 bytes).
     */
    @Test
    void exactJacobianDoesNotAllocate() {
        SplittableRandom rng = new SplittableRandom(5);
        Overlaps o = CovarianceBlocks.split(RandomMatrices.randomCovariance(5, rng, 1.5, 0.05), 3);
        ErfDynamics f = new ErfDynamics(spec(3, 2, Normalisation.MEAN, 0.5, 0.2, true), o.teacherOverlap());
        double[] y = o.toState();
        double[] jac = new double[f.dimension() * f.dimension()];
        double bytes = Allocations.perCall(() -> f.exactJacobian(y, jac), 20_000);
        Assumptions.assumeTrue(Double.isFinite(bytes), "allocation counter unavailable");
        assertTrue(bytes < 1.0, "exactJacobian allocates " + bytes + " bytes per call");
    }
}
