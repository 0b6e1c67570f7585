package dev.overlap.testing;

import dev.overlap.model.Overlaps;

/** The joint covariance of the student and teacher fields (λ, ν) read as overlaps. */
public final class CovarianceBlocks {

    private CovarianceBlocks() {
    }

    /**
     * Splits the (p+p*)² covariance C = [[Q, R], [Rᵀ, T]] of (λ_1..λ_p, ν_1..ν_p*) into its blocks; the lower-left
     * block is not read (C is taken as symmetric).
     *
     * @return the overlaps Q = C[0:p, 0:p], R = C[0:p, p:], T = C[p:, p:]
     */
    public static Overlaps split(double[][] c, int p) {
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
}
