package dev.overlap.ode;

/**
 * The lower Cholesky factor L of a positive semi-definite matrix C = LLᵀ, with the zero-pivot rule the finite-N and
 * quadratic-form code share: a pivot at or below 10⁻¹⁴·n·max_i C_ii (rounding of a singular C) zeroes its column.
 * Row-major n·n arrays; only the diagonal and the lower triangle of C are read; the upper triangle of L is zeroed.
 * Allocation-free.
 */
public final class ClampedCholesky {

    private ClampedCholesky() {
    }

    /** Writes L for C (n×n) into {@code l}. */
    public static void factor(double[] c, int n, double[] l) {
        double top = 0;
        for (int i = 0; i < n; i++) {
            top = Math.max(top, c[i * n + i]);
        }
        double tol = 1e-14 * n * top;
        for (int j = 0; j < n; j++) {
            double pivot = c[j * n + j];
            for (int k = 0; k < j; k++) {
                pivot -= l[j * n + k] * l[j * n + k];
            }
            if (pivot > tol) {
                double root = Math.sqrt(pivot);
                l[j * n + j] = root;
                for (int i = j + 1; i < n; i++) {
                    double v = c[i * n + j];
                    for (int k = 0; k < j; k++) {
                        v -= l[i * n + k] * l[j * n + k];
                    }
                    l[i * n + j] = v / root;
                }
            } else {
                for (int i = j; i < n; i++) {
                    l[i * n + j] = 0.0;
                }
            }
            for (int k = j + 1; k < n; k++) {
                l[j * n + k] = 0.0;
            }
        }
    }
}
