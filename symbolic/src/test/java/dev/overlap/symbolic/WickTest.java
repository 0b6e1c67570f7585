package dev.overlap.symbolic;

import static dev.overlap.symbolic.SymFixtures.bf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.testing.Isserlis;

/**
 * {@link Wick}: Gaussian moments of the fields as exact polynomials in Q, R, T.
 *
 * <p>Where the expected values come from: textbook Isserlis identities written out by hand (E[λ⁴] = 3Q²,
 * E[λ²ν²] = QT + 2R², E[λ⁶] = 15Q³, E[λ₁λ₂λ₃λ₄] = Q₁₂Q₃₄ + Q₁₃Q₂₄ + Q₁₄Q₂₃, E[λ³ν] = 3QR, odd moments 0),
 * the pairing count (2k−1)!! (value at an all-ones covariance), and the literal pairing enumeration
 * {@link Isserlis#moment(BigFraction[][], int...)} at random rational covariances, compared exactly.
 */
class WickTest {

    private static Poly q(OverlapVariables v, int a, int b) {
        return Poly.variable(v.q(a, b));
    }

    private static Poly r(OverlapVariables v, int a, int s) {
        return Poly.variable(v.r(a, s));
    }

    private static Poly t(OverlapVariables v, int r, int s) {
        return Poly.variable(v.t(r, s));
    }

    @Test
    void fourthMomentOfOneField() {
        OverlapVariables v = new OverlapVariables(1, 1);
        Wick w = new Wick(v);
        assertEquals(Poly.term(bf(3), v.q(0, 0), v.q(0, 0)), w.moment(new int[] {4, 0}));
        assertEquals(Poly.term(bf(3), v.t(0, 0), v.t(0, 0)), w.moment(new int[] {0, 4}));
        assertEquals(Poly.term(bf(15), v.q(0, 0), v.q(0, 0), v.q(0, 0)), w.moment(new int[] {6, 0}));
        assertEquals(Poly.term(bf(105), v.q(0, 0), v.q(0, 0), v.q(0, 0), v.q(0, 0)), w.moment(new int[] {8, 0}));
        assertEquals(q(v, 0, 0), w.moment(new int[] {2, 0}));
        assertEquals(Poly.constant(BigFraction.ONE), w.moment(new int[] {0, 0}));
    }

    @Test
    void mixedSecondAndFourthMoments() {
        OverlapVariables v = new OverlapVariables(1, 1);
        Wick w = new Wick(v);
        Poly qq = q(v, 0, 0);
        Poly rr = r(v, 0, 0);
        Poly tt = t(v, 0, 0);
        assertEquals(rr, w.moment(new int[] {1, 1}));
        // E[λ²ν²] = QT + 2R²
        assertEquals(qq.multiply(tt).add(rr.multiply(rr).scale(bf(2))), w.moment(new int[] {2, 2}));
        // E[λ³ν] = 3QR, E[λν³] = 3TR
        assertEquals(qq.multiply(rr).scale(bf(3)), w.moment(new int[] {3, 1}));
        assertEquals(tt.multiply(rr).scale(bf(3)), w.moment(new int[] {1, 3}));
        // E[λ⁴ν²] = 3Q²T + 12QR² (k = 0 and k = 2 cross pairs)
        assertEquals(qq.multiply(qq).multiply(tt).scale(bf(3)).add(qq.multiply(rr).multiply(rr).scale(bf(12))),
                w.moment(new int[] {4, 2}));
    }

    @Test
    void fourDistinctFieldsHaveThreePairings() {
        OverlapVariables v = new OverlapVariables(4, 1);
        Wick w = new Wick(v);
        Poly expected = q(v, 0, 1).multiply(q(v, 2, 3)).add(q(v, 0, 2).multiply(q(v, 1, 3)))
                .add(q(v, 0, 3).multiply(q(v, 1, 2)));
        Poly m = w.moment(new int[] {1, 1, 1, 1, 0});
        assertEquals(expected, m);
        assertEquals(3, m.size());

        // across the blocks: E[λ₁λ₂ν₁ν₂] = Q₁₂T₁₂ + R₁₁R₂₂ + R₁₂R₂₁
        OverlapVariables u = new OverlapVariables(2, 2);
        Poly mixed = new Wick(u).moment(new int[] {1, 1, 1, 1});
        assertEquals(q(u, 0, 1).multiply(t(u, 0, 1)).add(r(u, 0, 0).multiply(r(u, 1, 1)))
                .add(r(u, 0, 1).multiply(r(u, 1, 0))), mixed);
    }

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,1", "2,3", "3,2"})
    void oddMomentsVanish(int p, int ps) {
        Wick w = new Wick(new OverlapVariables(p, ps));
        for (int[] k : exponents(p + ps, 9)) {
            int total = 0;
            for (int x : k) {
                total += x;
            }
            if (total % 2 == 1) {
                assertTrue(w.moment(k).isZero(), () -> "odd moment " + java.util.Arrays.toString(k));
            } else {
                assertTrue(!w.moment(k).isZero(), () -> "an even moment is a non-zero polynomial "
                        + java.util.Arrays.toString(k));
            }
        }
    }

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"2,2", "3,1", "1,3"})
    void agreesExactlyWithBruteForcePairingsUpToDegreeEight(int p, int ps) {
        OverlapVariables v = new OverlapVariables(p, ps);
        Wick w = new Wick(v);
        SplittableRandom rng = new SplittableRandom(1000L * p + ps);
        int n = p + ps;
        for (int trial = 0; trial < 3; trial++) {
            BigFraction[] x = SymFixtures.randomPoint(v, rng);
            BigFraction[][] c = SymFixtures.covariance(v, x);
            int checked = 0;
            for (int[] k : exponents(n, 8)) {
                int[] idx = indices(k);
                BigFraction expected = Isserlis.moment(c, idx);
                BigFraction actual = w.moment(k).evaluate(x);
                assertEquals(expected, actual, () -> "E[Λ^" + java.util.Arrays.toString(k) + "]");
                checked++;
            }
            assertEquals(binomial(8 + n, n), checked, "all exponent vectors of total degree ≤ 8");
        }
    }

    @Test
    void coefficientsCountThePairings() {
        // at C = all ones every pairing contributes 1: E[Λ^k] = (|k| − 1)!!
        OverlapVariables v = new OverlapVariables(2, 2);
        Wick w = new Wick(v);
        BigFraction[] ones = new BigFraction[v.count()];
        java.util.Arrays.fill(ones, BigFraction.ONE);
        for (int[] k : exponents(4, 10)) {
            int total = java.util.Arrays.stream(k).sum();
            assertEquals(bf(Isserlis.pairingCount(total)), w.moment(k).evaluate(ones));
        }
    }

    @Test
    void memoisedResultsAreStable() {
        Wick w = new Wick(new OverlapVariables(2, 1));
        int[] k = {2, 2, 2};
        Poly first = w.moment(k);
        int cached = w.cached();
        assertTrue(cached > 0);
        assertSame(first, w.moment(k.clone()));
        assertEquals(cached, w.cached(), "a repeated moment is not recomputed");
        assertEquals(2, k[0], "the exponent vector is not modified");
        assertEquals(first, new Wick(new OverlapVariables(2, 1)).moment(new int[] {2, 2, 2}));
    }

    @Test
    void wrongLengthIsRejected() {
        Wick w = new Wick(new OverlapVariables(2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.moment(new int[] {2, 2}));
        assertTrue(e.getMessage().contains("expected 3"), e.getMessage());
    }

    /** All exponent vectors of length n with total degree ≤ max. */
    static List<int[]> exponents(int n, int max) {
        List<int[]> out = new ArrayList<>();
        fill(new int[n], 0, max, out);
        return out;
    }

    private static void fill(int[] k, int pos, int left, List<int[]> out) {
        if (pos == k.length) {
            out.add(k.clone());
            return;
        }
        for (int e = 0; e <= left; e++) {
            k[pos] = e;
            fill(k, pos + 1, left - e, out);
        }
        k[pos] = 0;
    }

    /** The exponent vector as a list of field indices with repetition, e.g. [2, 0, 1] → [0, 0, 2]. */
    static int[] indices(int[] k) {
        int total = java.util.Arrays.stream(k).sum();
        int[] idx = new int[total];
        int u = 0;
        for (int i = 0; i < k.length; i++) {
            for (int m = 0; m < k[i]; m++) {
                idx[u++] = i;
            }
        }
        return idx;
    }

    private static long binomial(int n, int k) {
        long b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }
}
