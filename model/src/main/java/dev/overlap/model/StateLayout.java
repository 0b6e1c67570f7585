package dev.overlap.model;

/**
 * The layout of the flat overlap state: the upper triangle of Q row by row, then R row-major,
 * <pre>
 *   y = (Q_11, Q_12, …, Q_1p, Q_22, …, Q_pp, R_11, …, R_1p*, …, R_pp*),
 * </pre>
 * so Q_ab (a ≤ b, 0-based) is at a·p − a(a−1)/2 + (b − a), R_ak at p(p+1)/2 + a·p* + k, and the state has
 * p(p+1)/2 + p·p* entries.
 *
 * @param p     students
 * @param pstar teachers
 */
public record StateLayout(int p, int pstar) {

    public StateLayout {
        if (p < 1 || pstar < 1) {
            throw new IllegalArgumentException("a state layout needs p ≥ 1 and p* ≥ 1 (got " + p + ", " + pstar + ")");
        }
    }

    /**
     * Index of Q_ab in the flat state (0-based, either order).
     *
     * @return a·p − a(a−1)/2 + (b − a) with a ≤ b
     */
    public int q(int a, int b) {
        int i = Math.min(a, b);
        int j = Math.max(a, b);
        return i * p - i * (i - 1) / 2 + (j - i);
    }

    /**
     * Index of the diagonal entry Q_aa.
     *
     * @return a·p − a(a−1)/2
     */
    public int diagonal(int a) {
        return a * p - a * (a - 1) / 2;
    }

    /**
     * Index of R_ak (student a, teacher k, 0-based).
     *
     * @return p(p+1)/2 + a·p* + k
     */
    public int r(int a, int k) {
        return qSize() + a * pstar + k;
    }

    /**
     * Number of Q entries, which is also the index of the first R entry.
     *
     * @return p(p+1)/2
     */
    public int qSize() {
        return p * (p + 1) / 2;
    }

    /**
     * Number of entries of the flat state.
     *
     * @return p(p+1)/2 + p·p*
     */
    public int dimension() {
        return dimensionOf(p, pstar);
    }

    /**
     * Number of entries of the flat state, without building a layout (for hot paths).
     *
     * @return p(p+1)/2 + p·p*
     */
    public static int dimensionOf(int p, int pstar) {
        return p * (p + 1) / 2 + p * pstar;
    }

    /**
     * max_a |Q_aa| of a flat state, or +∞ if one of them is not finite.
     *
     * @return the largest student norm in absolute value
     */
    public double largestDiagonal(double[] y) {
        double big = 0;
        for (int a = 0; a < p; a++) {
            double v = Math.abs(y[diagonal(a)]);
            big = Double.isFinite(v) ? Math.max(big, v) : Double.POSITIVE_INFINITY;
        }
        return big;
    }
}
