package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Shen 2024 reproductions. Hand counts: one unit, parameters in {−1, 0, 1}: 27 points; a = 0 gives the zero
 * function (9 points, 1 function); a = ±1 with the 9 pairs (w, b) gives 18 distinct functions (σ has no sign
 * symmetry), so 19 functions. ln 10! = ln 3628800.
 */
@Tag("slow")
class Shen2024Test {

    @Test
    void handCountsAndFactorials() {
        assertArrayEquals(new long[] {27, 19}, Shen2024Grid.countFunctions(1, 1));
        assertEquals(Math.log(3628800), Combinatorics.lnFactorial(10), 1e-13);
        // a quadratic in 1/k is extrapolated exactly: r(k) = 2 + 3/k − 1/k²
        assertEquals(2.0, Shen2024Grid.quadraticInInverseK(2, 2 + 1.5 - 0.25, 3, 2 + 1.0 - 1.0 / 9, 5, 2 + 0.6 - 0.04),
                1e-12);
    }

    /**
     * The bound's table against ln d! from the literal factorials (ln 2, ln 40320 = ln 8!, 2 ln 16! with
     * 16! = 20922789888000) and 2 ln 1000! = 2 lgamma(1001) = 11824.256356976326 (python3, math.lgamma).
     */
    @Test
    void boundAgainstLiteralFactorials() {
        Reproduction r = Shen2024Bound.bound();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        List<double[]> rows = r.tables().get(0).rows();
        assertEquals(Math.log(2), rows.get(0)[2], 1e-15);
        assertEquals(Math.log(40320), rows.get(1)[2], 1e-13);
        assertEquals(2 * Math.log(20922789888000.0), rows.get(2)[2], 1e-12);
        assertEquals(11824.256356976326, rows.get(5)[2], 1e-9);
    }

    /**
     * The grid's counts against a separate enumeration in python (one-off, python3, same σ, grid and probes,
     * outputs rounded half-up to 1e-10):
     * <pre>
     * P = [-2.3, -1.7, -1.1, -0.6, -0.2, 0.15, 0.45, 0.8, 1.25, 1.6, 2.05, 2.7]
     * s = lambda z: 1/(1+math.exp(-z)) + 0.1*z*z
     * def count(d, k):
     *     vals = [-1 + i/k for i in range(2*k+1)]
     *     units = [tuple(a*s(w*x+b) for x in P) for a in vals for w in vals for b in vals]
     *     seen = set()
     *     for combo in itertools.product(units, repeat=d):
     *         out = [0.0]*len(P)
     *         for u in combo: out = [o+v for o, v in zip(out, u)]
     *         seen.add(tuple(math.floor(o*1e10+0.5) for o in out))
     *     return len(units)**d, len(seen)
     * </pre>
     * gave (d, k) = (2, 1): 729, 181; (2, 2): 15625, 5001; (3, 1): 19683, 1159. By hand for (2, 1): the 27 points
     * of one unit give the zero function and 18 others in 9 pairs ±u, so sums of two units are the 190 multisets of
     * size 2 from 19 functions, of which the 9 pairs {u, −u} give the same function as {0, 0}: 181.
     */
    @Test
    void gridAgainstASeparateEnumeration() {
        Reproduction r = Shen2024Grid.grid();
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        double[][] expected = {{2, 1, 729, 181}, {2, 2, 15625, 5001}, {3, 1, 19683, 1159}};
        for (double[] e : expected) {
            double[] row = r.tables().get(0).rows().stream().filter(x -> x[0] == e[0] && x[1] == e[1]).findFirst()
                    .orElseThrow();
            assertArrayEquals(e, new double[] {row[0], row[1], row[2], row[3]});
        }
    }
}
