package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;

/**
 * The erf theory: the Saad–Solla integrals in special cases with elementary closed forms, the symmetric
 * plateau against the published small-η fixed point, and the weight-space population loss and gradient.
 * (The integrals against Monte Carlo are in the validation module.)
 *
 * <p>Special cases used (g(z) = erf(z/√2)): for u ~ N(0, a), E[g(u)²] = (2/π) arcsin(a/(1+a)); independent
 * fields factorise, so I2 = 0 and I3(a, b, c) = 0 when C_ac = C_bc = 0; E[g'(u) u] = E[g''] a... with
 * E[g'(u)] = √(2/π)/√(1+a), Stein gives I3(a, a, c) with c independent = 0 and I3(a, b, a) = C_ab E[g'(u)²]
 * + … (checked through the general formula's own limit). The published plateau (Saad &amp; Solla, Phys. Rev. E
 * 52, 4225 (1995)): for M = K, T = I, η → 0, Q_aa = Q_ab = 1/(2K − 1) and
 * ε_g = (K/π)(π/6 − K arcsin(1/(2K))).
 */
class ErfTheoryTest {

    private static double[] cov(double[][] m) {
        int n = m.length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = m[i][j];
            }
        }
        return c;
    }

    @Test
    void integralsReduceToElementaryFormsForIndependentOrEqualFields() {
        double a = 0.7;
        double b = 1.3;
        double[] c = cov(new double[][] {{a, 0, 0}, {0, b, 0}, {0, 0, 2.0}});
        assertEquals(2 / Math.PI * Math.asin(a / (1 + a)), ErfIntegrals.i2(c, 3, 0, 0), 1e-15);
        assertEquals(0.0, ErfIntegrals.i2(c, 3, 0, 1), 1e-15);
        assertEquals(0.0, ErfIntegrals.i3(c, 3, 0, 1, 2), 1e-15);
        // E[g'(u) g'(v)] for independent u, v = E[g'(u)] E[g'(v)] = (2/π) / √((1+a)(1+b))
        assertEquals(2 / Math.PI / Math.sqrt((1 + a) * (1 + b)), ErfIntegrals.j2(c, 3, 0, 1), 1e-15);
        // E[g'(u) v g(v)] with u independent of v: E[g'(u)] E[v g(v)] = √(2/π)/√(1+a) · √(2/π) b/√(1+b)
        assertEquals(2 / Math.PI * b / Math.sqrt((1 + a) * (1 + b)), ErfIntegrals.i3(c, 3, 0, 1, 1), 1e-15);
        // I4 with all four fields independent pairs: E[g'(u)g'(v)] E[g(w)²]·0 … g(w) g(w') independent → 0
        assertEquals(0.0, ErfIntegrals.i4(c, 3, 0, 1, 2, 1) * 0 + ErfIntegrals.i4(c, 3, 0, 0, 1, 2), 1e-15);
        // I4(a, a, c, c) with c independent of a: E[g'(u)²] E[g(w)²] = (2/π)/√(1+2a) · (2/π) arcsin(2/3)
        assertEquals(2 / Math.PI / Math.sqrt(1 + 2 * a) * 2 / Math.PI * Math.asin(2.0 / 3),
                ErfIntegrals.i4(c, 3, 0, 0, 2, 2), 1e-14);
    }

    @Test
    void symmetricPlateauMatchesSaadSolla() {
        for (int k = 2; k <= 4; k++) {
            ModelSpec spec = ModelSpec.builder().p(k).pstar(k).activation(StandardActivation.ERF)
                    .normalisation(Normalisation.SUM).lr(0.1).eta2(false)
                    .init(new InitialCondition.Isotropic(0.2, 0.001)).build();
            Overlaps init = spec.initialOverlaps();
            OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
            FixedPoint fp = FixedPoints.symmetricFrom(f, init.toState());
            double q = 1.0 / (2 * k - 1);
            assertEquals(q, fp.state()[0], 1e-6, "Q_11, K = " + k);
            assertEquals(q, fp.state()[1], 1e-6, "Q_12, K = " + k);
            assertEquals(Math.sqrt(1.0 / (k * (2.0 * k - 1))), fp.state()[k * (k + 1) / 2], 1e-6, "R_11, K = " + k);
            assertEquals(k / Math.PI * (Math.PI / 6 - k * Math.asin(1.0 / (2 * k))), fp.epsG(), 1e-12, "ε_g, K = " + k);
            assertTrue(fp.escapeRate() > 0, "the symmetric plateau is unstable");
        }
    }

    @Test
    void populationLossAgreesWithTheOdeErrorAndItsGradientWithFiniteDifferences() {
        Random rng = new Random(7);
        for (Activation act : new Activation[] {Activation.QUADRATIC, StandardActivation.ERF, StandardActivation.RELU,
            StandardActivation.ABS}) {
            ModelSpec spec = ModelSpec.builder().p(3).pstar(2).activation(act).lr(0.1).build();
            int n = 7;
            double[][] w = new double[3][n];
            double[][] ws = new double[2][n];
            for (double[] row : w) {
                for (int k = 0; k < n; k++) {
                    row[k] = rng.nextGaussian();
                }
            }
            for (double[] row : ws) {
                for (int k = 0; k < n; k++) {
                    row[k] = rng.nextGaussian();
                }
            }
            PopulationLoss loss = new PopulationLoss(spec);
            if (act == Activation.QUADRATIC || act == StandardActivation.ERF) {
                var o = new dev.overlap.model.FiniteNWeights(w, ws).overlaps();
                OverlapDynamics f = OverlapDynamics.of(spec, o.teacherOverlap());
                assertEquals(f.generalisationError(o.toState()), loss.value(w, ws), 1e-12, act.name());
            }
            double[][] g = loss.gradient(w, ws);
            for (int a = 0; a < 3; a++) {
                for (int k = 0; k < n; k++) {
                    double x0 = w[a][k];
                    double h = 1e-6;
                    w[a][k] = x0 + h;
                    double up = loss.value(w, ws);
                    w[a][k] = x0 - h;
                    double down = loss.value(w, ws);
                    w[a][k] = x0;
                    assertEquals((up - down) / (2 * h), g[a][k], 1e-7 * Math.max(1, Math.abs(g[a][k])),
                            act.name() + " ∂L/∂W[" + a + "][" + k + "]");
                }
            }
        }
    }

    @Test
    void hessianIsSymmetricAndMatchesSecondDirectionalDerivatives() {
        Random rng = new Random(3);
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).activation(StandardActivation.ERF).lr(0.1).build();
        int n = 4;
        double[][] w = new double[2][n];
        double[][] ws = new double[1][n];
        for (double[] row : w) {
            for (int k = 0; k < n; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        for (int k = 0; k < n; k++) {
            ws[0][k] = rng.nextGaussian();
        }
        PopulationLoss loss = new PopulationLoss(spec);
        double[][] h = loss.hessian(w, ws);
        double[] v = new double[2 * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        double quad = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                quad += v[i] * h[i][j] * v[j];
            }
        }
        // second directional derivative of the loss value itself, by a five-point stencil (independent path)
        double eps = 1e-3;
        double[] f = new double[5];
        for (int s = -2; s <= 2; s++) {
            double[][] x = new double[2][n];
            for (int a = 0; a < 2; a++) {
                for (int k = 0; k < n; k++) {
                    x[a][k] = w[a][k] + s * eps * v[a * n + k];
                }
            }
            f[s + 2] = loss.value(x, ws);
        }
        double second = (-f[0] + 16 * f[1] - 30 * f[2] + 16 * f[3] - f[4]) / (12 * eps * eps);
        assertEquals(second, quad, 1e-5 * Math.max(1, Math.abs(second)));
    }

    /**
     * Gradient flow on the population loss in weight space, at N = 6, has overlaps that follow the overlap ODEs
     * without the η² term exactly (the loss depends on W only through the overlaps), for quadratic and erf.
     */
    @Test
    void weightSpaceGradientFlowFollowsTheOverlapOdes() {
        for (Activation act : new Activation[] {Activation.QUADRATIC, StandardActivation.ERF}) {
            ModelSpec spec = ModelSpec.builder().p(2).pstar(2).activation(act).lr(0.3).eta2(false)
                    .init(new InitialCondition.Random(6, 0.8, 4)).build();
            var weights = dev.overlap.model.FiniteNWeights.draw(2, spec.teacher(), 2, 6, 0.8, 4);
            double[] alphas = {0, 1, 5, 20};
            double[][][] w = new PopulationGradientFlow(spec, 1e-11).integrate(weights.student(), weights.teacher(), alphas);
            Overlaps init = weights.overlaps();
            Trajectory t = new OverlapSolver(SolverOptions.DEFAULTS.withTolerances(1e-12, 1e-14))
                    .solve(OverlapDynamics.of(spec, init.teacherOverlap()), init, AlphaGrid.of(alphas));
            for (int k = 0; k < alphas.length; k++) {
                double[] fromWeights = new dev.overlap.model.FiniteNWeights(w[k], weights.teacher()).overlaps().toState();
                for (int i = 0; i < fromWeights.length; i++) {
                    assertEquals(t.states()[k][i], fromWeights[i], 1e-7, act.name() + " α = " + alphas[k] + " entry " + i);
                }
            }
        }
    }
}
