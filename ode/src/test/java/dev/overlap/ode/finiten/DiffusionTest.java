package dev.overlap.ode.finiten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.OverlapDynamics;

/** The diffusion matrix: two independent methods, the drift against the ODE, and exact reference values. */
class DiffusionTest {

    private static ModelSpec spec(int p, int pstar, String activation, double noise) {
        return ModelSpec.builder().p(p).pstar(pstar).lrPerWidth(0.1).activation(Activation.parse(activation))
                .noise(noise).init(new InitialCondition.Random(500, 1.0, 3L)).build();
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void closedFormAndExactQuadratureAgreeForTheQuadraticActivation() {
        for (double noise : new double[] {0, 0.3}) {
            for (int[] w : new int[][] {{1, 1}, {2, 1}, {3, 2}}) {
                ModelSpec s = spec(w[0], w[1], "quadratic", noise);
                Overlaps o = s.initialOverlaps();
                double[] y = o.toState();
                QuadraticDiffusion closed = new QuadraticDiffusion(s, o.teacherOverlap());
                GaussHermiteDiffusion quad = GaussHermiteDiffusion.of(s, o.teacherOverlap());
                assertTrue(quad.exact(), "enough nodes to be exact: " + quad.methodName());
                int d = closed.dimension();
                double[] a = new double[d * d];
                double[] b = new double[d * d];
                closed.diffusion(y, a);
                quad.diffusion(y, b);
                double scale = maxAbs(a);
                for (int i = 0; i < d * d; i++) {
                    assertEquals(a[i], b[i], 1e-11 * scale, "D entry " + i + " at " + w[0] + "," + w[1] + " Δ=" + noise);
                }
            }
        }
    }

    @Test
    void theDriftIsTheOdeRightHandSideWithTheEta2Term() {
        for (String act : new String[] {"quadratic", "erf"}) {
            for (double noise : new double[] {0, 0.5}) {
                // erf: 16 nodes per field at p + p* = 4 (the quadrature is numerical there: ~4e-7 at 16 nodes)
                ModelSpec s = act.equals("erf") ? spec(2, 2, act, noise) : spec(3, 2, act, noise);
                Overlaps o = s.initialOverlaps();
                double[] y = o.toState();
                OverlapDynamics f = OverlapDynamics.of(s, o.teacherOverlap());
                Diffusion diffusion = act.equals("erf") ? GaussHermiteDiffusion.withNodes(s, o.teacherOverlap(), 16)
                        : Diffusion.of(s, o.teacherOverlap());
                double[] expected = new double[y.length];
                double[] actual = new double[y.length];
                f.derivatives(y, expected);
                diffusion.drift(y, actual);
                double tol = act.equals("quadratic") ? 1e-12 : 1e-5;
                for (int i = 0; i < y.length; i++) {
                    assertEquals(expected[i], actual[i], tol * (1 + maxAbs(expected)), act + " Δ=" + noise + " F_" + i);
                }
            }
        }
    }

    /**
     * p = p* = 1, σ = z², κ = 1 (sum), η = 1/2, Δ = 1/4, at Q = 1, R = 1/2, T = 1: the entries computed exactly in
     * rational arithmetic by Isserlis' theorem with sympy (independently of this code):
     * D_QQ = 10757/4, D_QR = −915/16, D_RR = 147/8: Λ written as (a₁, R a₁ + √(T − R²) a₂) in i.i.d. standard
     * normals, ξ expanded and each monomial replaced by its Gaussian moment.
     */
    @Test
    void exactRationalValuesForOneStudentAndOneTeacher() {
        ModelSpec s = ModelSpec.builder().p(1).pstar(1).lr(0.5).normalisation(Normalisation.SUM).noise(0.25)
                .init(new InitialCondition.Isotropic(1, 0.5)).build();
        double[] y = {1.0, 0.5};
        double[] out = new double[4];
        new QuadraticDiffusion(s, new double[][] {{1}}).diffusion(y, out);
        assertEquals(10757.0 / 4, out[0], 1e-10);
        assertEquals(-915.0 / 16, out[1], 1e-12);
        assertEquals(147.0 / 8, out[3], 1e-12);
        assertEquals(out[1], out[2], 0.0);
    }
}
