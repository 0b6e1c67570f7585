package dev.overlap.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Isserlis} against textbook closed forms: for x ~ N(0, σ²), E[x^(2k)] = (2k−1)!! σ^(2k) (so
 * E[x⁴] = 3σ⁴, E[x⁶] = 15σ⁶, E[x⁸] = 105σ⁸); E[x₁x₂x₃x₄] = c₁₂c₃₄ + c₁₃c₂₄ + c₁₄c₂₃ (Isserlis 1918);
 * E[x₁²x₂²] = c₁₁c₂₂ + 2c₁₂²; odd moments vanish; the number of perfect pairings of 2k objects is (2k−1)!!
 * (1, 1, 3, 15, 105, 945, 10395 for 2k = 0..12). With every covariance entry equal to 1 each pairing
 * contributes 1, so the moment counts the pairings. The exact rational version must agree with the double one.
 */
class IsserlisTest {

    @ParameterizedTest
    @CsvSource({"0, 1", "2, 1", "4, 3", "6, 15", "8, 105", "10, 945", "12, 10395", "1, 0", "3, 0", "7, 0"})
    void pairingCountIsDoubleFactorial(int factors, long expected) {
        assertEquals(expected, Isserlis.pairingCount(factors));
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "4, 3", "6, 15", "8, 105", "10, 945"})
    void momentOfAllOnesCovarianceCountsPairings(int factors, long expected) {
        double[][] ones = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        int[] idx = new int[factors];
        for (int u = 0; u < factors; u++) {
            idx[u] = u % 3;
        }
        assertEquals(expected, Isserlis.moment(ones, idx), 0.0);
    }

    @Test
    void univariateEvenMoments() {
        double s2 = 1.7;
        double[][] c = {{s2}};
        assertEquals(s2, Isserlis.moment(c, 0, 0), 1e-15);
        assertEquals(3 * s2 * s2, Isserlis.moment(c, 0, 0, 0, 0), 1e-14);
        assertEquals(15 * Math.pow(s2, 3), Isserlis.moment(c, 0, 0, 0, 0, 0, 0), 1e-13);
        assertEquals(105 * Math.pow(s2, 4), Isserlis.moment(c, 0, 0, 0, 0, 0, 0, 0, 0), 1e-12);
        assertEquals(1.0, Isserlis.moment(c), 0.0);
    }

    @Test
    void fourDistinctFields() {
        double[][] c = RandomMatrices.randomCovariance(4, new SplittableRandom(3));
        double expected = c[0][1] * c[2][3] + c[0][2] * c[1][3] + c[0][3] * c[1][2];
        assertEquals(expected, Isserlis.moment(c, 0, 1, 2, 3), 1e-14);
        // order of the factors does not matter
        assertEquals(expected, Isserlis.moment(c, 3, 1, 0, 2), 1e-14);
        assertEquals(c[0][0] * c[1][1] + 2 * c[0][1] * c[0][1], Isserlis.moment(c, 0, 0, 1, 1), 1e-14);
        // E[x1³ x2] = 3 c11 c12
        assertEquals(3 * c[0][0] * c[0][1], Isserlis.moment(c, 0, 0, 0, 1), 1e-14);
    }

    @Test
    void oddMomentsVanish() {
        double[][] c = RandomMatrices.randomCovariance(3, new SplittableRandom(5));
        assertEquals(0.0, Isserlis.moment(c, 0), 0.0);
        assertEquals(0.0, Isserlis.moment(c, 0, 1, 2), 0.0);
        assertEquals(0.0, Isserlis.moment(c, 0, 0, 0, 1, 2), 0.0);
        BigFraction[][] q = {{BigFraction.ONE}};
        assertEquals(BigFraction.ZERO, Isserlis.moment(q, 0, 0, 0));
    }

    @Test
    void exactVersionMatchesKnownRationalValues() {
        BigFraction a = new BigFraction(2, 3);
        BigFraction b = new BigFraction(-1, 5);
        BigFraction d = new BigFraction(7, 4);
        BigFraction[][] c = {{a, b}, {b, d}};
        // E[x⁶] = 15 a³
        assertEquals(a.pow(3).multiply(15), Isserlis.moment(c, 0, 0, 0, 0, 0, 0));
        // E[x1² x2²] = a d + 2 b²
        assertEquals(a.multiply(d).add(b.multiply(b).multiply(2)), Isserlis.moment(c, 0, 0, 1, 1));
        // E[x1³ x2³] = 9 a d b + 6 b³ (3·3 pairings with one cross pair, 6 with three cross pairs)
        assertEquals(a.multiply(d).multiply(b).multiply(9).add(b.pow(3).multiply(6)),
                Isserlis.moment(c, 0, 0, 0, 1, 1, 1));
    }

    @Test
    void exactAndDoubleVersionsAgree() {
        SplittableRandom rng = new SplittableRandom(2024);
        int n = 4;
        BigFraction[][] exact = new BigFraction[n][n];
        double[][] dbl = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                BigFraction v = new BigFraction(rng.nextInt(-20, 21), 8); // dyadic: exact in double
                exact[i][j] = v;
                exact[j][i] = v;
                dbl[i][j] = v.doubleValue();
                dbl[j][i] = dbl[i][j];
            }
        }
        int[][] monomials = {{0, 1}, {0, 0, 1, 2}, {0, 1, 2, 3}, {3, 3, 3, 3}, {0, 0, 1, 1, 2, 3}, {0, 1, 2, 3, 0, 1, 2, 3},
            {2, 2, 2, 2, 2, 1, 1, 0}};
        for (int[] m : monomials) {
            BigFraction e = Isserlis.moment(exact, m);
            double x = Isserlis.moment(dbl, m);
            assertEquals(e.doubleValue(), x, 1e-12 * Math.max(1, Math.abs(e.doubleValue())), java.util.Arrays.toString(m));
        }
    }
}
