package dev.overlap.testing;

import java.util.SplittableRandom;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/** Seeded random vectors and matrices for tests: Gaussian draws, covariances, orthogonal matrices. */
public final class RandomMatrices {

    private RandomMatrices() {
    }

    /**
     * One standard normal draw by Box–Muller, z = √(−2 ln(1 − u)) cos(2π v) with u, v uniform in [0, 1) taken
     * in that order from {@code rng} (two draws per call).
     *
     * @return a draw of N(0, 1)
     */
    public static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * C = A Aᵀ / n with A n×n, entries uniform in (−1, 1) drawn row by row: symmetric and (almost surely)
     * positive definite, with entries of order 1/3.
     *
     * @return the n×n covariance
     */
    public static double[][] randomCovariance(int n, SplittableRandom rng) {
        return randomCovariance(n, rng, 1, 0);
    }

    /**
     * C = scale · (A Aᵀ / n) + ridge · I with A n×n, entries uniform in (−1, 1) drawn row by row (the same
     * draws as {@link #randomCovariance(int, SplittableRandom)}); the ridge bounds the smallest eigenvalue below
     * by {@code ridge}.
     *
     * @return the n×n covariance
     */
    public static double[][] randomCovariance(int n, SplittableRandom rng, double scale, double ridge) {
        double[][] a = new double[n][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextDouble(-1, 1);
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * a[j][k];
                }
                c[i][j] = scale * (s / n) + (i == j ? ridge : 0);
            }
        }
        return c;
    }

    /**
     * The Q factor of the QR decomposition of an n×n matrix of independent {@link #gaussian} draws (row by row).
     *
     * @return an n×n orthogonal matrix
     */
    public static double[][] randomOrthogonal(int n, SplittableRandom rng) {
        RealMatrix g = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g.setEntry(i, j, gaussian(rng));
            }
        }
        return new QRDecomposition(g).getQ().getData();
    }
}
