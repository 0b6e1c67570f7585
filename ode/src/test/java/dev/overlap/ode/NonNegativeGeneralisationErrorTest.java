package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * ε_g of the quadratic network in the sum-of-squares form ½[(tr DC)² + 2‖LᵀDL‖²]: equal to the direct form
 * ½[(tr DC)² + 2 tr(DCDC)] where that is accurate, quadratic in the distance to the zero-loss manifold down to
 * ε_g ≈ 10⁻¹², and never negative, also on the manifold and below the rounding level of C.
 */
class NonNegativeGeneralisationErrorTest {

    /** C = UUᵀ for a random (n × m) U: positive semi-definite, of rank min(n, m). */
    private static double[] gram(double[][] u) {
        int n = u.length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < u[i].length; k++) {
                    s += u[i][k] * u[j][k];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void equalsTheDirectFormAwayFromTheManifold() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int rep = 0; rep < 200; rep++) {
            int p = 1 + rng.nextInt(5);
            int ps = 1 + rng.nextInt(3);
            int n = p + ps;
            double[][] u = new double[n][n + 2];
            for (double[] row : u) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = rng.nextGaussian() / Math.sqrt(row.length);
                }
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = i < p ? 1.0 / p : -1.0 / ps;
            }
            GaussianQuadraticForm f = new GaussianQuadraticForm(d, p);
            double[] c = gram(u);
            f.compute(c);
            assertEquals(f.meanZ2(), f.meanZ2NonNegative(c), 1e-12 * f.meanZ2(), "rep " + rep);
        }
    }

    /**
     * Student = teacher rotated, W = O W*, in 200 random orthonormal bases of R³ (p = p* = 2, sum normalisation):
     * C has rounding in every entry, the direct form comes out negative in some of the cases, the sum of squares in
     * none.
     */
    @Test
    void onTheManifoldInARandomBasisItIsNeverNegativeWhereTheDirectFormIs() {
        double[] d = {1, 1, -1, -1};
        GaussianQuadraticForm f = new GaussianQuadraticForm(d, 2);
        SplittableRandom rng = new SplittableRandom(4);
        int directNegative = 0;
        for (int rep = 0; rep < 200; rep++) {
            double[][] t = new double[2][3];
            for (double[] row : t) {
                for (int k = 0; k < 3; k++) {
                    row[k] = rng.nextGaussian();
                }
            }
            double n0 = Math.sqrt(t[0][0] * t[0][0] + t[0][1] * t[0][1] + t[0][2] * t[0][2]);
            for (int k = 0; k < 3; k++) {
                t[0][k] /= n0;
            }
            double dot = t[0][0] * t[1][0] + t[0][1] * t[1][1] + t[0][2] * t[1][2];
            for (int k = 0; k < 3; k++) {
                t[1][k] -= dot * t[0][k];
            }
            double n1 = Math.sqrt(t[1][0] * t[1][0] + t[1][1] * t[1][1] + t[1][2] * t[1][2]);
            for (int k = 0; k < 3; k++) {
                t[1][k] /= n1;
            }
            // the student is the teacher rotated in the student plane: W = O W*, a point of the zero-loss manifold
            double theta = 2 * Math.PI * rng.nextDouble();
            double[][] w = new double[2][3];
            for (int k = 0; k < 3; k++) {
                w[0][k] = Math.cos(theta) * t[0][k] - Math.sin(theta) * t[1][k];
                w[1][k] = Math.sin(theta) * t[0][k] + Math.cos(theta) * t[1][k];
            }
            double[] c = gram(new double[][] {w[0], w[1], t[0], t[1]});
            f.compute(c);
            if (f.meanZ2() < 0) {
                directNegative++;
            }
            double e = f.meanZ2NonNegative(c);
            assertTrue(e >= 0 && e < 1e-28, "rep " + rep + ": " + e);
        }
        assertTrue(directNegative > 0, "the direct form was never negative: the case does not test anything");
    }

    /**
     * On the manifold: student = teacher (p = p* = 2, sum normalisation), the fields are λ = ν, so z ≡ 0 and C is
     * singular. Moving the student by δ along a fixed direction makes ε_g exactly quadratic in δ (z is linear in δ to
     * first order, with an O(δ²) term), so ε(δ)/ε(δ/10) = 100 (1 + O(δ)).
     */
    @Test
    void isNeverNegativeAndQuadraticInTheDistanceToTheManifold() {
        double[] d = {1, 1, -1, -1};
        GaussianQuadraticForm f = new GaussianQuadraticForm(d, 2);
        double[][] teacher = {{1, 0, 0}, {0, 1, 0}};
        double[][] shift = {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}};
        double previous = Double.NaN;
        for (double delta = 1e-3; delta >= 1e-9; delta /= 10) {
            double[][] u = new double[4][];
            for (int a = 0; a < 2; a++) {
                u[a] = new double[3];
                for (int k = 0; k < 3; k++) {
                    u[a][k] = teacher[a][k] + delta * shift[a][k];
                }
            }
            u[2] = teacher[0].clone();
            u[3] = teacher[1].clone();
            double e = f.meanZ2NonNegative(gram(u));
            assertTrue(e >= 0, "δ = " + delta + ": " + e);
            if (!Double.isNaN(previous) && delta >= 0.99e-6) {
                assertEquals(100, previous / e, 100 * 2e-2, "δ = " + delta);
            }
            previous = e;
        }
        double[][] exact = {teacher[0], teacher[1], teacher[0], teacher[1]};
        double e0 = f.meanZ2NonNegative(gram(exact));
        assertTrue(e0 >= 0 && e0 < 1e-28, "on the manifold: " + e0);
    }
}
