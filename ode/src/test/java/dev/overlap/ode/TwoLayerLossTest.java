package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.testing.RandomMatrices;

class TwoLayerLossTest {

    private static double[][] gaussian(int rows, int n, SplittableRandom rng) {
        double[][] w = new double[rows][n];
        for (double[] row : w) {
            for (int k = 0; k < n; k++) {
                row[k] = RandomMatrices.gaussian(rng);
            }
        }
        return w;
    }

    private static double[] vector(int m, SplittableRandom rng) {
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = 0.5 + rng.nextDouble();
        }
        return a;
    }

    /** The exact gradient (W and a) against a central difference of the value, for every kernel. */
    @ParameterizedTest
    @ValueSource(strings = {"quadratic", "erf", "relu", "abs"})
    void gradientMatchesFiniteDifferences(String act) {
        SplittableRandom rng = new SplittableRandom(5);
        TwoLayerLoss loss = new TwoLayerLoss(Activation.parse(act));
        int n = 5;
        double[][] w = gaussian(3, n, rng);
        double[] a = vector(3, rng);
        double[][] v = gaussian(2, n, rng);
        double[] b = vector(2, rng);
        double[] g = loss.gradient(w, a, v, b, true);
        assertEquals(3 * n + 3, g.length);
        for (int k = 0; k < g.length; k++) {
            double h = 1e-6;
            double fp;
            double fm;
            if (k < 3 * n) {
                double x0 = w[k / n][k % n];
                w[k / n][k % n] = x0 + h;
                fp = loss.value(w, a, v, b);
                w[k / n][k % n] = x0 - h;
                fm = loss.value(w, a, v, b);
                w[k / n][k % n] = x0;
            } else {
                double x0 = a[k - 3 * n];
                a[k - 3 * n] = x0 + h;
                fp = loss.value(w, a, v, b);
                a[k - 3 * n] = x0 - h;
                fm = loss.value(w, a, v, b);
                a[k - 3 * n] = x0;
            }
            assertEquals((fp - fm) / (2 * h), g[k], 1e-7 * (1 + Math.abs(g[k])), act + " component " + k);
        }
    }

    /** With a = κ_s and b = κ_t it is the fixed-second-layer population loss. */
    @Test
    void reducesToPopulationLoss() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).activation(Activation.parse("erf")).build();
        SplittableRandom rng = new SplittableRandom(9);
        double[][] w = gaussian(3, 6, rng);
        double[][] v = gaussian(2, 6, rng);
        double[] a = {spec.kappaStudent(), spec.kappaStudent(), spec.kappaStudent()};
        double[] b = {spec.kappaTeacher(), spec.kappaTeacher()};
        TwoLayerLoss loss = new TwoLayerLoss(spec.activation());
        PopulationLoss pop = new PopulationLoss(spec);
        assertEquals(pop.value(w, v), loss.value(w, a, v, b), 1e-15);
        double[][] gw = loss.gradientW(w, a, v, b);
        double[][] gp = pop.gradient(w, v);
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 6; k++) {
                assertEquals(gp[i][k], gw[i][k], 1e-15);
            }
        }
    }

    /**
     * At a zero-loss point the Hessian is the Gauss–Newton matrix E[∇f ∇fᵀ]; for σ(z) = z² its trace is, by
     * Isserlis, Σ_i (3 q_i² + 4 a_i² q_i (1 + 2/N)) with q_i = |w_i|²/N (the 3q² terms only when a is trained).
     * Zero loss here: the students are a duplicated teacher neuron with split output weight plus an idle neuron.
     */
    @Test
    void quadraticHessianTraceAtAMinimumMatchesIsserlis() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 4;
        double[][] v = gaussian(2, n, rng);
        double[] b = {1.3, 0.7};
        double[][] w = {v[0].clone(), v[0].clone(), v[1].clone(), gaussian(1, n, rng)[0]};
        double[] a = {0.4, 0.9, 0.7, 0.0};
        TwoLayerLoss loss = new TwoLayerLoss(Activation.parse("quadratic"));
        assertEquals(0, loss.value(w, a, v, b), 1e-13);
        for (boolean train : new boolean[] {false, true}) {
            double[][] h = loss.hessian(w, a, v, b, train);
            double trace = 0;
            for (int k = 0; k < h.length; k++) {
                trace += h[k][k];
            }
            double expected = 0;
            for (int i = 0; i < w.length; i++) {
                double q = 0;
                for (double x : w[i]) {
                    q += x * x / n;
                }
                expected += 4 * a[i] * a[i] * q * (1 + 2.0 / n) + (train ? 3 * q * q : 0);
            }
            assertEquals(expected, trace, 1e-6 * expected, "train output " + train);
        }
    }

    /** Gradient flow lowers the loss monotonically and stops at the threshold. */
    @Test
    void gradientFlowReachesThreshold() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4;
        double[][] v = gaussian(2, n, rng);
        double[] b = {1, 1};
        double[][] w = gaussian(3, n, rng);
        double[] a = {0.5, 0.5, 0.5};
        TwoLayerLoss loss = new TwoLayerLoss(Activation.parse("erf"));
        TwoLayerGradientFlow flow = new TwoLayerGradientFlow(loss, true, 1e-9);
        double[] times = new double[201];
        for (int k = 0; k < times.length; k++) {
            times[k] = 5.0 * k;
        }
        double l0 = loss.value(w, a, v, b);
        TwoLayerGradientFlow.Run run = flow.integrate(new TwoLayerGradientFlow.Params(w, a), v, b, times, l0 * 1e-2);
        for (int k = 1; k < run.losses().length; k++) {
            assertTrue(run.losses()[k] <= run.losses()[k - 1] * (1 + 1e-9), "monotone at " + k);
        }
        assertTrue(run.timeToThreshold() > 0, "reached the threshold");
        TwoLayerGradientFlow.Params end = run.last();
        assertEquals(l0 * 1e-2, loss.value(end.w(), end.a(), v, b), l0 * 1e-2 * 1e-6);
    }
}
