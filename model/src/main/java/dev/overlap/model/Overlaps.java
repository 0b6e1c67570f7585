package dev.overlap.model;

import java.util.Arrays;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * The order parameters of a teacher–student pair: Q = W Wᵀ/N (p×p, student–student),
 * R = W W*ᵀ/N (p×p*, student–teacher) and T = W* W*ᵀ/N (p*×p*, teacher–teacher). Indices in the
 * accessors are 0-based; names written for users ({@code Q_1_2}) are 1-based.
 *
 * <p>Together they form the covariance C = [[Q, R], [Rᵀ, T]] of the local fields (λ, ν), which must be
 * symmetric positive semi-definite for the state to be realisable by weights.
 *
 * <p>The flat ODE state layout used by every module is: the upper triangle of Q row by row
 * (Q_11, Q_12, …, Q_1p, Q_22, …, Q_pp), then R row-major (R_11, …, R_1p*, R_21, …, R_pp*). T is constant
 * in time and not part of the state.
 */
public final class Overlaps {

    /** Relative tolerance on asymmetry and on negative eigenvalues of C in validated input. */
    public static final double INPUT_TOLERANCE = 1e-9;

    private final int p;
    private final int pstar;
    private final double[][] q;
    private final double[][] r;
    private final double[][] t;

    private Overlaps(double[][] q, double[][] r, double[][] t) {
        this.p = q.length;
        this.pstar = t.length;
        this.q = q;
        this.r = r;
        this.t = t;
    }

    /**
     * Validated construction from user input: sizes, finite entries, symmetry of Q and T (to
     * {@link #INPUT_TOLERANCE} relative, then symmetrised) and positive semi-definiteness of C.
     *
     * @return the validated overlaps, with Q and T symmetrised
     * @throws SpecException naming the first violated condition
     */
    public static Overlaps of(double[][] qIn, double[][] rIn, double[][] tIn) {
        if (qIn == null || qIn.length == 0) {
            throw new SpecException("Q must be a non-empty p×p matrix");
        }
        if (tIn == null || tIn.length == 0) {
            throw new SpecException("T must be a non-empty p*×p* matrix");
        }
        int p = qIn.length;
        int ps = tIn.length;
        checkShape("Q", qIn, p, p);
        checkShape("T", tIn, ps, ps);
        if (rIn == null) {
            throw new SpecException("R is missing: it must be a " + p + "×" + ps + " matrix");
        }
        checkShape("R", rIn, p, ps);
        double[][] q = symmetrised("Q", qIn);
        double[][] t = symmetrised("T", tIn);
        double[][] r = copy(rIn);
        Overlaps o = new Overlaps(q, r, t);
        double minEig = o.smallestCovarianceEigenvalue();
        double scale = Math.max(1.0, maxAbs(o.covariance()));
        if (minEig < -INPUT_TOLERANCE * scale) {
            throw new SpecException(String.format(java.util.Locale.ROOT,
                    "the covariance C = [[Q, R], [Rᵀ, T]] is not positive semi-definite (smallest eigenvalue %.6g):"
                            + " no weights have these overlaps", minEig));
        }
        return o;
    }

    /**
     * Trusted construction from a flat ODE state (no validation; T is copied).
     *
     * @return the overlaps of the flat state y (upper triangle of Q, then R row-major) with teacher overlap T
     */
    public static Overlaps fromState(int p, int pstar, double[] y, double[][] t) {
        double[][] q = new double[p][p];
        double[][] r = new double[p][pstar];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                q[a][b] = y[k];
                q[b][a] = y[k];
                k++;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < pstar; s++) {
                r[a][s] = y[k++];
            }
        }
        return new Overlaps(q, r, copy(t));
    }

    /**
     * Writes the Q and R blocks of the covariance C = [[Q, R], [Rᵀ, T]] of a flat state y into a row-major
     * (p+p*)² array, leaving the T block untouched; allocates nothing (for right-hand sides in hot loops).
     */
    public static void loadCovariance(int p, int pstar, double[] y, double[] cov) {
        int n = p + pstar;
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                cov[a * n + b] = y[k];
                cov[b * n + a] = y[k];
                k++;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < pstar; r++) {
                cov[a * n + p + r] = y[k];
                cov[(p + r) * n + a] = y[k];
                k++;
            }
        }
    }

    /**
     * Number of entries of the flat state: p(p+1)/2 + p·p*.
     *
     * @return p(p+1)/2 + p·p*
     */
    public static int stateDimension(int p, int pstar) {
        return StateLayout.dimensionOf(p, pstar);
    }

    /**
     * Column names of the flat state, 1-based: {@code Q_1_1, Q_1_2, …, Q_p_p, R_1_1, …, R_p_pstar}.
     *
     * @return the p(p+1)/2 + p·p* names, in the order of {@link #toState()}
     */
    public static String[] stateNames(int p, int pstar) {
        String[] names = new String[stateDimension(p, pstar)];
        int k = 0;
        for (int a = 1; a <= p; a++) {
            for (int b = a; b <= p; b++) {
                names[k++] = "Q_" + a + "_" + b;
            }
        }
        for (int a = 1; a <= p; a++) {
            for (int s = 1; s <= pstar; s++) {
                names[k++] = "R_" + a + "_" + s;
            }
        }
        return names;
    }

    /**
     * The flat state (upper triangle of Q, then R row-major).
     *
     * @return a new array of length {@link #stateDimension}: Q's upper triangle row by row, then R row-major
     */
    public double[] toState() {
        double[] y = new double[stateDimension(p, pstar)];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                y[k++] = q[a][b];
            }
        }
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < pstar; s++) {
                y[k++] = r[a][s];
            }
        }
        return y;
    }

    /**
     * A copy with R replaced by zero: the unspecialised subspace, which the dynamics leaves invariant.
     *
     * @return the overlaps with the same Q and T and R = 0
     */
    public Overlaps withZeroStudentTeacherOverlap() {
        return new Overlaps(copy(q), new double[p][pstar], copy(t));
    }

    public int p() {
        return p;
    }

    public int pstar() {
        return pstar;
    }

    /**
     * Q[a][b], 0-based.
     *
     * @return the student–student overlap Q_ab
     */
    public double q(int a, int b) {
        return q[a][b];
    }

    /**
     * R[a][r], 0-based.
     *
     * @return the student–teacher overlap R_as
     */
    public double r(int a, int s) {
        return r[a][s];
    }

    /**
     * T[r][s], 0-based.
     *
     * @return the teacher–teacher overlap T_rs
     */
    public double t(int r1, int r2) {
        return t[r1][r2];
    }

    /**
     * A copy of Q.
     *
     * @return Q as a new p×p array
     */
    public double[][] studentOverlap() {
        return copy(q);
    }

    /**
     * A copy of R.
     *
     * @return R as a new p×p* array
     */
    public double[][] studentTeacherOverlap() {
        return copy(r);
    }

    /**
     * A copy of T.
     *
     * @return T as a new p*×p* array
     */
    public double[][] teacherOverlap() {
        return copy(t);
    }

    /**
     * The covariance of the local fields (λ, ν): C = [[Q, R], [Rᵀ, T]], of size (p+p*)².
     *
     * @return C as a new (p+p*)×(p+p*) array
     */
    public double[][] covariance() {
        int n = p + pstar;
        double[][] c = new double[n][n];
        for (int a = 0; a < p; a++) {
            System.arraycopy(q[a], 0, c[a], 0, p);
            for (int s = 0; s < pstar; s++) {
                c[a][p + s] = r[a][s];
                c[p + s][a] = r[a][s];
            }
        }
        for (int s = 0; s < pstar; s++) {
            System.arraycopy(t[s], 0, c[p + s], p, pstar);
        }
        return c;
    }

    /**
     * Smallest eigenvalue of C.
     *
     * @return the smallest eigenvalue of C (negative when C is not positive semi-definite)
     */
    public double smallestCovarianceEigenvalue() {
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(covariance())).getEigenvalues();
        double min = Double.POSITIVE_INFINITY;
        for (double v : ev) {
            min = Math.min(min, v);
        }
        return min;
    }

    /**
     * Frobenius norm of R: the size of the student–teacher alignment.
     *
     * @return ‖R‖_F = √(Σ_as R_as²) ≥ 0
     */
    public double studentTeacherNorm() {
        double s = 0;
        for (double[] row : r) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Overlaps other)) {
            return false;
        }
        return Arrays.deepEquals(q, other.q) && Arrays.deepEquals(r, other.r) && Arrays.deepEquals(t, other.t);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {q, r, t});
    }

    @Override
    public String toString() {
        return "Overlaps{Q=" + Arrays.deepToString(q) + ", R=" + Arrays.deepToString(r) + ", T="
                + Arrays.deepToString(t) + "}";
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static double maxAbs(double[][] m) {
        double x = 0;
        for (double[] row : m) {
            for (double v : row) {
                x = Math.max(x, Math.abs(v));
            }
        }
        return x;
    }

    private static void checkShape(String name, double[][] m, int rows, int cols) {
        if (m.length != rows) {
            throw new SpecException(name + " has " + m.length + " rows, expected " + rows);
        }
        for (int i = 0; i < rows; i++) {
            if (m[i] == null || m[i].length != cols) {
                throw new SpecException(name + " row " + (i + 1) + " has "
                        + (m[i] == null ? 0 : m[i].length) + " entries, expected " + cols);
            }
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new SpecException(name + "[" + (i + 1) + "," + (j + 1) + "] is not a finite number ("
                            + m[i][j] + ")");
                }
            }
        }
    }

    private static double[][] symmetrised(String name, double[][] m) {
        int n = m.length;
        double scale = Math.max(1.0, maxAbs(m));
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (Math.abs(m[i][j] - m[j][i]) > INPUT_TOLERANCE * scale) {
                    throw new SpecException(name + " is not symmetric: " + name + "[" + (i + 1) + "," + (j + 1) + "] = "
                            + m[i][j] + " but " + name + "[" + (j + 1) + "," + (i + 1) + "] = " + m[j][i]);
                }
                s[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return s;
    }
}
