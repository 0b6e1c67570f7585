package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.testing.DenseMatrices;
import dev.overlap.testing.Isserlis;
import dev.overlap.testing.RandomMatrices;

/**
 * The four Gaussian identities of {@link GaussianQuadraticForm} (z = Λᵀ D Λ, D diagonal, Λ ~ N(0, C)):
 * E[z], E[z²], E[z ΛΛᵀ], E[z² ΛΛᵀ].
 *
 * <p>Expected values: an independent brute-force sum over Isserlis pairings ({@link Isserlis#moment}) of the
 * expanded polynomial z = Σ_i d_i Λ_i², e.g. E[z² Λ_j Λ_k] = Σ_{i,l} d_i d_l E[Λ_i Λ_i Λ_l Λ_l Λ_j Λ_k];
 * and, for a rational C and D, exact rational arithmetic: the matrix formulas evaluated in {@link BigFraction}
 * must equal the exact Isserlis sums identically, and the class's doubles must be within 1e-13 of them.
 */
class GaussianQuadraticFormTest {

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,1", "3,2", "2,3", "4,4"})
    void identitiesMatchBruteForceIsserlis(int p, int ps) {
        SplittableRandom rng = new SplittableRandom(1000L * p + ps);
        int n = p + ps;
        for (int trial = 0; trial < 3; trial++) {
            double[][] c = RandomMatrices.randomCovariance(n, rng);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = i < p ? rng.nextDouble(0.1, 1.5) : -rng.nextDouble(0.1, 1.5);
            }
            GaussianQuadraticForm f = new GaussianQuadraticForm(d, n);
            f.compute(DenseMatrices.flatten(c));
            assertRel(Fixtures.bruteForce(c, d, 1, -1, -1), f.meanZ(), 1e-12, "E[z]");
            assertRel(Fixtures.bruteForce(c, d, 2, -1, -1), f.meanZ2(), 1e-12, "E[z²]");
            double[][] ez = new double[n][n];
            double[][] ez2 = new double[n][n];
            double[][] gz = new double[n][n];
            double[][] gz2 = new double[n][n];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    ez[j][k] = Fixtures.bruteForce(c, d, 1, j, k);
                    ez2[j][k] = Fixtures.bruteForce(c, d, 2, j, k);
                    gz[j][k] = f.meanZOuter(j, k);
                    gz2[j][k] = f.meanZ2Outer(j, k);
                }
            }
            assertMatrixRel(ez, gz, 1e-12, "E[zΛΛᵀ]");
            assertMatrixRel(ez2, gz2, 1e-12, "E[z²ΛΛᵀ]");

            // only the leading `rows` rows of E[z²ΛΛᵀ] are computed when asked for fewer
            GaussianQuadraticForm partial = new GaussianQuadraticForm(d, p);
            partial.compute(DenseMatrices.flatten(c));
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < n; k++) {
                    assertEquals(gz2[j][k], partial.meanZ2Outer(j, k), 1e-13 * (1 + Math.abs(gz2[j][k])));
                }
            }
        }
    }

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,1", "2,3", "3,3"})
    void identitiesAreExactInRationalArithmetic(int p, int ps) {
        SplittableRandom rng = new SplittableRandom(77L * p + ps);
        int n = p + ps;
        // C = A Aᵀ / 7 with small integer A: rational, symmetric PSD, not exactly representable in double
        long[][] a = new long[n][n];
        for (long[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextInt(-3, 4);
            }
        }
        BigFraction[][] c = new BigFraction[n][n];
        double[] cFlat = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * a[j][k];
                }
                c[i][j] = new BigFraction(s, 7);
                cFlat[i * n + j] = c[i][j].doubleValue();
            }
        }
        BigFraction[] d = new BigFraction[n];
        double[] dd = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < p ? new BigFraction(1, p) : new BigFraction(-1, ps + 2);
            dd[i] = d[i].doubleValue();
        }

        // matrix closed forms in exact arithmetic
        BigFraction[][] dc = new BigFraction[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dc[i][j] = d[i].multiply(c[i][j]);
            }
        }
        BigFraction trDC = BigFraction.ZERO;
        for (int i = 0; i < n; i++) {
            trDC = trDC.add(dc[i][i]);
        }
        BigFraction[][] dcdc = mul(dc, dc);
        BigFraction trDCDC = BigFraction.ZERO;
        for (int i = 0; i < n; i++) {
            trDCDC = trDCDC.add(dcdc[i][i]);
        }
        BigFraction[][] cdc = mul(c, dc);
        BigFraction[][] cdcdc = mul(cdc, dc);
        BigFraction ez2 = trDC.multiply(trDC).add(trDCDC.multiply(2));

        // exact Isserlis sums
        BigFraction isZ = BigFraction.ZERO;
        BigFraction isZ2 = BigFraction.ZERO;
        for (int i = 0; i < n; i++) {
            isZ = isZ.add(d[i].multiply(Isserlis.moment(c, i, i)));
            for (int l = 0; l < n; l++) {
                isZ2 = isZ2.add(d[i].multiply(d[l]).multiply(Isserlis.moment(c, i, i, l, l)));
            }
        }
        assertEquals(isZ, trDC, "E[z] exact");
        assertEquals(isZ2, ez2, "E[z²] exact");

        GaussianQuadraticForm f = new GaussianQuadraticForm(dd, n);
        f.compute(cFlat);
        assertRel(trDC.doubleValue(), f.meanZ(), 1e-13, "E[z] double");
        assertRel(ez2.doubleValue(), f.meanZ2(), 1e-13, "E[z²] double");
        assertRel(trDCDC.doubleValue(), f.traceDCDC(), 1e-13, "tr DCDC double");

        double[][] exact1 = new double[n][n];
        double[][] exact2 = new double[n][n];
        double[][] got1 = new double[n][n];
        double[][] got2 = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                BigFraction m1 = trDC.multiply(c[j][k]).add(cdc[j][k].multiply(2));
                BigFraction m2 = ez2.multiply(c[j][k]).add(trDC.multiply(cdc[j][k]).multiply(4))
                        .add(cdcdc[j][k].multiply(8));
                BigFraction i1 = BigFraction.ZERO;
                BigFraction i2 = BigFraction.ZERO;
                for (int i = 0; i < n; i++) {
                    i1 = i1.add(d[i].multiply(Isserlis.moment(c, i, i, j, k)));
                    for (int l = 0; l < n; l++) {
                        i2 = i2.add(d[i].multiply(d[l]).multiply(Isserlis.moment(c, i, i, l, l, j, k)));
                    }
                }
                assertEquals(i1, m1, "E[zΛΛᵀ] exact at " + j + "," + k);
                assertEquals(i2, m2, "E[z²ΛΛᵀ] exact at " + j + "," + k);
                exact1[j][k] = m1.doubleValue();
                exact2[j][k] = m2.doubleValue();
                got1[j][k] = f.meanZOuter(j, k);
                got2[j][k] = f.meanZ2Outer(j, k);
            }
        }
        assertMatrixRel(exact1, got1, 1e-13, "E[zΛΛᵀ] double");
        assertMatrixRel(exact2, got2, 1e-13, "E[z²ΛΛᵀ] double");
    }

    private static BigFraction[][] mul(BigFraction[][] x, BigFraction[][] y) {
        int n = x.length;
        BigFraction[][] z = new BigFraction[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigFraction s = BigFraction.ZERO;
                for (int k = 0; k < n; k++) {
                    s = s.add(x[i][k].multiply(y[k][j]));
                }
                z[i][j] = s;
            }
        }
        return z;
    }

    private static void assertRel(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(actual - expected) <= rel * Math.abs(expected),
                () -> what + ": expected " + expected + ", got " + actual);
    }

    /** Entry-wise, relative to the largest entry of the expected matrix (entries can cancel to ≈ 0). */
    private static void assertMatrixRel(double[][] expected, double[][] actual, double rel, String what) {
        double scale = 0;
        for (double[] row : expected) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                double e = expected[i][j];
                double g = actual[i][j];
                double tol = rel * Math.max(Math.abs(e), scale);
                int ii = i;
                int jj = j;
                assertTrue(Math.abs(g - e) <= tol,
                        () -> what + "[" + ii + "][" + jj + "]: expected " + e + ", got " + g);
            }
        }
    }
}
