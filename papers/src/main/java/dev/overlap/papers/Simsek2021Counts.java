package dev.overlap.papers;

import static dev.overlap.papers.Combinatorics.log10;
import static dev.overlap.papers.SubspaceCounts.criticalSubspaces;
import static dev.overlap.papers.SubspaceCounts.globalMinima;
import static dev.overlap.papers.SubspaceCounts.globalMinimaPhantom;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Şimşek et al. 2021, part {@code counts}: T(r*, m) and G(r, m) ({@link SubspaceCounts}) for r* = 1…4, h = 0…6,
 * against the enumeration of label maps (m ≤ 8) and the exact dimensions of the subspaces on an integer network
 * (m ≤ 6); the regimes (which count dominates at h = 0 and for large h) and the crossover h for r* = 2…20.
 */
public final class Simsek2021Counts implements Reproducible {

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Simsek2021Counts() {
    }

    @Override
    public Paper paper() {
        return Paper.SIMSEK2021;
    }

    @Override
    public String name() {
        return "counts";
    }

    @Override
    public String summary() {
        return "global-minimum subspaces T(r*, m) vs saddle subspaces G(r, m): closed forms,"
                + " enumeration, exact dimensions, crossover h (with --m-max: the count table only)";
    }

    @Override
    public Reproduction run() {
        return new Run().reproduce();
    }

    /** The state of one run: checks, tables and the markdown tables of the summary, filled in order. */
    private static final class Run {
        private final List<Check> checks = new ArrayList<>();
        private final List<double[]> countRows = new ArrayList<>();
        private final List<double[]> dimRows = new ArrayList<>();
        private final List<double[]> crossRows = new ArrayList<>();
        private final StringBuilder countTable = new StringBuilder(
                "| r* | h | m | T(r*, m) | G(1, m) | G(2, m) | G(3, m) | Σ_{r<r*} G(r, m) | T/G(r*−1, m) |\n"
                        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        private final StringBuilder crossTable = new StringBuilder("| r* | G(r*−1, r*) | T(r*, r*) | G/T at h = 0"
                + " | crossover h vs G(r*−1, m) | crossover h vs Σ_{r<r*} G(r, m) |\n| --- | --- | --- | --- | --- | --- |\n");
        private int enumerated;
        private int ranked;

        Reproduction reproduce() {
            for (int rStar = 1; rStar <= 4; rStar++) {
                for (int h = 0; h <= 6; h++) {
                    countCell(rStar, h);
                }
            }
            for (int rStar = 2; rStar <= 20; rStar++) {
                regime(rStar);
            }
            for (int rStar : new int[] {2, 4, 8}) {
                asymptoticRate(rStar);
            }
            return new Reproduction("simsek2021", "counts", "Counting global-minimum and critical affine subspaces",
                    summaryText(), checks,
                    List.of(new Table("counts", List.of("rstar", "h", "m", "T", "G_r1", "G_r2", "G_r3", "G_sum",
                            "T_over_G_rstar_minus_1", "T_enumerated", "G_rstar_minus_1_enumerated"), countRows),
                        new Table("dimensions", List.of("rstar", "m", "zero_slots", "dimension", "closed_form",
                            "enumerated", "exact_rank"), dimRows),
                        new Table("crossover", List.of("rstar", "G_h0", "T_h0", "G_over_T_h0",
                            "crossover_h_G_rstar_minus_1", "crossover_h_G_sum"), crossRows)),
                    List.of(figure()));
        }

        /** One (r*, h) entry: T, G(r, m) for r &lt; r*, the identity check, and the enumeration for m ≤ 8. */
        private void countCell(int rStar, int h) {
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
                    rStar, m), "phantom-slot identity", t.doubleValue(), globalMinimaPhantom(rStar, m).doubleValue(), 0));
            double[] brute = m <= 8 ? enumerate(rStar, m, t, gTop) : new double[] {Double.NaN, Double.NaN};
            double ratio = rStar > 1 ? t.doubleValue() / gTop.doubleValue() : Double.NaN;
            countRows.add(new double[] {rStar, h, m, t.doubleValue(), g[1].doubleValue(), g[2].doubleValue(),
                g[3].doubleValue(), sum.doubleValue(), ratio, brute[0], brute[1]});
            countTable.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %s | %s | %s | %s |%n", rStar, h, m,
                    t, rStar > 1 ? g[1] : "–", rStar > 2 ? g[2] : "–", rStar > 3 ? g[3] : "–", sum,
                    rStar > 1 ? String.format(Locale.ROOT, "%.4g", ratio) : "–"));
        }

        /**
         * Enumerates the label maps (and for m ≤ 6 their exact dimensions) and checks them against the closed forms.
         *
         * @return {T, G(r* − 1, m)} by enumeration
         */
        private double[] enumerate(int rStar, int m, BigInteger t, BigInteger gTop) {
            long[] byJ = LabelMaps.countByZeroSlots(rStar, m, true);
            int[] dimCount = m <= 6 ? exactDimensions(rStar, m) : null;
            long total = 0;
            for (int j = 0; j <= m - rStar; j++) {
                total += byJ[j];
                int dim = m - rStar + j * (Simsek2021.D - 1);
                BigInteger closed = SubspaceCounts.globalMinimaWithZeroSlots(rStar, m, j);
                dimRows.add(new double[] {rStar, m, j, dim, closed.doubleValue(), byJ[j],
                    dimCount != null ? dimCount[dim] : Double.NaN});
                if (dimCount != null) {
                    checks.add(new Check(String.format(Locale.ROOT,
                            "r*=%d m=%d: subspaces of dimension %d (exact rank, d=%d)", rStar, m, dim, Simsek2021.D),
                            "C(m," + j + ") r*! S(m−" + j + ",r*)", closed.doubleValue(), dimCount[dim], 0));
                }
            }
            double bruteG = rStar > 1 ? LabelMaps.countByZeroSlots(rStar - 1, m, false)[0] : 0;
            enumerated++;
            checks.add(new Check(String.format(Locale.ROOT, "r*=%d m=%d: T by enumerating label maps", rStar, m),
                    "closed form", t.doubleValue(), total, 0));
            if (rStar > 1) {
                checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d: G by enumerating surjections", rStar - 1, m),
                        "r! S(m, r)", gTop.doubleValue(), bruteG, 0));
            }
            return new double[] {total, bruteG};
        }

        /** @return the number of subspaces of each dimension, from the exact rank on the integer network */
        private int[] exactDimensions(int rStar, int m) {
            long[][] w = Arrays.copyOf(Simsek2021.TEACHER_W, rStar);
            long[] a = Arrays.copyOf(Simsek2021.TEACHER_A, rStar);
            int[] dimCount = new int[m * (Simsek2021.D + 1) + 1];
            int inconsistent = 0;
            for (int[] labels : LabelMaps.labelMaps(rStar, m, true)) {
                int dim = ExactAffineSystems.dimension(ExactAffineSystems.system(labels, w, a));
                if (dim < 0) {
                    inconsistent++;
                } else {
                    dimCount[dim]++;
                }
            }
            checks.add(new Check(String.format(Locale.ROOT, "r*=%d m=%d: inconsistent systems", rStar, m),
                    "every label map is a subspace", 0, inconsistent, 0));
            ranked++;
            return dimCount;
        }

        /** h = 0 ratio (r* − 1)/2 and the crossover h, against G(r* − 1, m) and against Σ_{r&lt;r*} G(r, m). */
        private void regime(int rStar) {
            int hMax = 10 * rStar + 50;
            BigInteger g0 = criticalSubspaces(rStar - 1, rStar);
            BigInteger t0 = globalMinimaPhantom(rStar, rStar);
            int hx = SubspaceCounts.crossover(rStar, false, hMax);
            int hxSum = SubspaceCounts.crossover(rStar, true, hMax);
            double ratio0 = g0.doubleValue() / t0.doubleValue();
            crossRows.add(new double[] {rStar, g0.doubleValue(), t0.doubleValue(), ratio0, hx, hxSum});
            crossTable.append(String.format(Locale.ROOT, "| %d | %s | %s | %.4g | %d | %d |%n", rStar, g0, t0, ratio0,
                    hx, hxSum));
            checks.add(new Check("r*=" + rStar + ": G(r*−1, r*)/T(r*, r*)", "(r* − 1)/2", (rStar - 1) / 2.0, ratio0,
                    1e-12));
            checks.add(new Check("r*=" + rStar + ": T > G(r*−1, m) from the crossover on, up to h = " + hMax,
                    "T ~ (r*+1)^m ≫ G ~ (r*−1)^m", 1, hx >= 0 ? 1 : 0, 0));
            if (rStar >= 4) {
                checks.add(new Check("r*=" + rStar + ": saddles dominate at h = 0, G(r*−1, r*) > T(r*, r*)",
                        "mildly overparameterised regime", 1, g0.compareTo(t0) > 0 ? 1 : 0, 0));
            }
        }

        /** d ln(T/G(r* − 1, m))/dh over h = 400…600 against ln((r* + 1)/(r* − 1)). */
        private void asymptoticRate(int rStar) {
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

        /** log10 T and log10 G(r* − 1, m) against h. */
        private static Figure figure() {
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
            return new Figure("counts", "Affine subspaces of global minima T(r*, m) and saddles G(r*−1, m)",
                    "h = m − r*", "log10 count", false, false, series);
        }

        /** The summary paragraphs: the derivation, the brute force, both tables and the regimes. */
        private String summaryText() {
            return "Counting the affine subspaces of global minima, T(r*, m), and of symmetry-induced critical"
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
                    + " network w* = " + Arrays.deepToString(Simsek2021.TEACHER_W) + ", a* = "
                    + Arrays.toString(Simsek2021.TEACHER_A) + " (first r* rows, d = " + Simsek2021.D + "), and its"
                    + " dimension taken from the exact rank (fraction-free elimination).\n\n"
                    + countTable + "\n"
                    + "Regimes. At h = 0, G(r* − 1, r*)/T(r*, r*) = (r* − 1)/2: saddles outnumber minima for r* ≥ 4, tie at"
                    + " r* = 3. For large h, T ~ (r* + 1)^m and G(r* − 1, m) ~ (r* − 1)^m, so global minima dominate. The"
                    + " crossover, the smallest h from which on T exceeds G, is computed exactly and verified up to"
                    + " h = 10 r* + 50:\n\n" + crossTable + "\n"
                    + "So the crossover grows roughly like r*/4 against G(r* − 1, m), and like r*/2.5 against all saddle"
                    + " subspaces from widths r < r*. With r* ≤ 4 saddles dominate only at h = 0, and not at all for r* ≤ 3."
                    + " The regime claim holds, but \"mildly overparameterised\" means h below about r*/4.";
        }
    }
}
