package dev.overlap.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

/**
 * The random fixtures have the properties the tests rely on: covariances symmetric positive definite (smallest
 * eigenvalue, computed by Hipparchus, above the ridge), deterministic in the seed, scale and ridge applied as
 * stated; orthogonal matrices with QᵀQ = I; Gaussian draws with mean 0 and variance 1 (200 000 draws, fixed seed,
 * |z| &lt; 5: a false alarm has probability below 1e-6 per check).
 */
class RandomMatricesTest {

    @Test
    void covariancesAreSymmetricPositiveDefinite() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n = 1; n <= 8; n++) {
            for (int rep = 0; rep < 20; rep++) {
                double[][] c = RandomMatrices.randomCovariance(n, rng);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(c[i][j], c[j][i], 0.0, "symmetric");
                    }
                }
                double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(c)).getEigenvalues();
                double min = ev[ev.length - 1];
                assertTrue(min > 0, "n = " + n + ": smallest eigenvalue " + min);
                // entries of A A^T / n are averages of products of U(-1, 1) draws: |c_ij| <= 1
                for (double[] row : c) {
                    for (double x : row) {
                        assertTrue(Math.abs(x) <= 1);
                    }
                }
            }
        }
    }

    @Test
    void sameSeedSameMatrixAndScaleAndRidgeAsStated() {
        double[][] base = RandomMatrices.randomCovariance(5, new SplittableRandom(3));
        assertArrayEquals(base, RandomMatrices.randomCovariance(5, new SplittableRandom(3)));
        double[][] scaled = RandomMatrices.randomCovariance(5, new SplittableRandom(3), 2, 0.25);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                // 2x and adding 0.25 are exact in binary floating point at these magnitudes
                assertEquals(2 * base[i][j] + (i == j ? 0.25 : 0), scaled[i][j], 0.0);
            }
        }
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(scaled)).getEigenvalues();
        assertTrue(ev[ev.length - 1] > 0.25, "the ridge bounds the spectrum below");
    }

    @Test
    void covarianceOfOneFieldIsTheMeanSquareOfItsDraw() {
        // n = 1: C = a² with a the first U(-1, 1) draw of the same seed
        double a = new SplittableRandom(8).nextDouble(-1, 1);
        assertEquals(a * a, RandomMatrices.randomCovariance(1, new SplittableRandom(8))[0][0], 0.0);
    }

    @Test
    void orthogonalMatricesAreOrthogonal() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n = 1; n <= 7; n++) {
            double[][] q = RandomMatrices.randomOrthogonal(n, rng);
            double[][] qtq = DenseMatrices.multiply(DenseMatrices.transpose(q), q);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? 1 : 0, qtq[i][j], 1e-13, "(QᵀQ)[" + i + "][" + j + "], n = " + n);
                }
            }
        }
    }

    @Test
    void gaussianDrawsHaveMeanZeroVarianceOneAndKurtosisThree() {
        SplittableRandom rng = new SplittableRandom(2026);
        int m = 200_000;
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        for (int i = 0; i < m; i++) {
            double z = RandomMatrices.gaussian(rng);
            s1 += z;
            s2 += z * z;
            s4 += z * z * z * z;
        }
        // standard errors from the N(0, 1) moments: Var z = 1, Var z² = 2, Var z⁴ = 105 − 9 = 96
        assertTrue(Math.abs(s1 / m) < 5 * Math.sqrt(1.0 / m), "mean " + s1 / m);
        assertTrue(Math.abs(s2 / m - 1) < 5 * Math.sqrt(2.0 / m), "variance " + s2 / m);
        assertTrue(Math.abs(s4 / m - 3) < 5 * Math.sqrt(96.0 / m), "fourth moment " + s4 / m);
    }
}
