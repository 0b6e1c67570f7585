package dev.overlap.testing;

/** Small dense-matrix helpers on {@code double[][]} (row-major), written out so that tests need no library. */
public final class DenseMatrices {

    private DenseMatrices() {
    }

    /**
     * The n×n identity.
     *
     * @return a new matrix with ones on the diagonal and zeros elsewhere
     */
    public static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /**
     * The product (AB)_ij = Σ_k A_ik B_kj.
     *
     * @return a new matrix with the rows of {@code a} and the columns of {@code b}
     */
    public static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    /**
     * The transpose (Aᵀ)_ji = A_ij.
     *
     * @return a new matrix
     */
    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /**
     * The rows of a square matrix one after the other: out[i n + j] = c[i][j].
     *
     * @return a new array of length n²
     */
    public static double[] flatten(double[][] c) {
        int n = c.length;
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c[i], 0, out, i * n, n);
        }
        return out;
    }

    /**
     * The relative error in the sup norm, max_i |actual_i − expected_i| / max_i |expected_i|.
     *
     * @return the largest deviation relative to the largest expected magnitude
     */
    public static double relativeSupError(double[] expected, double[] actual) {
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
        }
        return err / scale;
    }
}
