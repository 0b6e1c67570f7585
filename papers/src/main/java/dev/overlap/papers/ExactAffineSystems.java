package dev.overlap.papers;

import java.util.ArrayList;
import java.util.List;

/**
 * Affine systems A θ = b with integer entries, stored as augmented rows [A | b], decided in exact arithmetic: ranks
 * by fraction-free elimination, dimensions of solution sets, and whether two systems have a common solution. Used to
 * instantiate the global-minimum subspaces Γ_π of {@link Simsek2021} on an integer network.
 */
final class ExactAffineSystems {

    private ExactAffineSystems() {
    }

    /**
     * The affine subspace Γ_π of a label map as rows [A | b] of A θ = b, θ = (w_1 … w_m (d each), a_1 … a_m), for
     * the integer network (w, a): w_k = w_{π(k)} (d rows) for π(k) ≥ 1, a_k = 0 for π(k) = 0, and one row
     * Σ_{π(k)=i} a_k = a_i per neuron i.
     *
     * @return the augmented rows, m(d + 1) + 1 columns
     */
    static long[][] system(int[] labels, long[][] w, long[] a) {
        int m = labels.length;
        int d = w[0].length;
        int cols = m * (d + 1) + 1;
        List<long[]> rows = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            if (labels[k] == 0) {
                long[] row = new long[cols];
                row[m * d + k] = 1;
                rows.add(row);
            } else {
                for (int l = 0; l < d; l++) {
                    long[] row = new long[cols];
                    row[k * d + l] = 1;
                    row[cols - 1] = w[labels[k] - 1][l];
                    rows.add(row);
                }
            }
        }
        int r = 0;
        for (int label : labels) {
            r = Math.max(r, label);
        }
        for (int i = 1; i <= r; i++) {
            long[] row = new long[cols];
            for (int k = 0; k < m; k++) {
                if (labels[k] == i) {
                    row[m * d + k] = 1;
                }
            }
            row[cols - 1] = a[i - 1];
            rows.add(row);
        }
        return rows.toArray(new long[0][]);
    }

    /**
     * Fraction-free (Bareiss) elimination in exact long arithmetic: every intermediate entry is a minor of [A | b],
     * the divisions are checked to be exact and the products to not overflow.
     *
     * @return {rank A, rank [A | b]}
     */
    static int[] ranks(long[][] augmented) {
        int rows = augmented.length;
        int cols = augmented[0].length - 1;
        long[][] m = Matrices.copy(augmented);
        int r = 0;
        long prev = 1;
        for (int c = 0; c < cols && r < rows; c++) {
            int p = r;
            while (p < rows && m[p][c] == 0) {
                p++;
            }
            if (p == rows) {
                continue;
            }
            long[] swap = m[r];
            m[r] = m[p];
            m[p] = swap;
            eliminateBelow(m, r, c, prev);
            prev = m[r][c];
            r++;
        }
        boolean inconsistent = false;
        for (int i = r; i < rows; i++) {
            inconsistent |= m[i][cols] != 0;
        }
        return new int[] {r, r + (inconsistent ? 1 : 0)};
    }

    /** One Bareiss step: m[i][j] ← (m[r][c] m[i][j] − m[i][c] m[r][j]) / prev below the pivot (r, c). */
    private static void eliminateBelow(long[][] m, int r, int c, long prev) {
        int last = m[0].length - 1;
        for (int i = r + 1; i < m.length; i++) {
            for (int j = c + 1; j <= last; j++) {
                long num = Math.subtractExact(Math.multiplyExact(m[r][c], m[i][j]), Math.multiplyExact(m[i][c], m[r][j]));
                if (num % prev != 0) {
                    throw new IllegalStateException("Bareiss division not exact: " + num + " / " + prev);
                }
                m[i][j] = num / prev;
            }
            m[i][c] = 0;
        }
    }

    /** @return the dimension of the solution set (columns − rank), or −1 if the system has no solution */
    static int dimension(long[][] augmented) {
        int[] rk = ranks(augmented);
        return rk[0] == rk[1] ? augmented[0].length - 1 - rk[0] : -1;
    }

    /** @return the rows of x followed by those of y */
    static long[][] stack(long[][] x, long[][] y) {
        long[][] s = new long[x.length + y.length][];
        System.arraycopy(x, 0, s, 0, x.length);
        System.arraycopy(y, 0, s, x.length, y.length);
        return s;
    }

    /** @return whether two affine systems have a common solution, decided exactly */
    static boolean intersect(long[][] x, long[][] y) {
        int[] rk = ranks(stack(x, y));
        return rk[0] == rk[1];
    }

    /** @return whether two consistent affine systems define the same subspace (the stacked system has their rank) */
    static boolean sameSubspace(long[][] x, long[][] y) {
        int[] s = ranks(stack(x, y));
        return s[0] == s[1] && s[0] == ranks(x)[0] && s[0] == ranks(y)[0];
    }
}
