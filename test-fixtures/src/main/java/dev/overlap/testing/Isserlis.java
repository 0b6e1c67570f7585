package dev.overlap.testing;

import org.hipparchus.fraction.BigFraction;

/**
 * Isserlis' (Wick's) theorem: for a centred Gaussian vector Λ with covariance C,
 * <pre>
 *   E[Λ_{i1} Λ_{i2} … Λ_{i2k}] = Σ over the (2k−1)!! perfect pairings π of {1..2k} of Π_{(u,v) ∈ π} C[i_u][i_v],
 * </pre>
 * and every odd moment vanishes. Implemented literally, by recursion on the first factor: pair it with
 * each remaining factor in turn. Cost (2k−1)!! products, which is the point: it shares nothing with the
 * matrix closed forms of {@code ode} and the memoised moments of {@code symbolic}'s {@code Wick} it is used to
 * check. A test fixture only (no main code uses it): the one brute-force Gaussian-moment reference of the tests.
 */
public final class Isserlis {

    private Isserlis() {
    }

    /**
     * E[Π_u Λ_{indices[u]}] for Λ ~ N(0, c); indices are 0-based and may repeat.
     *
     * @return the moment, the sum over the pairings of the products of covariance entries (0 for an odd number of
     *         factors)
     */
    public static double moment(double[][] c, int... indices) {
        if (indices.length % 2 == 1) {
            return 0.0;
        }
        return pairings(c, indices.clone(), indices.length);
    }

    private static double pairings(double[][] c, int[] idx, int len) {
        if (len == 0) {
            return 1.0;
        }
        int first = idx[0];
        double sum = 0.0;
        for (int j = 1; j < len; j++) {
            int partner = idx[j];
            int[] rest = new int[len - 2];
            int k = 0;
            for (int u = 1; u < len; u++) {
                if (u != j) {
                    rest[k++] = idx[u];
                }
            }
            sum += c[first][partner] * pairings(c, rest, len - 2);
        }
        return sum;
    }

    /**
     * The same moment in exact rational arithmetic.
     *
     * @return the exact moment (zero for an odd number of factors)
     */
    public static BigFraction moment(BigFraction[][] c, int... indices) {
        if (indices.length % 2 == 1) {
            return BigFraction.ZERO;
        }
        return pairings(c, indices.clone(), indices.length);
    }

    private static BigFraction pairings(BigFraction[][] c, int[] idx, int len) {
        if (len == 0) {
            return BigFraction.ONE;
        }
        BigFraction sum = BigFraction.ZERO;
        for (int j = 1; j < len; j++) {
            int[] rest = new int[len - 2];
            int k = 0;
            for (int u = 1; u < len; u++) {
                if (u != j) {
                    rest[k++] = idx[u];
                }
            }
            sum = sum.add(c[idx[0]][idx[j]].multiply(pairings(c, rest, len - 2)));
        }
        return sum;
    }

    /**
     * The number of perfect pairings of 2k objects, (2k−1)!! (1 for k = 0).
     *
     * @return (factors − 1)!! for an even number of factors, 0 for an odd one
     */
    public static long pairingCount(int factors) {
        if (factors % 2 == 1) {
            return 0;
        }
        long n = 1;
        for (int m = factors - 1; m > 1; m -= 2) {
            n *= m;
        }
        return n;
    }
}
