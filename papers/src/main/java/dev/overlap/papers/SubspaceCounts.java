package dev.overlap.papers;

import static dev.overlap.papers.Combinatorics.binomial;
import static dev.overlap.papers.Combinatorics.factorial;
import static dev.overlap.papers.Combinatorics.stirling2;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How many affine subspaces of global minima and of symmetry-induced critical points a two-layer network
 * f(x) = Σ_{k=1}^m a_k σ(w_k·x) of width m has (Şimşek et al. 2021; derivation in {@link Simsek2021}).
 *
 * <ul>
 * <li>T(r*, m) = Σ_{j=0}^{m−r*} C(m, j) r*! S(m − j, r*) = r*! S(m + 1, r* + 1): the label maps {1…m} → {0, 1…r*}
 * that cover every teacher neuron (label 0 zero type, j zero-type slots);</li>
 * <li>G(r, m) = r! S(m, r): the replications (surjections {1…m} → {1…r}) of an irreducible width-r critical
 * point;</li>
 * </ul>
 * S the Stirling numbers of the second kind ({@link Combinatorics#stirling2}).
 */
public final class SubspaceCounts {

    /** Largest r of {@link #countTable}: T(r, m) = r! S(m + 1, r + 1) needs the Stirling column r + 1 ≤ 32. */
    public static final int COUNT_TABLE_MAX_R = Combinatorics.STIRLING_COLUMNS - 1;
    /** Largest m of {@link #countTable} (the entries then have up to about 1500 digits). */
    public static final int COUNT_TABLE_MAX_M = 1000;

    private SubspaceCounts() {
    }

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

    /** @return the global-minimum subspaces with j zero-type slots, C(m, j) r*! S(m − j, r*) */
    static BigInteger globalMinimaWithZeroSlots(int rStar, int m, int j) {
        return binomial(m, j).multiply(factorial(rStar)).multiply(stirling2(m - j, rStar));
    }

    /** @return T(r*, m) = Σ_{j=0}^{m−r*} C(m, j) r*! S(m − j, r*), summed over the number j of zero-type slots */
    static BigInteger globalMinima(int rStar, int m) {
        requireWidths(rStar, m);
        BigInteger t = BigInteger.ZERO;
        for (int j = 0; j <= m - rStar; j++) {
            t = t.add(globalMinimaWithZeroSlots(rStar, m, j));
        }
        return t;
    }

    /** @return T(r*, m) in the phantom-slot form r*! S(m + 1, r* + 1) */
    static BigInteger globalMinimaPhantom(int rStar, int m) {
        requireWidths(rStar, m);
        return factorial(rStar).multiply(stirling2(m + 1, rStar + 1));
    }

    /** @return G(r, m) = r! S(m, r), the replications of a width-r critical point into width m */
    static BigInteger criticalSubspaces(int r, int m) {
        requireWidths(r, m);
        return factorial(r).multiply(stirling2(m, r));
    }

    private static void requireWidths(int r, int m) {
        if (r < 1 || m < r) {
            throw new IllegalArgumentException("need 1 ≤ r ≤ m, got r = " + r + ", m = " + m);
        }
    }

    /**
     * T(r, m) and G(r, m) for rMin ≤ r ≤ rMax and max(r, mMin) ≤ m ≤ mMax, by r then m; T in the phantom-slot form
     * r! S(m + 1, r + 1), which equals the sum over zero-type slots.
     *
     * @return the entries, r-major
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
     * The crossover width: T(r*, r* + h) against G(r* − 1, r* + h), or against Σ_{r<r*} G(r, r* + h) when
     * {@code sumOverR}.
     *
     * @return the smallest h ≥ 0 from which on T is larger, verified up to h = {@code hMax}; −1 if T is not larger
     *         at hMax
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
}
