package dev.overlap.validation.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.finiten.GaussHermiteDiffusion;
import dev.overlap.ode.finiten.QuadraticDiffusion;
import dev.overlap.symbolic.CompiledDiffusion;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.DiffusionEquations;
import dev.overlap.symbolic.EquationCompiler;
import dev.overlap.symbolic.OverlapVariables;

/**
 * The symbolically derived diffusion matrix ({@link Derivation#deriveDiffusion}) against the numeric ones: the
 * closed form {@link QuadraticDiffusion} (an independent route: moment generating function of the quadratic
 * form) and exact Gauss–Hermite quadrature. Also the compiled evaluator against the polynomials.
 */
@Tag("slow")
class SymbolicDiffusionTest {

    private static ModelSpec spec(int p, int pstar, String activation, double noise) {
        return ModelSpec.builder().p(p).pstar(pstar).lr(0.2).activation(Activation.parse(activation))
                .normalisation(Normalisation.MEAN).noise(noise).init(new InitialCondition.Random(500, 1.0, 7L)).build();
    }

    /** A state away from the symmetric initial one: the random-init overlaps, perturbed. */
    private static double[] state(Overlaps o) {
        double[] y = o.toState();
        for (int i = 0; i < y.length; i++) {
            y[i] += 0.05 * (i + 1) * (i % 2 == 0 ? 1 : -1);
        }
        return y;
    }

    private static double[] teacher(double[][] t) {
        int n = t.length;
        double[] flat = new double[n * (n + 1) / 2];
        int k = 0;
        for (int r = 0; r < n; r++) {
            for (int s = r; s < n; s++) {
                flat[k++] = t[r][s];
            }
        }
        return flat;
    }

    /** The full symmetric D from the polynomials, via Poly.evaluate. */
    private static double[] symbolic(DiffusionEquations de, double[] y, double[] t, double eta, double delta) {
        OverlapVariables vars = de.variables();
        double[] values = new double[vars.count()];
        System.arraycopy(y, 0, values, 0, y.length);
        System.arraycopy(t, 0, values, vars.stateDimension(), t.length);
        values[vars.eta()] = eta;
        values[vars.delta()] = delta;
        values[vars.kappaStudent()] = Double.NaN; // substituted: must not be read
        values[vars.kappaTeacher()] = Double.NaN;
        int d = de.dimension();
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = de.entry(i, j).evaluate(values);
            }
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static void assertClose(double[] expected, double[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = maxAbs(expected);
        assertTrue(scale > 1e-6, what + ": a non-trivial D");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, what + " entry " + i);
        }
    }

    @Test
    void symbolicEqualsTheClosedFormForTheQuadraticActivation() {
        for (int[] w : new int[][] {{1, 1}, {2, 1}}) {
            DiffusionEquations de = Derivation.deriveDiffusion(spec(w[0], w[1], "quadratic", 0));
            CompiledDiffusion compiled = EquationCompiler.compile(de);
            for (double noise : new double[] {0, 0.3}) {
                ModelSpec s = spec(w[0], w[1], "quadratic", noise);
                assertEquals(0.2, s.eta(), 0.0);
                Overlaps o = s.initialOverlaps();
                double[] y = state(o);
                double[] t = teacher(o.teacherOverlap());
                int d = de.dimension();
                double[] closed = new double[d * d];
                new QuadraticDiffusion(s, o.teacherOverlap()).diffusion(y, closed);
                String what = "quadratic " + w[0] + "," + w[1] + " Δ=" + noise;
                assertClose(closed, symbolic(de, y, t, s.eta(), noise), 1e-10, what);
                double[] fromCode = new double[d * d];
                compiled.diffusion(y, t, s.eta(), noise, fromCode);
                assertClose(closed, fromCode, 1e-10, what + " (compiled)");
            }
        }
    }

    @Test
    void symbolicEqualsExactQuadratureForAnotherPolynomial() {
        DiffusionEquations de = Derivation.deriveDiffusion(spec(1, 1, "poly:0,1,1/2", 0));
        for (double noise : new double[] {0, 0.3}) {
            ModelSpec s = spec(1, 1, "poly:0,1,1/2", noise);
            Overlaps o = s.initialOverlaps();
            double[] y = state(o);
            double[] quad = new double[4];
            GaussHermiteDiffusion.withNodes(s, o.teacherOverlap(), 16).diffusion(y, quad);
            assertClose(quad, symbolic(de, y, teacher(o.teacherOverlap()), s.eta(), noise), 1e-9,
                    "poly:0,1,1/2 Δ=" + noise);
        }
    }
}
