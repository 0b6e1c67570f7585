package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;
import dev.overlap.ode.ErfDynamics;
import dev.overlap.ode.ErfIntegrals;
import dev.overlap.ode.PairKernel;
import dev.overlap.testing.RandomMatrices;

/**
 * The erf integrals, the erf right-hand side and the pair kernels (quadratic, erf, ReLU, |z|) against plain
 * Monte Carlo averages of the integrands they claim to compute ({@link GaussianMonteCarlo}, 400 000 samples,
 * fixed seeds, |z| &lt; 5 for every entry).
 */
class ErfAndKernelsMonteCarloTest {

    private static final long SAMPLES = 400_000;

    private static void assertZ(GaussianMonteCarlo.Estimate[] est, double[] exact, String what) {
        for (int i = 0; i < exact.length; i++) {
            double z = est[i].zScore(exact[i]);
            assertTrue(Math.abs(z) < 5, what + " entry " + i + ": exact " + exact[i] + ", MC " + est[i].mean() + " ± "
                    + est[i].standardError() + " (z = " + z + ")");
        }
    }

    @Test
    void erfIntegralsAgreeWithMonteCarlo() {
        int n = 4;
        double[][] c = RandomMatrices.randomCovariance(n, new SplittableRandom(5), 1.5, 0.1);
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c[i], 0, flat, i * n, n);
        }
        int[][] quads = {{0, 1, 2, 3}, {0, 0, 1, 1}, {0, 1, 0, 2}, {2, 3, 3, 3}, {1, 1, 1, 1}};
        int[][] triples = {{0, 1, 2}, {0, 0, 1}, {1, 2, 1}, {3, 3, 3}, {2, 0, 0}};
        double[] exact = new double[quads.length + triples.length + 3];
        int k = 0;
        for (int[] q : quads) {
            exact[k++] = ErfIntegrals.i4(flat, n, q[0], q[1], q[2], q[3]);
        }
        for (int[] t : triples) {
            exact[k++] = ErfIntegrals.i3(flat, n, t[0], t[1], t[2]);
        }
        exact[k++] = ErfIntegrals.i2(flat, n, 0, 3);
        exact[k++] = ErfIntegrals.i2(flat, n, 2, 2);
        exact[k] = ErfIntegrals.j2(flat, n, 1, 3);
        Activation g = StandardActivation.ERF;
        GaussianMonteCarlo mc = new GaussianMonteCarlo(c);
        GaussianMonteCarlo.Estimate[] est = mc.estimate(exact.length, (u, out) -> {
            int m = 0;
            for (int[] q : quads) {
                out[m++] = g.derivative(u[q[0]]) * g.derivative(u[q[1]]) * g.value(u[q[2]]) * g.value(u[q[3]]);
            }
            for (int[] t : triples) {
                out[m++] = g.derivative(u[t[0]]) * u[t[1]] * g.value(u[t[2]]);
            }
            out[m++] = g.value(u[0]) * g.value(u[3]);
            out[m++] = g.value(u[2]) * g.value(u[2]);
            out[m] = g.derivative(u[1]) * g.derivative(u[3]);
        }, SAMPLES, 11);
        assertZ(est, exact, "erf integrals");
    }

    @Test
    void erfRightHandSideAgreesWithMonteCarlo() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF)
                .normalisation(Normalisation.SQRT).lr(0.7).noise(0.3)
                .init(new InitialCondition.Random(50, 0.9, 3)).build();
        Overlaps o = spec.initialOverlaps();
        ErfDynamics f = new ErfDynamics(spec, o.teacherOverlap());
        double[] y = o.toState();
        double[] dy = new double[y.length];
        f.derivatives(y, dy);
        double[] exact = new double[y.length + 1];
        System.arraycopy(dy, 0, exact, 0, y.length);
        exact[y.length] = f.generalisationError(y);
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double eta = spec.eta();
        double delta = spec.noise();
        Activation g = StandardActivation.ERF;
        // one extra coordinate ξ ~ N(0, 1), independent: the label noise
        double[][] c = o.covariance();
        double[][] cx = new double[5][5];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(c[i], 0, cx[i], 0, 4);
        }
        cx[4][4] = 1;
        GaussianMonteCarlo.Estimate[] est = new GaussianMonteCarlo(cx).estimate(exact.length, (u, out) -> {
            double clean = ks * (g.value(u[0]) + g.value(u[1])) - kt * (g.value(u[2]) + g.value(u[3]));
            double e = clean - Math.sqrt(delta) * u[4];
            double[] gp = {g.derivative(u[0]), g.derivative(u[1])};
            int m = 0;
            for (int a = 0; a < 2; a++) {
                for (int b = a; b < 2; b++) {
                    out[m++] = -eta * ks * e * (gp[a] * u[b] + u[a] * gp[b]) + eta * eta * ks * ks * e * e * gp[a] * gp[b];
                }
            }
            for (int a = 0; a < 2; a++) {
                for (int r = 0; r < 2; r++) {
                    out[m++] = -eta * ks * e * gp[a] * u[2 + r];
                }
            }
            out[m] = 0.5 * clean * clean;
        }, SAMPLES, 13);
        assertZ(est, exact, "erf right-hand side");
    }

    @Test
    void pairKernelsAgreeWithMonteCarlo() {
        double[][] c = {{0.8, 0.3}, {0.3, 1.4}};
        Activation[] acts = {Activation.QUADRATIC, StandardActivation.ERF, StandardActivation.RELU, StandardActivation.ABS};
        double[] exact = new double[acts.length * 2];
        for (int i = 0; i < acts.length; i++) {
            PairKernel k = PairKernel.of(acts[i]);
            exact[2 * i] = k.value(c[0][0], c[1][1], c[0][1]);
            exact[2 * i + 1] = k.value(c[1][1], c[1][1], c[1][1]);
        }
        GaussianMonteCarlo.Estimate[] est = new GaussianMonteCarlo(c).estimate(exact.length, (u, out) -> {
            for (int i = 0; i < acts.length; i++) {
                out[2 * i] = acts[i].value(u[0]) * acts[i].value(u[1]);
                out[2 * i + 1] = acts[i].value(u[1]) * acts[i].value(u[1]);
            }
        }, SAMPLES, 17);
        assertZ(est, exact, "pair kernels");
    }
}
