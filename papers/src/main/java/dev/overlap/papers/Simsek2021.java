package dev.overlap.papers;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.SingularValueDecomposition;

import dev.overlap.model.StandardActivation;
import dev.overlap.ode.TwoLayerGradientFlow;
import dev.overlap.ode.TwoLayerLoss;

/**
 * Şimşek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea, "Geometry of the loss landscape in overparameterized neural
 * networks: symmetries and invariances" (ICML 2021, arXiv:2105.12221), for the two-layer network
 * f(x) = Σ_{k=1}^m a_k σ(w_k·x), w_k ∈ ℝ^d, of width m = r* + h, where r* is the smallest width that reaches zero loss.
 *
 * <p><b>Global minima.</b> Let the minimal zero-loss network have neurons (w*_i, a*_i), i = 1…r*, with distinct w*_i and
 * a*_i ≠ 0, and let σ be generic (a width-m network computes f* only by the construction below). A label map
 * π: {1…m} → {0, 1…r*} that takes every value i ≥ 1 defines the affine subspace
 * <pre>
 *   Γ_π = { w_k = w*_{π(k)} for π(k) ≥ 1;   Σ_{k: π(k)=i} a_k = a*_i for i = 1…r*;   a_k = 0, w_k free for π(k) = 0 }.
 * </pre>
 * Slots labelled 0 are zero type, the others are copies of a teacher neuron whose output weights split a*_i. With
 * j = |π⁻¹(0)| zero-type slots, dim Γ_π = j d + (m − j − r*) = h + j(d − 1) ≥ h, and
 * <pre>
 *   T(r*, m) = #π = Σ_{j=0}^{h} C(m, j) r*! S(m − j, r*) = r*! S(m + 1, r* + 1) = Σ_{k=0}^{r*} (−1)^k C(r*, k) (r* + 1 − k)^m,
 * </pre>
 * S the Stirling numbers of the second kind: choose the j zero-type slots, then a surjection of the other m − j slots
 * onto the r* neurons (r*! S(m − j, r*) of them). The second form adds a phantom slot m + 1 that always lies in the zero
 * block: the partitions of m + 1 slots into r* + 1 blocks, the r* blocks without the phantom labelled by the neurons.
 * The third is inclusion–exclusion over the neurons that no slot covers. The number of subspaces of dimension
 * h + j(d − 1) is the j-th term C(m, j) r*! S(m − j, r*).
 *
 * <p><b>Symmetry-induced critical points.</b> Let (w_i, a_i), i = 1…r, be an irreducible critical point of width r < r*
 * (distinct w_i, a_i ≠ 0). For a surjection π: {1…m} → {1…r} put w_k = w_{π(k)} and split a_i = Σ_{π(k)=i} a_k.
 * The function is unchanged, and
 * <pre>
 *   ∂L/∂a_k = E[(f − f*) σ(w_i·x)] = ∂L/∂a_i|_width r = 0,   ∂L/∂w_k = a_k E[(f − f*) σ'(w_i·x) x] = (a_k/a_i) ∂L/∂w_i|_width r = 0,
 * </pre>
 * so the whole affine subspace (dimension m − r) is critical, and there are G(r, m) = r! S(m, r) =
 * Σ_{k=0}^{r} (−1)^k C(r, k)(r − k)^m of them. Zero-type slots with a free incoming weight are not critical:
 * ∂L/∂a_k = E[(f − f*) σ(w_k·x)] ≠ 0 for a generic w_k, since f ≠ f* below width r*. It vanishes at w_k = w_i, which
 * is a replication with split a_k = 0 and already counted. For odd σ with σ(0) = 0 (erf) it also vanishes at
 * w_k = 0, a single point and not a subspace.
 *
 * <p><b>Regimes.</b> G(r* − 1, r*)/T(r*, r*) = (r* − 1)! C(r*, 2)/r*! = (r* − 1)/2, so saddles outnumber minima at
 * h = 0 for r* ≥ 4 (tie at r* = 3). For fixed r and m → ∞, S(m, r) ~ r^m/r!, so G(r* − 1, m) ~ (r* − 1)^m while
 * T(r*, m) ~ (r* + 1)^m, and ln(T/G)/h → ln((r* + 1)/(r* − 1)). The crossover h, after which T > G, is found exactly.
 *
 * <p><b>Connectivity.</b> Γ_π ∩ Γ_ρ ≠ ∅ iff (i) no slot carries two different neurons (π(k), ρ(k) ≥ 1 ⇒ π(k) = ρ(k))
 * and (ii) every neuron i has a slot with π(k) = ρ(k) = i. The w-constraints are per slot, which gives (i). Given (i),
 * the sets U_i = π⁻¹(i) ∪ ρ⁻¹(i) are disjoint. On U_i the slots outside π⁻¹(i) ∩ ρ⁻¹(i) are zero type for one of the
 * two maps, so a_k = 0 there, and both sum constraints become Σ_{k ∈ π⁻¹(i) ∩ ρ⁻¹(i)} a_k = a*_i ≠ 0. That is solvable
 * iff the intersection is not empty. At m = r* all π are bijections and (ii) forces π = ρ: r*! isolated points. This
 * rule is cross-checked against the exact test, consistency of the two stacked linear systems in exact integer
 * arithmetic.
 *
 * <p>Parts: {@link #counts()}, {@link #connectivity()}, {@link #check()} (erf network, population loss over Gaussian
 * inputs). {@link #countTable} gives T and G over any ranges of widths ({@code overlap reproduce simsek2021 counts
 * --m-max M}).
 */
public final class Simsek2021 {

    /** Input dimension of the exact instantiation of the subspaces. */
    static final int D = 2;
    /** A generic minimal network with integer weights: distinct w*_i, nonzero a*_i (rows used: the first r*). */
    static final long[][] TEACHER_W = {{3, -1}, {-2, 5}, {1, 4}, {-5, -3}};
    static final long[] TEACHER_A = {2, -3, 5, 7};

    /** Largest k of the cached Stirling numbers S(n, k). */
    static final int STIRLING_COLUMNS = 32;
    private static final List<BigInteger[]> STIRLING = new ArrayList<>();

    private Simsek2021() {
    }

    // ------------------------------------------------------------------ combinatorics

    static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

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
                STIRLING.add(s);
            }
            return STIRLING.get(n)[k];
        }
    }

    /** Global-minimum subspaces with j zero-type slots: C(m, j) r*! S(m − j, r*). */
    static BigInteger globalMinimaWithZeroSlots(int rStar, int m, int j) {
        return binomial(m, j).multiply(factorial(rStar)).multiply(stirling2(m - j, rStar));
    }

    /** T(r*, m) = Σ_{j=0}^{m−r*} C(m, j) r*! S(m − j, r*). */
    static BigInteger globalMinima(int rStar, int m) {
        requireWidths(rStar, m);
        BigInteger t = BigInteger.ZERO;
        for (int j = 0; j <= m - rStar; j++) {
            t = t.add(globalMinimaWithZeroSlots(rStar, m, j));
        }
        return t;
    }

    /** T(r*, m) in the phantom-slot form r*! S(m + 1, r* + 1). */
    static BigInteger globalMinimaPhantom(int rStar, int m) {
        requireWidths(rStar, m);
        return factorial(rStar).multiply(stirling2(m + 1, rStar + 1));
    }

    /** G(r, m) = r! S(m, r): replications of a width-r critical point into width m. */
    static BigInteger criticalSubspaces(int r, int m) {
        requireWidths(r, m);
        return factorial(r).multiply(stirling2(m, r));
    }

    private static void requireWidths(int r, int m) {
        if (r < 1 || m < r) {
            throw new IllegalArgumentException("need 1 ≤ r ≤ m, got r = " + r + ", m = " + m);
        }
    }

    /** Largest r of {@link #countTable}: T(r, m) = r! S(m + 1, r + 1) needs the Stirling column r + 1 ≤ 32. */
    public static final int COUNT_TABLE_MAX_R = STIRLING_COLUMNS - 1;
    /** Largest m of {@link #countTable} (the entries then have up to about 1500 digits). */
    public static final int COUNT_TABLE_MAX_M = 1000;

    /**
     * One entry of the count table at widths r ≤ m.
     *
     * @param r                 the minimal zero-loss width r* for T, the width of the replicated critical point for G
     * @param m                 the network's width
     * @param globalMinima      T(r* = r, m) = r! S(m + 1, r + 1), the affine subspaces of global minima
     * @param criticalSubspaces G(r, m) = r! S(m, r), the affine subspaces of symmetry-induced critical points
     */
    public record Count(int r, int m, BigInteger globalMinima, BigInteger criticalSubspaces) {
    }

    /**
     * T(r, m) and G(r, m) (class comment) for rMin ≤ r ≤ rMax and max(r, mMin) ≤ m ≤ mMax, by r then m; T in the
     * phantom-slot form r! S(m + 1, r + 1), which equals the sum over zero-type slots.
     *
     * @throws IllegalArgumentException unless 1 ≤ rMin ≤ rMax ≤ {@link #COUNT_TABLE_MAX_R} and
     *                                  1 ≤ mMin ≤ mMax ≤ {@link #COUNT_TABLE_MAX_M}
     */
    public static List<Count> countTable(int rMin, int rMax, int mMin, int mMax) {
        if (rMin < 1 || rMax < rMin || rMax > COUNT_TABLE_MAX_R || mMin < 1 || mMax < mMin || mMax > COUNT_TABLE_MAX_M) {
            throw new IllegalArgumentException("need 1 ≤ rMin ≤ rMax ≤ " + COUNT_TABLE_MAX_R + " and 1 ≤ mMin ≤ mMax ≤ "
                    + COUNT_TABLE_MAX_M + ", got r = " + rMin + "…" + rMax + ", m = " + mMin + "…" + mMax);
        }
        List<Count> out = new ArrayList<>();
        for (int r = rMin; r <= rMax; r++) {
            for (int m = Math.max(r, mMin); m <= mMax; m++) {
                out.add(new Count(r, m, globalMinimaPhantom(r, m), criticalSubspaces(r, m)));
            }
        }
        return out;
    }

    /**
     * The smallest h ≥ 0 from which on T(r*, r* + h) > G(r* − 1, r* + h) (or > Σ_{r<r*} G(r, r* + h) when
     * {@code sumOverR}), verified up to h = {@code hMax}; −1 if T does not stay ahead up to hMax.
     */
    static int crossover(int rStar, boolean sumOverR, int hMax) {
        int from = -1;
        for (int h = hMax; h >= 0; h--) {
            int m = rStar + h;
            BigInteger g = BigInteger.ZERO;
            for (int r = sumOverR ? 1 : Math.max(1, rStar - 1); r < rStar; r++) {
                g = g.add(criticalSubspaces(r, m));
            }
            if (globalMinimaPhantom(rStar, m).compareTo(g) > 0) {
                from = h;
            } else {
                break;
            }
        }
        return from;
    }

    /** log10 of a positive BigInteger. */
    static double log10(BigInteger x) {
        if (x.signum() <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int shift = Math.max(0, x.bitLength() - 60);
        return (Math.log10(x.shiftRight(shift).doubleValue()) + shift * Math.log10(2));
    }

    // ------------------------------------------------------------------ brute-force enumeration

    /**
     * All label maps {1…m} → {0, 1…r} (zero type allowed) or {1…r} that take every value 1…r, in lexicographic order
     * (slot 1 most significant). Label 0 is zero type.
     */
    static List<int[]> labelMaps(int r, int m, boolean zeroType) {
        List<int[]> out = new ArrayList<>();
        enumerate(r, m, zeroType, labels -> out.add(labels.clone()));
        return out;
    }

    /** Counts of valid label maps by their number j of zero-type slots (index j = 0…m). */
    static long[] countByZeroSlots(int r, int m, boolean zeroType) {
        long[] counts = new long[m + 1];
        enumerate(r, m, zeroType, labels -> {
            int j = 0;
            for (int l : labels) {
                j += l == 0 ? 1 : 0;
            }
            counts[j]++;
        });
        return counts;
    }

    private static void enumerate(int r, int m, boolean zeroType, java.util.function.Consumer<int[]> sink) {
        int lo = zeroType ? 0 : 1;
        int[] labels = new int[m];
        Arrays.fill(labels, lo);
        int[] hits = new int[r + 1];
        hits[lo] = m;
        while (true) {
            boolean covered = true;
            for (int i = 1; i <= r && covered; i++) {
                covered = hits[i] > 0;
            }
            if (covered) {
                sink.accept(labels);
            }
            int k = m - 1;
            while (k >= 0 && labels[k] == r) {
                hits[r]--;
                labels[k] = lo;
                hits[lo]++;
                k--;
            }
            if (k < 0) {
                return;
            }
            hits[labels[k]]--;
            labels[k]++;
            hits[labels[k]]++;
        }
    }

    // ------------------------------------------------------------------ exact linear algebra

    /**
     * The affine subspace of a label map as the rows [A | b] of A θ = b, θ = (w_1 … w_m (d each), a_1 … a_m), for the
     * integer network (w, a): w_k = w_{π(k)} (d rows) for π(k) ≥ 1, a_k = 0 for π(k) = 0, and one row
     * Σ_{π(k)=i} a_k = a_i per neuron i.
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
     * {rank A, rank [A | b]} for augmented rows [A | b], by fraction-free (Bareiss) elimination in exact long
     * arithmetic: every intermediate entry is a minor of [A | b], the divisions are checked to be exact and the
     * products to not overflow.
     */
    static int[] ranks(long[][] augmented) {
        int rows = augmented.length;
        int cols = augmented[0].length - 1;
        long[][] m = new long[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = augmented[i].clone();
        }
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
            for (int i = r + 1; i < rows; i++) {
                for (int j = c + 1; j <= cols; j++) {
                    long num = Math.subtractExact(Math.multiplyExact(m[r][c], m[i][j]),
                            Math.multiplyExact(m[i][c], m[r][j]));
                    if (num % prev != 0) {
                        throw new IllegalStateException("Bareiss division not exact: " + num + " / " + prev);
                    }
                    m[i][j] = num / prev;
                }
                m[i][c] = 0;
            }
            prev = m[r][c];
            r++;
        }
        boolean inconsistent = false;
        for (int i = r; i < rows; i++) {
            inconsistent |= m[i][cols] != 0;
        }
        return new int[] {r, r + (inconsistent ? 1 : 0)};
    }

    /** Dimension of a consistent affine system (columns − rank), or −1 if it has no solution. */
    static int dimension(long[][] augmented) {
        int[] rk = ranks(augmented);
        return rk[0] == rk[1] ? augmented[0].length - 1 - rk[0] : -1;
    }

    private static long[][] stack(long[][] x, long[][] y) {
        long[][] s = new long[x.length + y.length][];
        System.arraycopy(x, 0, s, 0, x.length);
        System.arraycopy(y, 0, s, x.length, y.length);
        return s;
    }

    /** Whether two affine systems have a common solution, exactly. */
    static boolean intersectExact(long[][] x, long[][] y) {
        int[] rk = ranks(stack(x, y));
        return rk[0] == rk[1];
    }

    /** Whether two consistent affine systems define the same subspace (the stacked system has their rank). */
    static boolean sameSubspace(long[][] x, long[][] y) {
        int[] s = ranks(stack(x, y));
        return s[0] == s[1] && s[0] == ranks(x)[0] && s[0] == ranks(y)[0];
    }

    /**
     * The structural rule: Γ_π ∩ Γ_ρ ≠ ∅ iff no slot carries two different neurons and every neuron 1…r has a slot
     * that both maps give to it.
     */
    static boolean intersectRule(int[] pi, int[] rho, int r) {
        boolean[] shared = new boolean[r + 1];
        for (int k = 0; k < pi.length; k++) {
            if (pi[k] != 0 && rho[k] != 0) {
                if (pi[k] != rho[k]) {
                    return false;
                }
                shared[pi[k]] = true;
            }
        }
        for (int i = 1; i <= r; i++) {
            if (!shared[i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ graphs

    /** The intersection graph of the T(r*, m) global-minimum subspaces and its component count. */
    record Graph(int rStar, int m, List<int[]> nodes, List<int[]> edges, int components, int[] component,
            int exactMismatches, int equalPairs, boolean exact) {
    }

    /**
     * Builds the graph with the structural rule; with {@code exact} also tests every pair exactly and counts the pairs
     * where the two disagree and the pairs of identical subspaces.
     */
    static Graph graph(int rStar, int m, boolean exact) {
        List<int[]> nodes = labelMaps(rStar, m, true);
        long[][] w = Arrays.copyOf(TEACHER_W, rStar);
        long[] a = Arrays.copyOf(TEACHER_A, rStar);
        List<long[][]> systems = new ArrayList<>();
        int[] rank = new int[nodes.size()];
        if (exact) {
            for (int u = 0; u < nodes.size(); u++) {
                long[][] s = system(nodes.get(u), w, a);
                systems.add(s);
                rank[u] = ranks(s)[0];
            }
        }
        List<int[]> edges = new ArrayList<>();
        int[] parent = new int[nodes.size()];
        for (int u = 0; u < parent.length; u++) {
            parent[u] = u;
        }
        int mismatches = 0;
        int equal = 0;
        for (int u = 0; u < nodes.size(); u++) {
            for (int v = u + 1; v < nodes.size(); v++) {
                boolean rule = intersectRule(nodes.get(u), nodes.get(v), rStar);
                if (exact) {
                    int[] s = ranks(stack(systems.get(u), systems.get(v)));
                    boolean meet = s[0] == s[1];
                    mismatches += meet != rule ? 1 : 0;
                    equal += meet && s[0] == rank[u] && s[0] == rank[v] ? 1 : 0;
                }
                if (rule) {
                    edges.add(new int[] {u, v});
                    parent[find(parent, u)] = find(parent, v);
                }
            }
        }
        int[] component = new int[nodes.size()];
        int[] id = new int[nodes.size()];
        Arrays.fill(id, -1);
        int count = 0;
        for (int u = 0; u < nodes.size(); u++) {
            int root = find(parent, u);
            if (id[root] < 0) {
                id[root] = count++;
            }
            component[u] = id[root];
        }
        return new Graph(rStar, m, nodes, edges, count, component, mismatches, equal, exact);
    }

    private static int find(int[] parent, int u) {
        while (parent[u] != u) {
            parent[u] = parent[parent[u]];
            u = parent[u];
        }
        return u;
    }

    /** A closed walk from {@code start} along the edges of its component that passes every edge (twice). */
    static List<Integer> edgeWalk(int n, List<int[]> edges, int start) {
        List<List<int[]>> adj = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            adj.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.size(); e++) {
            adj.get(edges.get(e)[0]).add(new int[] {edges.get(e)[1], e});
            adj.get(edges.get(e)[1]).add(new int[] {edges.get(e)[0], e});
        }
        List<Integer> walk = new ArrayList<>();
        walk.add(start);
        walkFrom(start, adj, new boolean[n], new boolean[edges.size()], walk);
        return walk;
    }

    private static void walkFrom(int u, List<List<int[]>> adj, boolean[] seen, boolean[] used, List<Integer> walk) {
        seen[u] = true;
        for (int[] ne : adj.get(u)) {
            if (used[ne[1]]) {
                continue;
            }
            used[ne[1]] = true;
            walk.add(ne[0]);
            if (!seen[ne[0]]) {
                walkFrom(ne[0], adj, seen, used, walk);
            }
            walk.add(u);
        }
    }

    private static String labelString(int[] labels) {
        StringBuilder sb = new StringBuilder();
        for (int l : labels) {
            sb.append(l);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ part 1: counts

    public static Reproduction counts() {
        List<Check> checks = new ArrayList<>();
        List<double[]> countRows = new ArrayList<>();
        List<double[]> dimRows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("| r* | h | m | T(r*, m) | G(1, m) | G(2, m) | G(3, m) | Σ_{r<r*} G(r, m) | T/G(r*−1, m) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        int enumerated = 0;
        int ranked = 0;
        for (int rStar = 1; rStar <= 4; rStar++) {
            for (int h = 0; h <= 6; h++) {
                int m = rStar + h;
                BigInteger t = globalMinima(rStar, m);
                BigInteger[] g = new BigInteger[4];
                BigInteger sum = BigInteger.ZERO;
                for (int r = 1; r <= 3; r++) {
                    g[r] = r < rStar ? criticalSubspaces(r, m) : BigInteger.ZERO;
                    sum = sum.add(g[r]);
                }
                BigInteger gTop = rStar > 1 ? g[rStar - 1] : BigInteger.ZERO;
                checks.add(new Check(String.format(Locale.ROOT, "r*=%d m=%d: Σ_j C(m,j) r*! S(m−j,r*) = r*! S(m+1,r*+1)",
                        rStar, m), "phantom-slot identity", t.doubleValue(), globalMinimaPhantom(rStar, m).doubleValue(),
                        0));
                double bruteT = Double.NaN;
                double bruteG = Double.NaN;
                if (m <= 8) {
                    long[] byJ = countByZeroSlots(rStar, m, true);
                    long total = 0;
                    int[] dimCount = new int[m * (D + 1) + 1];
                    boolean rank = m <= 6;
                    if (rank) {
                        long[][] w = Arrays.copyOf(TEACHER_W, rStar);
                        long[] a = Arrays.copyOf(TEACHER_A, rStar);
                        int inconsistent = 0;
                        for (int[] labels : labelMaps(rStar, m, true)) {
                            int dim = dimension(system(labels, w, a));
                            if (dim < 0) {
                                inconsistent++;
                            } else {
                                dimCount[dim]++;
                            }
                        }
                        checks.add(new Check(String.format(Locale.ROOT, "r*=%d m=%d: inconsistent systems", rStar, m),
                                "every label map is a subspace", 0, inconsistent, 0));
                        ranked++;
                    }
                    for (int j = 0; j <= m - rStar; j++) {
                        total += byJ[j];
                        int dim = h + j * (D - 1);
                        BigInteger closed = globalMinimaWithZeroSlots(rStar, m, j);
                        dimRows.add(new double[] {rStar, m, j, dim, closed.doubleValue(), byJ[j],
                            rank ? dimCount[dim] : Double.NaN});
                        if (rank) {
                            checks.add(new Check(String.format(Locale.ROOT,
                                    "r*=%d m=%d: subspaces of dimension %d (exact rank, d=%d)", rStar, m, dim, D),
                                    "C(m," + j + ") r*! S(m−" + j + ",r*)", closed.doubleValue(), dimCount[dim], 0));
                        }
                    }
                    bruteT = total;
                    bruteG = rStar > 1 ? countByZeroSlots(rStar - 1, m, false)[0] : 0;
                    enumerated++;
                    checks.add(new Check(String.format(Locale.ROOT, "r*=%d m=%d: T by enumerating label maps", rStar, m),
                            "closed form", t.doubleValue(), bruteT, 0));
                    if (rStar > 1) {
                        checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d: G by enumerating surjections",
                                rStar - 1, m), "r! S(m, r)", gTop.doubleValue(), bruteG, 0));
                    }
                }
                double ratio = rStar > 1 ? t.doubleValue() / gTop.doubleValue() : Double.NaN;
                countRows.add(new double[] {rStar, h, m, t.doubleValue(), g[1].doubleValue(), g[2].doubleValue(),
                    g[3].doubleValue(), sum.doubleValue(), ratio, bruteT, bruteG});
                md.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %s | %s | %s | %s |%n", rStar, h, m, t,
                        rStar > 1 ? g[1] : "–", rStar > 2 ? g[2] : "–", rStar > 3 ? g[3] : "–", sum,
                        rStar > 1 ? String.format(Locale.ROOT, "%.4g", ratio) : "–"));
            }
        }
        // regimes: crossover per r*, h = 0 comparison, and the asymptotic rate
        List<double[]> crossRows = new ArrayList<>();
        StringBuilder cross = new StringBuilder();
        cross.append("| r* | G(r*−1, r*) | T(r*, r*) | G/T at h = 0 | crossover h vs G(r*−1, m) | crossover h vs Σ_{r<r*} G(r, m) |\n");
        cross.append("| --- | --- | --- | --- | --- | --- |\n");
        for (int rStar = 2; rStar <= 20; rStar++) {
            int hMax = 10 * rStar + 50;
            BigInteger g0 = criticalSubspaces(rStar - 1, rStar);
            BigInteger t0 = globalMinimaPhantom(rStar, rStar);
            int hx = crossover(rStar, false, hMax);
            int hxSum = crossover(rStar, true, hMax);
            double ratio0 = g0.doubleValue() / t0.doubleValue();
            crossRows.add(new double[] {rStar, g0.doubleValue(), t0.doubleValue(), ratio0, hx, hxSum});
            cross.append(String.format(Locale.ROOT, "| %d | %s | %s | %.4g | %d | %d |%n", rStar, g0, t0, ratio0, hx,
                    hxSum));
            checks.add(new Check("r*=" + rStar + ": G(r*−1, r*)/T(r*, r*)", "(r* − 1)/2", (rStar - 1) / 2.0, ratio0,
                    1e-12));
            checks.add(new Check("r*=" + rStar + ": T > G(r*−1, m) from the crossover on, up to h = " + hMax,
                    "T ~ (r*+1)^m ≫ G ~ (r*−1)^m", 1, hx >= 0 ? 1 : 0, 0));
            if (rStar >= 4) {
                checks.add(new Check("r*=" + rStar + ": saddles dominate at h = 0, G(r*−1, r*) > T(r*, r*)",
                        "mildly overparameterised regime", 1, g0.compareTo(t0) > 0 ? 1 : 0, 0));
            }
        }
        for (int rStar : new int[] {2, 4, 8}) {
            int h1 = 400;
            int h2 = 600;
            double slope = (log10(globalMinimaPhantom(rStar, rStar + h2))
                    - log10(criticalSubspaces(rStar - 1, rStar + h2)) - log10(globalMinimaPhantom(rStar, rStar + h1))
                    + log10(criticalSubspaces(rStar - 1, rStar + h1)))
                    / (h2 - h1) * Math.log(10);
            double predicted = Math.log((rStar + 1.0) / (rStar - 1.0));
            checks.add(new Check("r*=" + rStar + ": d ln(T/G(r*−1,m))/dh over h = 400…600", "ln((r*+1)/(r*−1))",
                    predicted, slope, 1e-6 * predicted));
        }
        // figure: log10 T and log10 G(r*−1, m) against h
        List<Figure.Series> series = new ArrayList<>();
        for (int rStar : new int[] {2, 3, 4, 8}) {
            int hn = 21;
            double[] hs = new double[hn];
            double[] lt = new double[hn];
            double[] lg = new double[hn];
            for (int h = 0; h < hn; h++) {
                hs[h] = h;
                lt[h] = log10(globalMinima(rStar, rStar + h));
                lg[h] = log10(criticalSubspaces(rStar - 1, rStar + h));
            }
            series.add(new Figure.Series("T(" + rStar + ", m) global minima", hs, lt, null, Figure.Style.LINE));
            series.add(new Figure.Series("G(" + (rStar - 1) + ", m) saddles", hs, lg, null, Figure.Style.DASHED));
        }
        String summary = "Counting the affine subspaces of global minima, T(r*, m), and of symmetry-induced critical"
                + " points from a width-r critical point, G(r, m), for f(x) = Σ_k a_k σ(w_k·x) of width m = r* + h"
                + " (Şimşek et al. 2021).\n\n"
                + "Derivation (also in the Javadoc of `Simsek2021`). A global-minimum subspace is a label map π from the m"
                + " slots to {0, 1…r*} that covers every teacher neuron: label 0 is zero type (a_k = 0, w_k free in ℝ^d),"
                + " label i a copy of teacher neuron i (w_k = w*_i, and the output weights of the copies of i sum to a*_i)."
                + " With j zero-type slots its dimension is j d + (m − j − r*) = h + j(d − 1) ≥ h, and\n\n"
                + "    T(r*, m) = Σ_{j=0}^{h} C(m, j) r*! S(m − j, r*) = r*! S(m + 1, r* + 1)"
                + " = Σ_k (−1)^k C(r*, k)(r* + 1 − k)^m,\n\n"
                + "where the middle form adds a phantom slot to the zero block, e.g. T(1, m) = 2^m − 1 and"
                + " T(2, m) = 3^m − 2^{m+1} + 1. Symmetry-induced critical subspaces come from replication only: with w_k"
                + " = w_{π(k)} for a surjection π onto the r neurons of an irreducible width-r critical point and any split"
                + " of its output weights, ∂L/∂a_k equals the width-r derivative and ∂L/∂w_k is (a_k/a_i) times it, both"
                + " zero. A zero-type slot with a free incoming weight is not critical (∂L/∂a_k = E[(f − f*)σ(w_k·x)] ≠ 0),"
                + " and a zero-output copy is a replication with split 0. Hence G(r, m) = r! S(m, r), of dimension"
                + " m − r.\n\n"
                + "The paper's own formulas for T and G could not be retrieved here: the search tool found only the"
                + " abstract (which states the objects, T(r*, m) subspaces of dimension ≥ h, connected from m = r* + 1,"
                + " and the regimes, but not the formulas). So the formulas above are derived from the construction, not"
                + " compared with the paper's.\n\n"
                + "Brute force. All label maps {1…m} → {0…r*} are enumerated and the covering ones counted, by number of"
                + " zero slots, for every m ≤ 8 (" + enumerated + " (r*, m) cases), and the surjections {1…m} → {1…r}"
                + " for G. For m ≤ 6 (" + ranked + " cases) every subspace is also instantiated as A θ = b for the integer"
                + " network w* = " + Arrays.deepToString(TEACHER_W) + ", a* = " + Arrays.toString(TEACHER_A) + " (first"
                + " r* rows, d = " + D + "), and its dimension taken from the exact rank (fraction-free elimination).\n\n"
                + md + "\n"
                + "Regimes. At h = 0, G(r* − 1, r*)/T(r*, r*) = (r* − 1)/2: saddles outnumber minima for r* ≥ 4, tie at"
                + " r* = 3. For large h, T ~ (r* + 1)^m and G(r* − 1, m) ~ (r* − 1)^m, so global minima dominate. The"
                + " crossover, the smallest h from which on T exceeds G, is computed exactly and verified up to"
                + " h = 10 r* + 50:\n\n" + cross + "\n"
                + "So the crossover grows roughly like r*/4 against G(r* − 1, m), and like r*/2.5 against all saddle"
                + " subspaces from widths r < r*. With r* ≤ 4 saddles dominate only at h = 0, and not at all for r* ≤ 3."
                + " The regime claim holds, but \"mildly overparameterised\" means h below about r*/4.";
        return new Reproduction("simsek2021", "counts", "Counting global-minimum and critical affine subspaces", summary,
                checks,
                List.of(new Table("counts", List.of("rstar", "h", "m", "T", "G_r1", "G_r2", "G_r3", "G_sum",
                        "T_over_G_rstar_minus_1", "T_enumerated", "G_rstar_minus_1_enumerated"), countRows),
                    new Table("dimensions", List.of("rstar", "m", "zero_slots", "dimension", "closed_form",
                        "enumerated", "exact_rank"), dimRows),
                    new Table("crossover", List.of("rstar", "G_h0", "T_h0", "G_over_T_h0", "crossover_h_G_rstar_minus_1",
                        "crossover_h_G_sum"), crossRows)),
                List.of(new Figure("counts", "Affine subspaces of global minima T(r*, m) and saddles G(r*−1, m)",
                        "h = m − r*", "log10 count", false, false, series)));
    }

    // ------------------------------------------------------------------ part 2: connectivity

    public static Reproduction connectivity() {
        List<Check> checks = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<double[]> edgeRows = new ArrayList<>();
        List<double[]> nodeRows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("| r* | m | nodes T(r*, m) | edges | components | test |\n| --- | --- | --- | --- | --- | --- |\n");
        Graph pictured = null;
        for (int rStar = 1; rStar <= 4; rStar++) {
            for (int m = rStar; m <= rStar + 2; m++) {
                boolean exact = rStar <= 3;
                long t0 = System.nanoTime();
                Graph g = graph(rStar, m, exact);
                double seconds = (System.nanoTime() - t0) * 1e-9;
                String tag = String.format(Locale.ROOT, "r*=%d m=%d", rStar, m);
                checks.add(new Check(tag + ": nodes", "T(r*, m)", globalMinima(rStar, m).doubleValue(), g.nodes().size(),
                        0));
                int expected = m == rStar ? factorial(rStar).intValueExact() : 1;
                checks.add(new Check(tag + ": connected components", m == rStar ? "r*! isolated points" : "one manifold",
                        expected, g.components(), 0));
                if (m == rStar) {
                    checks.add(new Check(tag + ": edges", "permutations do not meet", 0, g.edges().size(), 0));
                }
                if (exact) {
                    checks.add(new Check(tag + ": pairs where the rule and the exact test disagree", "rule derivation", 0,
                            g.exactMismatches(), 0));
                    checks.add(new Check(tag + ": pairs of identical subspaces", "T counts distinct subspaces", 0,
                            g.equalPairs(), 0));
                    for (int[] e : g.edges()) {
                        edgeRows.add(new double[] {rStar, m, e[0], e[1]});
                    }
                    for (int u = 0; u < g.nodes().size(); u++) {
                        int[] labels = g.nodes().get(u);
                        int j = 0;
                        for (int l : labels) {
                            j += l == 0 ? 1 : 0;
                        }
                        nodeRows.add(new double[] {rStar, m, u, Long.parseLong(labelString(labels)), j,
                            (m - rStar) + j * (D - 1), g.component()[u]});
                    }
                }
                if (rStar == 2 && m == 3) {
                    pictured = g;
                    int[] degree = new int[g.nodes().size()];
                    for (int[] e : g.edges()) {
                        degree[e[0]]++;
                        degree[e[1]]++;
                    }
                    int min = Arrays.stream(degree).min().orElse(0);
                    int max = Arrays.stream(degree).max().orElse(0);
                    checks.add(new Check(tag + ": every node has degree 2 (connected ⇒ one 12-cycle), min degree",
                            "figure", 2, min, 0));
                    checks.add(new Check(tag + ": max degree", "figure", 2, max, 0));
                }
                rows.add(new double[] {rStar, m, g.nodes().size(), g.edges().size(), g.components(), exact ? 1 : 0,
                    seconds});
                md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %s |%n", rStar, m, g.nodes().size(),
                        g.edges().size(), g.components(), exact ? "exact and rule" : "rule"));
            }
        }
        List<Figure> figures = new ArrayList<>();
        if (pictured != null) {
            figures.add(graphFigure(pictured));
        }
        String summary = "The intersection graph of the global-minimum subspaces: one node per label map π (T(r*, m)"
                + " of them), an edge where two subspaces meet.\n\n"
                + "Exact test. Each subspace is instantiated as A θ = b, θ = (w_1…w_m, a_1…a_m) ∈ ℚ^{m(d+1)}, d = " + D
                + ", for the integer minimal network w* = " + Arrays.deepToString(TEACHER_W) + ", a* = "
                + Arrays.toString(TEACHER_A) + " (first r* rows). Two subspaces meet iff the stacked system is"
                + " consistent, rank A = rank [A | b], decided by fraction-free elimination in exact integer arithmetic."
                + " The same elimination shows that no two label maps give the same subspace.\n\n"
                + "Structural rule (derived in the Javadoc). Γ_π and Γ_ρ meet iff no slot carries two different neurons"
                + " and every neuron keeps a slot that both maps give to it: then Σ over the shared slots of a_k = a*_i"
                + " satisfies both sum constraints, the other slots of neuron i being zero type in one of the maps. The"
                + " rule agrees with the exact test on every pair for r* ≤ 3. For r* = 4 only the rule is used.\n\n"
                + md + "\n"
                + "At m = r* the r*! permutations are isolated points. From m = r* + 1 on, all subspaces form one"
                + " connected set, as the paper states (\"adding one extra neuron … connects all these previously"
                + " discrete minima into a single manifold\"). For r* = 2, m = 3 the graph is a single 12-cycle that"
                + " alternates between the 6 subspaces without a zero-type slot (dimension 1, e.g. π = 112) and the 6 with"
                + " one (dimension 2, e.g. π = 102): 112 meets 102 and 012 and nothing else. Two maps without zero slots"
                + " always disagree on some slot, and two with one zero slot each never share a slot for both neurons."
                + " The figure draws it on an arc, each edge as part of one closed walk along the edges. Edge list:"
                + " connectivity_edges.csv"
                + " (node ids as in connectivity_nodes.csv; labels are the digits of π, 0 = zero type).";
        return new Reproduction("simsek2021", "connectivity", "Global-minimum subspaces form one connected set from"
                + " m = r* + 1", summary, checks,
                List.of(new Table("graphs", List.of("rstar", "m", "nodes", "edges", "components", "exact", "seconds"),
                        rows),
                    new Table("nodes", List.of("rstar", "m", "node", "labels", "zero_slots", "dimension", "component"),
                        nodeRows),
                    new Table("edges", List.of("rstar", "m", "u", "v"), edgeRows)),
                figures);
    }

    /**
     * The graph drawn on a three-quarter circle (the lower-left quadrant, where the legend sits, left empty), nodes in
     * the order of their first visit by {@link #edgeWalk} so that paths and cycles are drawn around the arc.
     */
    private static Figure graphFigure(Graph g) {
        int n = g.nodes().size();
        int[] order = new int[n];
        Arrays.fill(order, -1);
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (order[start] >= 0) {
                continue;
            }
            for (int u : edgeWalk(n, g.edges(), start)) {
                if (order[u] < 0) {
                    order[u] = next++;
                }
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int u = 0; u < n; u++) {
            double angle = Math.PI * (-0.5 + 1.5 * order[u] / Math.max(1, n - 1));
            x[u] = Math.cos(angle);
            y[u] = Math.sin(angle);
        }
        List<Figure.Series> series = new ArrayList<>();
        boolean[] drawn = new boolean[g.components()];
        for (int u = 0; u < n; u++) {
            int c = g.component()[u];
            if (drawn[c]) {
                continue;
            }
            drawn[c] = true;
            List<Integer> walk = edgeWalk(n, g.edges(), u);
            if (walk.size() < 2) {
                continue;
            }
            double[] wx = new double[walk.size()];
            double[] wy = new double[walk.size()];
            for (int k = 0; k < walk.size(); k++) {
                wx[k] = x[walk.get(k)];
                wy[k] = y[walk.get(k)];
            }
            series.add(new Figure.Series(String.format(Locale.ROOT, "edges, component %d", c + 1), wx, wy, null,
                    Figure.Style.LINE));
        }
        int h = g.m() - g.rStar();
        for (int j = 0; j <= h; j++) {
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                int zeros = 0;
                for (int l : g.nodes().get(u)) {
                    zeros += l == 0 ? 1 : 0;
                }
                if (zeros == j) {
                    px.add(x[u]);
                    py.add(y[u]);
                }
            }
            series.add(new Figure.Series(String.format(Locale.ROOT, "j = %d, dim %d (%d)", j, h + j * (D - 1),
                    px.size()), px.stream().mapToDouble(Double::doubleValue).toArray(),
                    py.stream().mapToDouble(Double::doubleValue).toArray(), null, Figure.Style.MARKERS));
        }
        return new Figure("graph", String.format(Locale.ROOT, "Intersection graph of the %d global-minimum subspaces,"
                + " r* = %d, m = %d: %d edges, %d component(s); j = zero-type slots", n, g.rStar(), g.m(),
                g.edges().size(), g.components()), "", "", false, false, series);
    }

    // ------------------------------------------------------------------ part 3: check on an erf network

    /** Input dimension, teacher width and seed of the erf check. */
    static final int N = 4;
    static final int R_STAR = 3;
    private static final long SEED = 2105_12221L;
    /** Random zero-type points per case in the control of part (b). */
    private static final int CONTROL_DRAWS = 21;
    /** Length of the gradient flow before the Newton polish. */
    static final double FLOW_TIME = 20000;
    private static final TwoLayerLoss LOSS = new TwoLayerLoss(StandardActivation.ERF);

    /** The teacher of the erf check: rows v_j ~ N(0, I_N) and output weights ±(0.6 … 1.4). */
    static double[][] teacherW() {
        SplittableRandom rng = new SplittableRandom(SEED);
        double[][] v = new double[R_STAR][N];
        for (double[] row : v) {
            for (int i = 0; i < N; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        return v;
    }

    static double[] teacherA() {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        double[] b = new double[R_STAR];
        for (int j = 0; j < R_STAR; j++) {
            b[j] = (rng.nextBoolean() ? 1 : -1) * (0.6 + 0.8 * rng.nextDouble());
        }
        return b;
    }

    /** Splits {@code total} into k random parts that sum to it (parts of order total, signs free). */
    private static double[] split(double total, int k, SplittableRandom rng) {
        double[] g = new double[k];
        double mean = 0;
        for (int c = 0; c < k; c++) {
            g[c] = rng.nextGaussian();
            mean += g[c] / k;
        }
        double[] out = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = total * (1.0 / k + 0.7 * (g[c] - mean));
            sum += out[c];
        }
        out[k - 1] += total - sum;
        return out;
    }

    /**
     * A random point of the subspace of a label map built on the network (w, a): label-i slots copy w_i and split a_i,
     * label-0 slots get a = 0 and w ~ N(0, I). A neuron that no slot carries is left out.
     */
    static TwoLayerGradientFlow.Params pointOn(int[] labels, double[][] w, double[] a, SplittableRandom rng) {
        int m = labels.length;
        int n = w[0].length;
        double[][] ws = new double[m][];
        double[] as = new double[m];
        for (int i = 1; i <= w.length; i++) {
            int k = 0;
            for (int l : labels) {
                k += l == i ? 1 : 0;
            }
            if (k == 0) {
                continue;
            }
            double[] parts = split(a[i - 1], k, rng);
            int c = 0;
            for (int s = 0; s < m; s++) {
                if (labels[s] == i) {
                    ws[s] = w[i - 1].clone();
                    as[s] = parts[c++];
                }
            }
        }
        for (int s = 0; s < m; s++) {
            if (labels[s] == 0) {
                ws[s] = new double[n];
                for (int l = 0; l < n; l++) {
                    ws[s][l] = rng.nextGaussian();
                }
            }
        }
        return new TwoLayerGradientFlow.Params(ws, as);
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * A critical point of the width-r erf student against the check's teacher: gradient flow with both layers trained
     * from a seeded random start up to t = {@link #FLOW_TIME} (the slowest Hessian eigenvalue is of order 1e-4, so
     * shorter flows stop visibly short of the critical point), then damped Newton steps (pseudo-inverse of the
     * finite-difference Hessian of the exact gradient, step halved until |∇L| falls).
     */
    static TwoLayerGradientFlow.Params criticalPoint(int r) {
        double[][] v = teacherW();
        double[] b = teacherA();
        SplittableRandom rng = new SplittableRandom(SEED + 17L * r);
        double[][] w0 = new double[r][N];
        double[] a0 = new double[r];
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < N; l++) {
                w0[i][l] = rng.nextGaussian();
            }
            a0[i] = 0.5 * rng.nextGaussian();
        }
        TwoLayerGradientFlow flow = new TwoLayerGradientFlow(LOSS, true, 1e-10);
        TwoLayerGradientFlow.Params p = flow.integrate(new TwoLayerGradientFlow.Params(w0, a0), v, b,
                new double[] {0, FLOW_TIME}, 0).last();
        double[][] w = p.w();
        double[] a = p.a();
        double g = norm(LOSS.gradient(w, a, v, b, true));
        for (int it = 0; it < 20 && g > 1e-14; it++) {
            double[] grad = LOSS.gradient(w, a, v, b, true);
            double[][] hess = LOSS.hessian(w, a, v, b, true);
            double[] step = new SingularValueDecomposition(new Array2DRowRealMatrix(hess, false)).getSolver()
                    .solve(new ArrayRealVector(grad, false)).toArray();
            boolean improved = false;
            for (double damp = 1; damp > 1e-3 && !improved; damp /= 2) {
                double[][] w2 = new double[r][N];
                double[] a2 = new double[r];
                for (int i = 0; i < r; i++) {
                    for (int l = 0; l < N; l++) {
                        w2[i][l] = w[i][l] - damp * step[i * N + l];
                    }
                    a2[i] = a[i] - damp * step[r * N + i];
                }
                double g2 = norm(LOSS.gradient(w2, a2, v, b, true));
                if (g2 < g) {
                    w = w2;
                    a = a2;
                    g = g2;
                    improved = true;
                }
            }
            if (!improved) {
                break;
            }
        }
        return new TwoLayerGradientFlow.Params(w, a);
    }

    /** Irreducibility margin of a width-r network: min over |a_i|, |w_i|, |w_i − w_j|, |w_i + w_j| (erf is odd). */
    static double irreducibility(TwoLayerGradientFlow.Params p) {
        double[][] w = p.w();
        double[] a = p.a();
        double margin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < w.length; i++) {
            margin = Math.min(margin, Math.min(Math.abs(a[i]), norm(w[i])));
            for (int j = i + 1; j < w.length; j++) {
                double[] dm = new double[w[i].length];
                double[] dp = new double[w[i].length];
                for (int l = 0; l < dm.length; l++) {
                    dm[l] = w[i][l] - w[j][l];
                    dp[l] = w[i][l] + w[j][l];
                }
                margin = Math.min(margin, Math.min(norm(dm), norm(dp)));
            }
        }
        return margin;
    }

    public static Reproduction check() {
        double[][] v = teacherW();
        double[] b = teacherA();
        List<Check> checks = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        SplittableRandom rng = new SplittableRandom(SEED + 99);
        double l0 = LOSS.value(new double[][] {new double[N]}, new double[] {0}, v, b);
        int samples = 3;
        for (int m = R_STAR; m <= R_STAR + 2; m++) {
            double maxRel = 0;
            double minOff = Double.POSITIVE_INFINITY;
            List<int[]> maps = labelMaps(R_STAR, m, true);
            for (int[] labels : maps) {
                for (int s = 0; s < samples; s++) {
                    TwoLayerGradientFlow.Params p = pointOn(labels, v, b, rng);
                    maxRel = Math.max(maxRel, Math.abs(LOSS.value(p.w(), p.a(), v, b)) / l0);
                    double[][] wp = p.w();
                    double[] ap = p.a();
                    for (int k = 0; k < m; k++) {
                        for (int l = 0; l < N; l++) {
                            wp[k][l] += 1e-2 * rng.nextGaussian();
                        }
                        ap[k] += 1e-2 * rng.nextGaussian();
                    }
                    minOff = Math.min(minOff, LOSS.value(wp, ap, v, b) / l0);
                }
            }
            rows.add(new double[] {0, R_STAR, m, maps.size(), maps.size() * samples, maxRel, minOff, Double.NaN});
            checks.add(new Check(String.format(Locale.ROOT, "m=%d: max L/L₀ over %d points on the %d T subspaces", m,
                    maps.size() * samples, maps.size()), "zero loss", 0, maxRel, 1e-12));
            checks.add(new Check(String.format(Locale.ROOT, "m=%d control: min L/L₀ off the subspaces (%.2e) > 1e-8", m,
                    minOff), "positive loss", 1, minOff > 1e-8 ? 1 : 0, 0));
            text.append(String.format(Locale.ROOT, "- (a) m = %d: T(%d, %d) = %d subspaces, %d random points: max L/L₀ ="
                    + " %.2e. Control, every parameter moved by 1e-2·N(0, 1): min L/L₀ = %.2e.%n", m, R_STAR, m,
                    maps.size(), maps.size() * samples, maxRel, minOff));
        }
        for (int r = 1; r < R_STAR; r++) {
            TwoLayerGradientFlow.Params c = criticalPoint(r);
            double g0 = norm(LOSS.gradient(c.w(), c.a(), v, b, true));
            double lc = LOSS.value(c.w(), c.a(), v, b);
            double margin = irreducibility(c);
            checks.add(new Check("r=" + r + ": |∇L| at the width-r critical point", "gradient flow + Newton", 0, g0,
                    1e-10));
            checks.add(new Check(String.format(Locale.ROOT, "r=%d: irreducible (margin %.3f) and L/L₀ = %.4f > 0", r,
                    margin, lc / l0), "width r < r*", 1, margin > 0.05 && lc / l0 > 1e-3 ? 1 : 0, 0));
            text.append(String.format(Locale.ROOT, "- (b) width r = %d: critical point with L/L₀ = %.6f, |∇L| = %.2e,"
                    + " output weights %s, irreducibility margin %.3f.%n", r, lc / l0, g0, fmt(c.a()), margin));
            for (int m = r + 1; m <= r + 2; m++) {
                List<int[]> maps = labelMaps(r, m, false);
                double maxGrad = 0;
                for (int[] labels : maps) {
                    for (int s = 0; s < samples; s++) {
                        TwoLayerGradientFlow.Params p = pointOn(labels, c.w(), c.a(), rng);
                        maxGrad = Math.max(maxGrad, norm(LOSS.gradient(p.w(), p.a(), v, b, true)));
                    }
                }
                double maxOrigin = 0;
                int[] zeroLabels = new int[m];
                for (int k = 0; k < r; k++) {
                    zeroLabels[k] = k + 1;
                }
                double[] control = new double[CONTROL_DRAWS];
                for (int s = 0; s < CONTROL_DRAWS; s++) {
                    TwoLayerGradientFlow.Params p = pointOn(zeroLabels, c.w(), c.a(), rng);
                    control[s] = norm(LOSS.gradient(p.w(), p.a(), v, b, true));
                    double[][] w0 = p.w();
                    for (int k = r; k < m; k++) {
                        Arrays.fill(w0[k], 0);
                    }
                    maxOrigin = Math.max(maxOrigin, norm(LOSS.gradient(w0, p.a(), v, b, true)));
                }
                Arrays.sort(control);
                double minControl = control[0];
                double medianControl = control[CONTROL_DRAWS / 2];
                rows.add(new double[] {r, R_STAR, m, maps.size(), maps.size() * samples, maxGrad, minControl,
                    maxOrigin});
                checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d: max |∇L| on the %d G subspaces", r, m,
                        maps.size()), "replication keeps ∇L = 0", 0, maxGrad, 1e-9));
                checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d control: min |∇L| with %d zero-type slot(s),"
                        + " random w (%.2e) > 1e-8", r, m, m - r, minControl), "∂L/∂a ≠ 0", 1,
                        minControl > 1e-8 ? 1 : 0, 0));
                checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d: |∇L| with zero-type slot(s) at w = 0", r,
                        m), "erf: σ(0) = 0", 0, maxOrigin, 1e-9));
                text.append(String.format(Locale.ROOT, "  - m = %d: G(%d, %d) = %d subspaces, %d random splits: max |∇L|"
                        + " = %.2e. Control, %d zero-type slot(s) with w ~ N(0, I) (%d draws): |∇L| min %.2e, median"
                        + " %.2e. The same slots at w = 0: max |∇L| = %.2e.%n", m, r, m, maps.size(),
                        maps.size() * samples, maxGrad, m - r, CONTROL_DRAWS, minControl, medianControl, maxOrigin));
            }
        }
        String summary = String.format(Locale.ROOT, "The subspaces of the construction on a real network: σ = erf(z/√2),"
                + " f(x) = Σ_k a_k σ(w_k·x/√N), x ~ N(0, I_N), N = %d, population loss L = ½E[(f − f*)²] in closed form"
                + " (`TwoLayerLoss`), a generic teacher of width r* = %d (rows v_j ~ N(0, I), output weights %s, seed %d);"
                + " L₀ = ½E[f*²] = %.4f.%n%n", N, R_STAR, fmt(b), SEED, l0)
                + text
                + "\nEvery global-minimum subspace of the construction has zero loss to rounding, and moving off it raises"
                + " the loss. Every replication subspace of a width-r critical point (r < r*) is critical for any split of"
                + " the output weights, while a zero-type slot with a random incoming weight is not: there ∂L/∂a_k ="
                + " E[(f − f*)σ(w_k·x)] ≠ 0. Two remarks on erf: (1) it is odd with σ(0) = 0, so a zero-type slot at"
                + " w = 0 is also critical (last column), a point that the generic-σ count G does not include;"
                + " (2) oddness also makes (−w, −a) a copy of (w, a), so the zero-loss set of an erf network holds"
                + " further sign-flipped subspaces beyond the T(r*, m) counted for a generic σ. The T subspaces tested"
                + " here are a subset of the zero-loss set either way.";
        return new Reproduction("simsek2021", "check", "Zero loss on T subspaces, zero gradient on G subspaces (erf)",
                summary, checks,
                List.of(new Table("check", List.of("r", "rstar", "m", "subspaces", "points", "max_rel_loss_or_grad",
                        "control", "grad_zero_slot_at_origin"), rows)),
                List.of());
    }

    private static String fmt(double[] x) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < x.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", x[i]));
        }
        return sb.append(')').toString();
    }
}
