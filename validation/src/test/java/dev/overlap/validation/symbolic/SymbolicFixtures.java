package dev.overlap.validation.symbolic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import dev.overlap.model.Overlaps;

/** Helpers of the symbolic right-hand-side tests (the same draws as the ode tests' fixtures). */
final class SymbolicFixtures {

    private SymbolicFixtures() {
    }

    /** C = A Aᵀ / n with A n×n, entries uniform in (−1, 1): symmetric positive semi-definite. */
    static double[][] randomCovariance(int n, SplittableRandom rng) {
        double[][] a = new double[n][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextDouble(-1, 1);
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    c[i][j] += a[i][k] * a[j][k];
                }
                c[i][j] /= n;
            }
        }
        return c;
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** The (p+p*)² covariance [[Q, R], [Rᵀ, T]] split into its blocks. */
    static Overlaps split(double[][] c, int p) {
        int ps = c.length - p;
        double[][] q = new double[p][p];
        double[][] r = new double[p][ps];
        double[][] t = new double[ps][ps];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                if (i < p && j < p) {
                    q[i][j] = c[i][j];
                } else if (i < p) {
                    r[i][j - p] = c[i][j];
                } else if (j >= p) {
                    t[i - p][j - p] = c[i][j];
                }
            }
        }
        return Overlaps.of(q, r, t);
    }

    /** Asserts max_i |actual_i − expected_i| ≤ rel · max_i |expected_i| (relative error in the sup norm). */
    static void assertVectorClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
        }
        double e = err;
        double s = scale;
        assertTrue(e <= rel * s, () -> what + ": max error " + e + " vs scale " + s + " (relative " + e / s + ")");
    }
}
