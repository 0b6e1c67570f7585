package dev.overlap.papers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shen, "Exploring the complexity of deep neural networks through functional equivalence" (ICML 2024), part
 * {@code grid}: a one-hidden-layer network f(x) = Σ_j a_j σ(w_j x + b_j) with a generic activation
 * σ(z) = 1/(1+e^{−z}) + z²/10 (no sign or scaling symmetry, so permutations are its only symmetry away from
 * degenerate points), each parameter on the grid {−1, −1 + 1/k, …, 1}; two parameter points are the same
 * function when their outputs agree at 12 fixed generic inputs (to 1e-10). The ratio of parameter points to
 * distinct functions approaches d₁! (the permutations of the hidden units) as the grid refines: the degenerate
 * points (a_j = 0, two units with the same (w, b), w_j = 0 units that merge into a constant) have more symmetry but
 * a vanishing share.
 */
public final class Shen2024Grid implements Reproducible {

    private static final double[] PROBES = {-2.3, -1.7, -1.1, -0.6, -0.2, 0.15, 0.45, 0.8, 1.25, 1.6, 2.05, 2.7};

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Shen2024Grid() {
    }

    @Override
    public Paper paper() {
        return Paper.SHEN2024;
    }

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public String summary() {
        return "parameter points vs distinct functions on a grid: ratio → d₁!";
    }

    @Override
    public Reproduction run() {
        return grid();
    }

    private static double sigma(double z) {
        return 1 / (1 + Math.exp(-z)) + 0.1 * z * z;
    }

    /** Number of distinct functions on the grid for width d and resolution k, and the number of points. */
    static long[] countFunctions(int d, int k) {
        int g = 2 * k + 1;
        double[] values = new double[g];
        for (int i = 0; i < g; i++) {
            values[i] = -1 + (double) i / k;
        }
        int perUnit = g * g * g;
        double[][] unitOut = new double[perUnit][PROBES.length];
        for (int u = 0; u < perUnit; u++) {
            double a = values[u / (g * g)];
            double w = values[(u / g) % g];
            double b = values[u % g];
            for (int i = 0; i < PROBES.length; i++) {
                unitOut[u][i] = a * sigma(w * PROBES[i] + b);
            }
        }
        Set<Signature> seen = new HashSet<>();
        long points = 1;
        for (int j = 0; j < d; j++) {
            points *= perUnit;
        }
        int[] idx = new int[d];
        double[] out = new double[PROBES.length];
        for (long n = 0; n < points; n++) {
            long rest = n;
            for (int j = 0; j < d; j++) {
                idx[j] = (int) (rest % perUnit);
                rest /= perUnit;
            }
            java.util.Arrays.fill(out, 0);
            for (int j = 0; j < d; j++) {
                double[] o = unitOut[idx[j]];
                for (int i = 0; i < out.length; i++) {
                    out[i] += o[i];
                }
            }
            seen.add(new Signature(out));
        }
        return new long[] {points, seen.size()};
    }

    /** Outputs rounded to 1e-10, compared exactly. */
    private static final class Signature {
        private final long[] v;

        Signature(double[] out) {
            v = new long[out.length];
            for (int i = 0; i < out.length; i++) {
                v[i] = Math.round(out[i] * 1e10);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature && java.util.Arrays.equals(v, ((Signature) o).v);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(v);
        }
    }

    /** Points against functions on the grids, d₁ = 2, 3. */
    static Reproduction grid() {
        List<Check> checks = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Figure.Series> series = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int[][] runs = {{2, 1}, {2, 2}, {2, 3}, {2, 4}, {2, 5}, {2, 6}, {3, 1}, {3, 2}};
        for (int d : new int[] {2, 3}) {
            List<Double> ks = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            double last = Double.NaN;
            for (int[] r : runs) {
                if (r[0] != d) {
                    continue;
                }
                long[] c = countFunctions(d, r[1]);
                double ratio = (double) c[0] / c[1];
                rows.add(new double[] {d, r[1], c[0], c[1], ratio});
                ks.add((double) r[1]);
                ratios.add(ratio);
                last = ratio;
                text.append(String.format(Locale.ROOT, "- d₁ = %d, grid step 1/%d: %d parameter points, %d distinct"
                        + " functions, ratio %.4f (d₁! = %d).%n", d, r[1], c[0], c[1], ratio, Combinatorics.factorial(d).longValueExact()));
            }
            double fact = Combinatorics.factorial(d).longValueExact();
            double[] kv = ks.stream().mapToDouble(Double::doubleValue).toArray();
            double[] rv = ratios.stream().mapToDouble(Double::doubleValue).toArray();
            boolean decreasing = true;
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rv.length; i++) {
                min = Math.min(min, rv[i]);
                if (i > 0 && rv[i] > rv[i - 1]) {
                    decreasing = false;
                }
            }
            checks.add(new Check("d₁ = " + d + ": ratio decreases as the grid refines", "degenerate share → 0", 1,
                    decreasing ? 1 : 0, 0));
            checks.add(new Check("d₁ = " + d + ": ratio ≥ d₁! on every grid", "permutations are symmetries", fact,
                    Math.min(min, fact), 0));
            if (kv.length >= 4) {
                // the degenerate share is a polynomial in 1/k: fit r(k) = r∞ + c₁/k + c₂/k² on the three finest grids
                int n = kv.length;
                double extrapolated = quadraticInInverseK(kv[n - 3], rv[n - 3], kv[n - 2], rv[n - 2], kv[n - 1], rv[n - 1]);
                checks.add(new Check("d₁ = " + d + ": ratio extrapolated to k → ∞ (r∞ + c₁/k + c₂/k² through k = "
                        + (int) kv[n - 3] + "…" + (int) kv[n - 1] + ")", "d₁! (Shen 2024)", fact, extrapolated,
                        0.05 * fact));
                text.append(String.format(Locale.ROOT, "- d₁ = %d: extrapolated ratio %.4f (d₁! = %d).%n", d,
                        extrapolated, Combinatorics.factorial(d).longValueExact()));
            }
            series.add(new Figure.Series("d₁ = " + d, ks.stream().mapToDouble(Double::doubleValue).toArray(),
                    ratios.stream().mapToDouble(Double::doubleValue).toArray(), null, Figure.Style.MARKERS));
            double[] x = ks.stream().mapToDouble(Double::doubleValue).toArray();
            series.add(new Figure.Series("d₁! = " + (int) fact, new double[] {x[0], x[x.length - 1]},
                    new double[] {fact, fact}, null, Figure.Style.DASHED));
        }
        String summary = "Parameter points against distinct functions for f(x) = Σ_j a_j σ(w_j x + b_j),"
                + " σ(z) = 1/(1+e^{−z}) + z²/10, parameters on {−1, −1 + 1/k, …, 1}, functions identified by their"
                + " outputs at 12 generic inputs.\n\n" + text + "\nThe ratio exceeds d₁! on finite grids because"
                + " degenerate points (a zero output weight, coinciding units, w = 0 units that add up to a constant)"
                + " are identified with more than d₁! others; their share falls like 1/k, so the ratio decreases"
                + " slowly towards d₁!: on the grids enumerated here it is still well above it (the finest d₁ = 3 grid"
                + " has 5⁹ ≈ 2·10⁶ points), and the limit is checked by extrapolation in 1/k for d₁ = 2 only.";
        return new Reproduction("shen2024", "grid", "Permutation symmetry on a parameter grid", summary, checks,
                List.of(new Table("grid", List.of("d1", "k", "parameter_points", "distinct_functions", "ratio"), rows)),
                List.of(new Figure("ratio", "Parameter points per distinct function", "grid resolution k (step 1/k)",
                        "points / functions", false, false, series)));
    }

    /** r∞ of r(k) = r∞ + c₁/k + c₂/k² through three points. */
    static double quadraticInInverseK(double k1, double r1, double k2, double r2, double k3, double r3) {
        double x1 = 1 / k1;
        double x2 = 1 / k2;
        double x3 = 1 / k3;
        // Lagrange interpolation of r as a quadratic in x = 1/k, evaluated at x = 0
        return r1 * (x2 * x3) / ((x1 - x2) * (x1 - x3)) + r2 * (x1 * x3) / ((x2 - x1) * (x2 - x3))
                + r3 * (x1 * x2) / ((x3 - x1) * (x3 - x2));
    }
}
