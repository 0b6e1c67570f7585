package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;

/**
 * {@link QuadraticLossHessian}: value and gradient against {@link PopulationLoss} (pair kernels, shares no
 * code), the exact Hessian against {@link PopulationLoss#hessian} (central differences of the exact gradient).
 */
class QuadraticLossHessianTest {

    private static double[][] random(int rows, int n, double scale, SplittableRandom rng) {
        double[][] w = new double[rows][n];
        for (double[] row : w) {
            for (int k = 0; k < n; k++) {
                row[k] = scale * (2 * rng.nextDouble() - 1);
            }
        }
        return w;
    }

    @ParameterizedTest(name = "{0} p={1} p*={2} N={3}")
    @CsvSource({"MEAN,1,1,4", "MEAN,2,1,5", "MEAN,3,2,7", "SUM,2,2,6", "SQRT,4,2,8"})
    void exactHessianMatchesFiniteDifferences(Normalisation norm, int p, int ps, int n) {
        SplittableRandom rng = new SplittableRandom(31L * p + 7L * ps + norm.ordinal());
        ModelSpec spec = Fixtures.spec(p, ps, norm, 0.1, 0.0, false);
        double[][] w = random(p, n, 1.5, rng);
        double[][] ws = random(ps, n, 1.5, rng);
        PopulationLoss loss = new PopulationLoss(spec);
        QuadraticLossHessian exact = new QuadraticLossHessian(spec);

        double l = loss.value(w, ws);
        assertEquals(l, exact.value(w, ws), 1e-12 * Math.max(1, Math.abs(l)));
        double[][] g = loss.gradient(w, ws);
        double[][] ge = exact.gradient(w, ws);
        double gScale = 0;
        for (double[] row : g) {
            for (double v : row) {
                gScale = Math.max(gScale, Math.abs(v));
            }
        }
        for (int a = 0; a < p; a++) {
            for (int k = 0; k < n; k++) {
                assertEquals(g[a][k], ge[a][k], 1e-12 * Math.max(1, gScale));
            }
        }
        double[][] hFd = loss.hessian(w, ws);
        double[][] h = exact.hessian(w, ws);
        double scale = 0;
        for (double[] row : h) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < h.length; j++) {
                assertEquals(h[i][j], h[j][i], 0, "exact Hessian symmetric");
                assertEquals(hFd[i][j], h[i][j], 1e-6 * scale, "entry " + i + "," + j);
            }
        }
    }
}
