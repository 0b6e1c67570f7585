package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link SubspaceCounts#countTable}. Independent values: inclusion–exclusion, T(r*, m) = Σ_k (−1)^k C(r*, k)(r* + 1 − k)^m
 * (label maps {1…m} → {0…r*} missing no neuron) and G(r, m) = Σ_k (−1)^k C(r, k)(r − k)^m (surjections), computed
 * here without Stirling numbers; a brute-force enumeration of the label maps written here; published values: the
 * surjection numbers r! S(m, r) of OEIS A019538 (m = 6: 1, 62, 540, 1560, 1800, 720) and the r*! isolated global
 * minima at m = r* stated in the paper's abstract.
 */
class Simsek2021CountTableTest {

    private static BigInteger inclusionExclusion(int r, int extra, int m) {
        BigInteger s = BigInteger.ZERO;
        BigInteger c = BigInteger.ONE;
        for (int k = 0; k <= r; k++) {
            BigInteger term = c.multiply(BigInteger.valueOf(r + extra - k).pow(m));
            s = k % 2 == 0 ? s.add(term) : s.subtract(term);
            c = c.multiply(BigInteger.valueOf(r - k)).divide(BigInteger.valueOf(k + 1));
        }
        return s;
    }

    /** Maps {1…m} → {lo…r} (lo = 0: zero type allowed) that take every value 1…r, counted one by one. */
    private static long bruteForce(int r, int m, int lo) {
        int base = r + 1 - lo;
        long total = 1;
        for (int i = 0; i < m; i++) {
            total *= base;
        }
        long count = 0;
        for (long code = 0; code < total; code++) {
            boolean[] hit = new boolean[r + 1];
            long x = code;
            for (int i = 0; i < m; i++) {
                hit[(int) (x % base) + lo] = true;
                x /= base;
            }
            boolean covers = true;
            for (int i = 1; i <= r; i++) {
                covers &= hit[i];
            }
            count += covers ? 1 : 0;
        }
        return count;
    }

    @Test
    void entriesMatchInclusionExclusionAndBruteForce() {
        List<SubspaceCounts.Count> table = SubspaceCounts.countTable(1, 8, 1, 40);
        for (SubspaceCounts.Count c : table) {
            assertEquals(inclusionExclusion(c.r(), 1, c.m()), c.globalMinima(), "T(" + c.r() + ", " + c.m() + ")");
            assertEquals(inclusionExclusion(c.r(), 0, c.m()), c.criticalSubspaces(), "G(" + c.r() + ", " + c.m() + ")");
            if (c.r() <= 3 && c.m() <= 7) {
                assertEquals(bruteForce(c.r(), c.m(), 0), c.globalMinima().longValueExact());
                assertEquals(bruteForce(c.r(), c.m(), 1), c.criticalSubspaces().longValueExact());
            }
        }
        // r = 1…8, m = r…40: Σ_r (41 − r) rows
        assertEquals(8 * 41 - 36, table.size());
    }

    @Test
    void publishedValues() {
        long[] a019538 = {1, 62, 540, 1560, 1800, 720};
        List<SubspaceCounts.Count> m6 = SubspaceCounts.countTable(1, 6, 6, 6);
        assertEquals(6, m6.size());
        for (int r = 1; r <= 6; r++) {
            assertEquals(6, m6.get(r - 1).m());
            assertEquals(BigInteger.valueOf(a019538[r - 1]), m6.get(r - 1).criticalSubspaces(), "G(" + r + ", 6)");
        }
        BigInteger factorial = BigInteger.ONE;
        for (int r = 1; r <= SubspaceCounts.COUNT_TABLE_MAX_R; r++) {
            factorial = factorial.multiply(BigInteger.valueOf(r));
            assertEquals(factorial, SubspaceCounts.countTable(r, r, r, r).get(0).globalMinima(), "T(r*, r*) = r*!");
        }
    }

    @Test
    void rangesOrderAndLimits() {
        List<SubspaceCounts.Count> t = SubspaceCounts.countTable(2, 3, 1, 4);
        // r-major; m from max(r, mMin)
        int[][] expected = {{2, 2}, {2, 3}, {2, 4}, {3, 3}, {3, 4}};
        assertEquals(expected.length, t.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], t.get(i).r());
            assertEquals(expected[i][1], t.get(i).m());
        }
        SubspaceCounts.Count corner = SubspaceCounts.countTable(31, 31, 1000, 1000).get(0);
        assertEquals(inclusionExclusion(31, 1, 1000), corner.globalMinima());
        assertEquals(inclusionExclusion(31, 0, 1000), corner.criticalSubspaces());
        assertThrows(IllegalArgumentException.class, () -> SubspaceCounts.countTable(1, 32, 1, 40));
        assertThrows(IllegalArgumentException.class, () -> SubspaceCounts.countTable(1, 3, 1, 1001));
        assertThrows(IllegalArgumentException.class, () -> SubspaceCounts.countTable(3, 2, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> SubspaceCounts.countTable(0, 2, 1, 10));
    }
}
