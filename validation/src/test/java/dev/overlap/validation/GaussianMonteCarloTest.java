package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * The estimator itself. Expected values: the factor must reproduce C (L Lᵀ = C); second moments E[Λ_iΛ_j] are
 * the entries of C by definition; for Λ₁ ~ N(0, c) the variance of Λ₁² is 2c² (Isserlis: E[Λ⁴] − c² = 3c² − c²),
 * so the standard error of its mean over n samples is c√(2/n).
 */
class GaussianMonteCarloTest {

    private static final double[][] C = {{2.0, 0.6, -0.3}, {0.6, 1.0, 0.2}, {-0.3, 0.2, 0.5}};

    @Test
    void factorReproducesTheCovariance() {
        double[][] l = new GaussianMonteCarlo(C).factor();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += l[i][k] * l[j][k];
                }
                assertEquals(C[i][j], s, 1e-14);
            }
        }
    }

    @Test
    void secondMomentsAreTheCovarianceEntries() {
        GaussianMonteCarlo mc = new GaussianMonteCarlo(C);
        GaussianMonteCarlo.Estimate[] e = mc.estimate(9, (x, out) -> {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    out[i * 3 + j] = x[i] * x[j];
                }
            }
        }, 200_000, 1);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double z = e[i * 3 + j].zScore(C[i][j]);
                assertTrue(Math.abs(z) < 5, "E[Λ" + i + "Λ" + j + "]: z = " + z);
            }
        }
        // the standard error has the predicted size c√(2/n)
        assertEquals(2.0 * Math.sqrt(2.0 / 200_000), e[0].standardError(), 0.02 * 2.0 * Math.sqrt(2.0 / 200_000));
    }

    @Test
    void singularCovarianceIsSampledOnItsSupport() {
        // rank one: Λ = (g, g, −2g)
        double[][] c = {{1, 1, -2}, {1, 1, -2}, {-2, -2, 4}};
        GaussianMonteCarlo mc = new GaussianMonteCarlo(c);
        GaussianMonteCarlo.Estimate e = mc.estimate(x -> Math.abs(x[0] - x[1]) + Math.abs(2 * x[0] + x[2]), 1000, 3);
        assertEquals(0.0, e.mean(), 1e-12);
        GaussianMonteCarlo.Estimate v = mc.estimate(x -> x[2] * x[2], 100_000, 3);
        assertTrue(Math.abs(v.zScore(4.0)) < 5);
    }

    @Test
    void sameSeedSameEstimateOtherSeedOther() {
        GaussianMonteCarlo mc = new GaussianMonteCarlo(C);
        List<ToDoubleFunction<double[]>> fs = List.of(x -> x[0] * x[1], x -> x[2] * x[2] * x[2] * x[2]);
        GaussianMonteCarlo.Estimate[] a = mc.estimate(fs, 10_000, 5);
        GaussianMonteCarlo.Estimate[] b = mc.estimate(fs, 10_000, 5);
        GaussianMonteCarlo.Estimate[] c = mc.estimate(fs, 10_000, 6);
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
        assertTrue(a[0].mean() != c[0].mean());
        // E[Λ₃⁴] = 3 · 0.5²
        assertTrue(Math.abs(a[1].zScore(0.75)) < 5);
    }

    @Test
    void zScoreEdgeCases() {
        GaussianMonteCarlo.Estimate constant = new GaussianMonteCarlo.Estimate(1.0, 0.0, 10);
        assertEquals(0.0, constant.zScore(1.0), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, constant.zScore(0.5), 0.0);
        assertEquals(-2.0, new GaussianMonteCarlo.Estimate(1.0, 0.5, 10).zScore(2.0), 0.0);
    }

    @Test
    void invalidCovariancesAreRejected() {
        assertMessage(() -> new GaussianMonteCarlo(new double[][] {{1, 2}, {2, 1}}), "not positive semi-definite");
        assertMessage(() -> new GaussianMonteCarlo(new double[][] {{1, 0.5}, {0.4, 1}}), "not symmetric");
        assertMessage(() -> new GaussianMonteCarlo(new double[][] {{1, 0}, {0}}), "row 2");
        assertMessage(() -> new GaussianMonteCarlo(new double[][] {{Double.NaN}}), "not finite");
        assertMessage(() -> new GaussianMonteCarlo(new double[0][0]), "non-empty");
        GaussianMonteCarlo mc = new GaussianMonteCarlo(C);
        assertMessage(() -> mc.estimate(x -> 1, 1, 1), "at least 2 samples");
        assertMessage(() -> mc.estimate(0, (x, o) -> { }, 10, 1), "at least one function");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable body, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
