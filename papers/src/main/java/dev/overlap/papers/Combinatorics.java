package dev.overlap.papers;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Exact integer combinatorics shared by the reproductions: factorials, binomials, Stirling numbers, logarithms. */
final class Combinatorics {

    /** Largest k of the cached Stirling numbers S(n, k). */
    static final int STIRLING_COLUMNS = 32;
    private static final List<BigInteger[]> STIRLING = new ArrayList<>();

    private Combinatorics() {
    }

    /** @return n! = 1 · 2 ⋯ n (1 for n ≤ 1) */
    static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

    /** @return C(n, k) = n!/(k!(n − k)!), 0 outside 0 ≤ k ≤ n */
    static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) {
            return BigInteger.ZERO;
        }
        BigInteger c = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            c = c.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return c;
    }

    /**
     * S(n, k), Stirling numbers of the second kind, from S(n, k) = k S(n−1, k) + S(n−1, k−1), S(0, 0) = 1; rows are
     * cached up to column {@link #STIRLING_COLUMNS} (the recurrence never needs a larger column).
     *
     * @return the number of partitions of n labelled items into k non-empty blocks
     * @throws IllegalArgumentException unless n ≥ 0 and 0 ≤ k ≤ {@link #STIRLING_COLUMNS}
     */
    static BigInteger stirling2(int n, int k) {
        if (n < 0 || k < 0 || k > STIRLING_COLUMNS) {
            throw new IllegalArgumentException("S(n, k) needs n ≥ 0 and 0 ≤ k ≤ " + STIRLING_COLUMNS + ", got n = " + n
                    + ", k = " + k);
        }
        if (k > n) {
            return BigInteger.ZERO;
        }
        synchronized (STIRLING) {
            while (STIRLING.size() <= n) {
                STIRLING.add(nextStirlingRow());
            }
            return STIRLING.get(n)[k];
        }
    }

    /** The row S(n, ·) for n = the number of cached rows, from the row above. */
    private static BigInteger[] nextStirlingRow() {
        int row = STIRLING.size();
        BigInteger[] s = new BigInteger[STIRLING_COLUMNS + 1];
        Arrays.fill(s, BigInteger.ZERO);
        if (row == 0) {
            s[0] = BigInteger.ONE;
        } else {
            BigInteger[] prev = STIRLING.get(row - 1);
            for (int j = 1; j <= STIRLING_COLUMNS; j++) {
                s[j] = prev[j].multiply(BigInteger.valueOf(j)).add(prev[j - 1]);
            }
        }
        return s;
    }

    /** @return log10 x of a positive integer to double precision (−∞ for x ≤ 0), for integers of any size */
    static double log10(BigInteger x) {
        if (x.signum() <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int shift = Math.max(0, x.bitLength() - 60);
        return (Math.log10(x.shiftRight(shift).doubleValue()) + shift * Math.log10(2));
    }

    /** @return ln d! from the exact factorial, to double precision */
    static double lnFactorial(int d) {
        BigInteger f = factorial(d);
        int shift = Math.max(0, f.bitLength() - 60);
        return Math.log(f.shiftRight(shift).doubleValue()) + shift * Math.log(2);
    }
}
