package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.StandardActivation;
import dev.overlap.ode.TwoLayerGradientFlow;
import dev.overlap.ode.TwoLayerLoss;

/**
 * Şimşek et al. 2021. Independent values: Stirling numbers of the second kind (OEIS A008277: S(7, 3) = 301,
 * S(10, 4) = 34105, S(n, 2) = 2^{n−1} − 1), surjection counts by inclusion–exclusion Σ_k (−1)^k C(r, k)(r − k)^n,
 * and the covering label maps by inclusion–exclusion over uncovered neurons, Σ_k (−1)^k C(r*, k)(r* + 1 − k)^m, so
 * T(1, m) = 2^m − 1 and T(2, m) = 3^m − 2^{m+1} + 1. Hand counts: r* = 1, m = 2 has the three subspaces (1,1), (1,0),
 * (0,1) and the two edges (1,1)–(1,0), (1,1)–(0,1).
 */
@Tag("slow")
class Simsek2021Test {

    private static BigInteger pow(int base, int exp) {
        return BigInteger.valueOf(base).pow(exp);
    }

    /** Σ_k (−1)^k C(r, k)(r + extra − k)^n. */
    private static BigInteger inclusionExclusion(int r, int extra, int n) {
        BigInteger s = BigInteger.ZERO;
        for (int k = 0; k <= r; k++) {
            BigInteger term = Combinatorics.binomial(r, k).multiply(pow(r + extra - k, n));
            s = k % 2 == 0 ? s.add(term) : s.subtract(term);
        }
        return s;
    }

    @Test
    void stirlingNumbersAndSurjections() {
        assertEquals(BigInteger.valueOf(301), Combinatorics.stirling2(7, 3));
        assertEquals(BigInteger.valueOf(34105), Combinatorics.stirling2(10, 4));
        assertEquals(BigInteger.ONE, Combinatorics.stirling2(0, 0));
        assertEquals(BigInteger.ZERO, Combinatorics.stirling2(5, 0));
        for (int n = 1; n <= 40; n++) {
            assertEquals(pow(2, n - 1).subtract(BigInteger.ONE), Combinatorics.stirling2(n, 2), "S(" + n + ", 2)");
        }
        for (int r = 1; r <= 6; r++) {
            for (int m = r; m <= 14; m++) {
                assertEquals(inclusionExclusion(r, 0, m), SubspaceCounts.criticalSubspaces(r, m), "G(" + r + ", " + m + ")");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SubspaceCounts.criticalSubspaces(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Combinatorics.stirling2(3, -1));
    }

    @Test
    void globalMinimumCounts() {
        for (int m = 1; m <= 30; m++) {
            assertEquals(pow(2, m).subtract(BigInteger.ONE), SubspaceCounts.globalMinima(1, m), "T(1, " + m + ")");
        }
        for (int m = 2; m <= 30; m++) {
            assertEquals(pow(3, m).subtract(pow(2, m + 1)).add(BigInteger.ONE), SubspaceCounts.globalMinima(2, m));
        }
        for (int r = 1; r <= 6; r++) {
            for (int m = r; m <= 16; m++) {
                BigInteger ie = inclusionExclusion(r, 1, m);
                assertEquals(ie, SubspaceCounts.globalMinima(r, m), "T(" + r + ", " + m + ")");
                assertEquals(ie, SubspaceCounts.globalMinimaPhantom(r, m), "phantom T(" + r + ", " + m + ")");
            }
        }
        assertEquals(BigInteger.valueOf(390), SubspaceCounts.globalMinima(3, 5));
        assertEquals(BigInteger.valueOf(36), SubspaceCounts.criticalSubspaces(3, 4));
        assertEquals(BigInteger.valueOf(24), SubspaceCounts.globalMinima(4, 4));
    }

    @Test
    void enumerationMatchesClosedForm() {
        for (int r = 1; r <= 3; r++) {
            for (int m = r; m <= 7; m++) {
                long[] byJ = LabelMaps.countByZeroSlots(r, m, true);
                for (int j = 0; j <= m; j++) {
                    BigInteger expected = j <= m - r ? SubspaceCounts.globalMinimaWithZeroSlots(r, m, j) : BigInteger.ZERO;
                    assertEquals(expected.longValueExact(), byJ[j], "r*=" + r + " m=" + m + " j=" + j);
                }
                List<int[]> maps = LabelMaps.labelMaps(r, m, false);
                assertEquals(SubspaceCounts.criticalSubspaces(r, m).longValueExact(), maps.size());
                Set<String> distinct = new HashSet<>();
                for (int[] labels : maps) {
                    distinct.add(java.util.Arrays.toString(labels));
                }
                assertEquals(maps.size(), distinct.size());
            }
        }
        List<int[]> maps = LabelMaps.labelMaps(1, 2, true);
        assertEquals(3, maps.size());
        assertArrayEquals(new int[] {0, 1}, maps.get(0));
        assertArrayEquals(new int[] {1, 0}, maps.get(1));
        assertArrayEquals(new int[] {1, 1}, maps.get(2));
    }

    @Test
    void exactRanksAndDimensions() {
        long[][] w = {{3, -1}};
        long[] a = {2};
        // θ = (w1, w2, a1, a2) ∈ ℚ⁶: (1,0): w1 fixed, a1 = 2, a2 = 0, w2 free → dimension 2; (1,1): dimension 1
        assertEquals(2, ExactAffineSystems.dimension(ExactAffineSystems.system(new int[] {1, 0}, w, a)));
        assertEquals(1, ExactAffineSystems.dimension(ExactAffineSystems.system(new int[] {1, 1}, w, a)));
        // x = 1 and x = 2 are inconsistent; x + y = 1, x − y = 1 has rank 2
        assertArrayEquals(new int[] {1, 2}, ExactAffineSystems.ranks(new long[][] {{1, 1}, {1, 2}}));
        assertArrayEquals(new int[] {2, 2}, ExactAffineSystems.ranks(new long[][] {{1, 1, 1}, {1, -1, 1}}));
        // dimension h + j(d − 1) for every subspace of r* = 2, m = 4 (d = 2)
        long[][] w2 = {Simsek2021.TEACHER_W[0], Simsek2021.TEACHER_W[1]};
        long[] a2 = {Simsek2021.TEACHER_A[0], Simsek2021.TEACHER_A[1]};
        for (int[] labels : LabelMaps.labelMaps(2, 4, true)) {
            int j = 0;
            for (int l : labels) {
                j += l == 0 ? 1 : 0;
            }
            assertEquals(2 + j * (Simsek2021.D - 1), ExactAffineSystems.dimension(ExactAffineSystems.system(labels, w2, a2)));
        }
    }

    @Test
    void intersectionGraphs() {
        for (int r = 1; r <= 3; r++) {
            SubspaceGraph isolated = SubspaceGraph.build(r, r, true);
            assertEquals(Combinatorics.factorial(r).intValueExact(), isolated.components());
            assertTrue(isolated.edges().isEmpty());
            SubspaceGraph one = SubspaceGraph.build(r, r + 1, true);
            assertEquals(1, one.components());
            assertEquals(0, one.exactMismatches());
            assertEquals(0, one.equalPairs());
        }
        SubspaceGraph g = SubspaceGraph.build(1, 2, true);
        assertEquals(2, g.edges().size());
        for (int[] e : g.edges()) {
            assertTrue(java.util.Arrays.equals(g.nodes().get(e[0]), new int[] {1, 1})
                    || java.util.Arrays.equals(g.nodes().get(e[1]), new int[] {1, 1}));
        }
        // two maps that disagree on a slot's neuron never meet; sharing every neuron suffices
        assertFalse(SubspaceGraph.intersectRule(new int[] {1, 2, 0}, new int[] {2, 1, 0}, 2));
        assertTrue(SubspaceGraph.intersectRule(new int[] {1, 2, 0}, new int[] {1, 2, 2}, 2));
        assertFalse(SubspaceGraph.intersectRule(new int[] {1, 2, 0}, new int[] {1, 0, 2}, 2));
        SubspaceGraph big = SubspaceGraph.build(2, 4, true);
        assertEquals(0, big.exactMismatches());
        List<Integer> walk = SubspaceGraph.edgeWalk(big.nodes().size(), big.edges(), 0);
        Set<Long> seen = new HashSet<>();
        Set<Long> edges = new HashSet<>();
        for (int[] e : big.edges()) {
            edges.add((long) Math.min(e[0], e[1]) * 1000 + Math.max(e[0], e[1]));
        }
        for (int k = 1; k < walk.size(); k++) {
            long key = (long) Math.min(walk.get(k - 1), walk.get(k)) * 1000 + Math.max(walk.get(k - 1), walk.get(k));
            assertTrue(edges.contains(key), "the walk steps along edges only");
            seen.add(key);
        }
        assertEquals(edges, seen);
    }

    @Test
    void erfLossAndGradientOnTheSubspaces() {
        TwoLayerLoss loss = new TwoLayerLoss(StandardActivation.ERF);
        double[][] v = Simsek2021Check.teacherW();
        double[] b = Simsek2021Check.teacherA();
        double l0 = loss.value(new double[][] {new double[Simsek2021Check.N]}, new double[] {0}, v, b);
        SplittableRandom rng = new SplittableRandom(5);
        TwoLayerGradientFlow.Params p = SubspacePoints.pointOn(new int[] {1, 0, 2, 3, 2}, v, b, rng);
        assertTrue(loss.value(p.w(), p.a(), v, b) < 1e-13 * l0);
        double[] off = p.a();
        off[1] = 0.05;
        assertTrue(loss.value(p.w(), off, v, b) > 1e-6 * l0, "a zero-type slot with output weight is off the manifold");
        // a map that leaves teacher neuron 3 uncovered is not a global minimum
        TwoLayerGradientFlow.Params missing = SubspacePoints.pointOn(new int[] {1, 0, 2, 2}, v, b, rng);
        assertTrue(loss.value(missing.w(), missing.a(), v, b) > 1e-3 * l0);

        TwoLayerGradientFlow.Params c = Simsek2021Check.criticalPoint(2);
        assertTrue(SubspacePoints.norm(loss.gradient(c.w(), c.a(), v, b, true)) < 1e-10);
        assertTrue(SubspacePoints.irreducibility(c) > 0.05);
        TwoLayerGradientFlow.Params rep = SubspacePoints.pointOn(new int[] {2, 1, 2}, c.w(), c.a(), rng);
        assertTrue(SubspacePoints.norm(loss.gradient(rep.w(), rep.a(), v, b, true)) < 1e-9);
        TwoLayerGradientFlow.Params zero = SubspacePoints.pointOn(new int[] {2, 1, 0}, c.w(), c.a(), rng);
        double g = SubspacePoints.norm(loss.gradient(zero.w(), zero.a(), v, b, true));
        assertTrue(g > 1e-6, "zero-type slot with random w is not critical: |∇L| = " + g);
    }

    @Test
    void allChecksPass() {
        Reproduction counts = new Simsek2021Counts().run();
        Reproduction connectivity = new Simsek2021Connectivity().run();
        Reproduction check = new Simsek2021Check().run();
        for (Reproduction r : new Reproduction[] {counts, connectivity, check}) {
            assertFalse(r.checks().isEmpty());
            for (Check c : r.checks()) {
                assertTrue(c.passed(), r.part() + ": " + c);
            }
        }
        // counts: T(3, 5) = 4⁵ − 3·3⁵ + 3·2⁵ − 1 = 390 and T(4, 6) = 3360 by inclusion–exclusion (by hand / python3
        // sum((-1)**k*comb(r,k)*(r+1-k)**m)), G(3, 4) = 3! S(4, 3) = 6 · 6 = 36 (OEIS A008277: S(4, 3) = 6)
        assertEquals(390, cell(counts, 0, 3, 2, 3));
        assertEquals(3360, cell(counts, 0, 4, 2, 3));
        assertEquals(36, cell(counts, 0, 4, 0, 6));
        // connectivity: r* = 1, m = 3: the 7 non-empty subsets of 3 slots, meeting iff they intersect: C(7, 2) minus
        // the 6 unordered disjoint pairs ((3³ − 2·2³ + 1)/2) = 15 edges; r* = 2, m = 3: 12 nodes on one 12-cycle
        assertArrayEquals(new double[] {7, 15, 1}, graphRow(connectivity, 1, 3));
        assertArrayEquals(new double[] {12, 12, 1}, graphRow(connectivity, 2, 3));
        assertArrayEquals(new double[] {24, 0, 24}, graphRow(connectivity, 4, 4));
        // check: the subspaces tried are T(3, m) = 4^m − 3·3^m + 3·2^m − 1 = 6, 60, 390 (m = 3, 4, 5) and
        // G(r, m) = r! S(m, r) = 1, 1 (r = 1, m = 2, 3), 2·3 = 6, 2·7 = 14 (r = 2, m = 3, 4)
        double[] subspaces = check.tables().get(0).rows().stream().mapToDouble(row -> row[3]).toArray();
        assertArrayEquals(new double[] {6, 60, 390, 1, 1, 6, 14}, subspaces);
    }

    /** The value in column {@code column} of the row whose first two columns are (a, b) (counts: r*, h). */
    private static double cell(Reproduction r, int table, int a, int b, int column) {
        return r.tables().get(table).rows().stream().filter(row -> row[0] == a && row[1] == b).findFirst()
                .orElseThrow()[column];
    }

    /** {nodes, edges, components} of the graph r*, m. */
    private static double[] graphRow(Reproduction r, int rStar, int m) {
        double[] row = r.tables().get(0).rows().stream().filter(x -> x[0] == rStar && x[1] == m).findFirst()
                .orElseThrow();
        return new double[] {row[2], row[3], row[4]};
    }
}
