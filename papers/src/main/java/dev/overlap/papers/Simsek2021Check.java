package dev.overlap.papers;

import static dev.overlap.papers.SubspacePoints.norm;
import static dev.overlap.papers.SubspacePoints.pointOn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.overlap.model.StandardActivation;
import dev.overlap.ode.TwoLayerGradientFlow;
import dev.overlap.ode.TwoLayerLoss;

/**
 * Şimşek et al. 2021, part {@code check}: the subspaces of the construction on a real network, σ = erf(z/√2),
 * population loss over x ~ N(0, I_N) ({@link TwoLayerLoss}), a random teacher of width r* = 3. (a) Random points on
 * every T(r*, m) subspace have zero loss, moved off them they do not. (b) Every replication (G(r, m) subspace) of a
 * width-r critical point, r &lt; r*, has ∇L = 0 for any split of the output weights; zero-type slots with a random
 * incoming weight do not (but, erf being odd, zero-type slots at w = 0 do).
 */
public final class Simsek2021Check implements Reproducible {

    /** Input dimension, teacher width and seed of the erf check. */
    static final int N = 4;
    static final int R_STAR = 3;
    private static final long SEED = 2105_12221L;
    /** Random points per subspace. */
    private static final int SAMPLES = 3;
    /** Random zero-type points per case in the control of part (b). */
    private static final int CONTROL_DRAWS = 21;
    /** Length of the gradient flow before the Newton polish. */
    static final double FLOW_TIME = 20000;
    private static final TwoLayerLoss LOSS = new TwoLayerLoss(StandardActivation.ERF);

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Simsek2021Check() {
    }

    @Override
    public Paper paper() {
        return Paper.SIMSEK2021;
    }

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "erf network: zero loss on every T subspace, zero gradient on every G subspace,"
                + " controls off them";
    }

    @Override
    public Reproduction run() {
        return new Run().reproduce();
    }

    /** @return the teacher rows v_j ~ N(0, I_N), j = 1…r* (seeded) */
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

    /** @return the teacher output weights ±(0.6 … 1.4) (seeded) */
    static double[] teacherA() {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        double[] b = new double[R_STAR];
        for (int j = 0; j < R_STAR; j++) {
            b[j] = (rng.nextBoolean() ? 1 : -1) * (0.6 + 0.8 * rng.nextDouble());
        }
        return b;
    }

    /**
     * A critical point of the width-r erf student against the check's teacher: {@link CriticalPointSearch} from a
     * seeded random start (rows N(0, I), output weights N(0, ¼)) with t = {@link #FLOW_TIME} (the slowest Hessian
     * eigenvalue is of order 1e-4, so shorter flows stop visibly short of the critical point).
     *
     * @return the critical point
     */
    static TwoLayerGradientFlow.Params criticalPoint(int r) {
        SplittableRandom rng = new SplittableRandom(SEED + 17L * r);
        double[][] w0 = new double[r][N];
        double[] a0 = new double[r];
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < N; l++) {
                w0[i][l] = rng.nextGaussian();
            }
            a0[i] = 0.5 * rng.nextGaussian();
        }
        return new CriticalPointSearch(LOSS, teacherW(), teacherA())
                .from(new TwoLayerGradientFlow.Params(w0, a0), FLOW_TIME);
    }

    /** The state of one run: teacher, random stream, and what is filled in order. */
    private static final class Run {
        private final double[][] v = teacherW();
        private final double[] b = teacherA();
        private final List<Check> checks = new ArrayList<>();
        private final List<double[]> rows = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final SplittableRandom rng = new SplittableRandom(SEED + 99);
        private final double l0 = LOSS.value(new double[][] {new double[N]}, new double[] {0}, v, b);

        Reproduction reproduce() {
            for (int m = R_STAR; m <= R_STAR + 2; m++) {
                zeroLossOnT(m);
            }
            for (int r = 1; r < R_STAR; r++) {
                criticalOnG(r);
            }
            return new Reproduction("simsek2021", "check", "Zero loss on T subspaces, zero gradient on G subspaces"
                    + " (erf)", summaryText(), checks,
                    List.of(new Table("check", List.of("r", "rstar", "m", "subspaces", "points",
                            "max_rel_loss_or_grad", "control", "grad_zero_slot_at_origin"), rows)),
                    List.of());
        }

        private double gradient(TwoLayerGradientFlow.Params p) {
            return norm(LOSS.gradient(p.w(), p.a(), v, b, true));
        }

        /** (a): loss on random points of every T(r*, m) subspace, and after moving every parameter by 1e-2·N(0, 1). */
        private void zeroLossOnT(int m) {
            double maxRel = 0;
            double minOff = Double.POSITIVE_INFINITY;
            List<int[]> maps = LabelMaps.labelMaps(R_STAR, m, true);
            for (int[] labels : maps) {
                for (int s = 0; s < SAMPLES; s++) {
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
            rows.add(new double[] {0, R_STAR, m, maps.size(), maps.size() * SAMPLES, maxRel, minOff, Double.NaN});
            checks.add(new Check(String.format(Locale.ROOT, "m=%d: max L/L₀ over %d points on the %d T subspaces", m,
                    maps.size() * SAMPLES, maps.size()), "zero loss", 0, maxRel, 1e-12));
            checks.add(new Check(String.format(Locale.ROOT, "m=%d control: min L/L₀ off the subspaces (%.2e) > 1e-8", m,
                    minOff), "positive loss", 1, minOff > 1e-8 ? 1 : 0, 0));
            text.append(String.format(Locale.ROOT, "- (a) m = %d: T(%d, %d) = %d subspaces, %d random points: max L/L₀ ="
                    + " %.2e. Control, every parameter moved by 1e-2·N(0, 1): min L/L₀ = %.2e.%n", m, R_STAR, m,
                    maps.size(), maps.size() * SAMPLES, maxRel, minOff));
        }

        /** (b): the width-r critical point, then its replications into widths r + 1 and r + 2. */
        private void criticalOnG(int r) {
            TwoLayerGradientFlow.Params c = criticalPoint(r);
            double g0 = gradient(c);
            double lc = LOSS.value(c.w(), c.a(), v, b);
            double margin = SubspacePoints.irreducibility(c);
            checks.add(new Check("r=" + r + ": |∇L| at the width-r critical point", "gradient flow + Newton", 0, g0,
                    1e-10));
            checks.add(new Check(String.format(Locale.ROOT, "r=%d: irreducible (margin %.3f) and L/L₀ = %.4f > 0", r,
                    margin, lc / l0), "width r < r*", 1, margin > 0.05 && lc / l0 > 1e-3 ? 1 : 0, 0));
            text.append(String.format(Locale.ROOT, "- (b) width r = %d: critical point with L/L₀ = %.6f, |∇L| = %.2e,"
                    + " output weights %s, irreducibility margin %.3f.%n", r, lc / l0, g0, fmt(c.a()), margin));
            for (int m = r + 1; m <= r + 2; m++) {
                replications(c, r, m);
            }
        }

        /** Max |∇L| on the G(r, m) subspaces of c; the zero-type controls at random w and at w = 0. */
        private void replications(TwoLayerGradientFlow.Params c, int r, int m) {
            List<int[]> maps = LabelMaps.labelMaps(r, m, false);
            double maxGrad = 0;
            for (int[] labels : maps) {
                for (int s = 0; s < SAMPLES; s++) {
                    maxGrad = Math.max(maxGrad, gradient(pointOn(labels, c.w(), c.a(), rng)));
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
                control[s] = gradient(p);
                double[][] w0 = p.w();
                for (int k = r; k < m; k++) {
                    Arrays.fill(w0[k], 0);
                }
                maxOrigin = Math.max(maxOrigin, norm(LOSS.gradient(w0, p.a(), v, b, true)));
            }
            Arrays.sort(control);
            rows.add(new double[] {r, R_STAR, m, maps.size(), maps.size() * SAMPLES, maxGrad, control[0], maxOrigin});
            checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d: max |∇L| on the %d G subspaces", r, m,
                    maps.size()), "replication keeps ∇L = 0", 0, maxGrad, 1e-9));
            checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d control: min |∇L| with %d zero-type slot(s),"
                    + " random w (%.2e) > 1e-8", r, m, m - r, control[0]), "∂L/∂a ≠ 0", 1,
                    control[0] > 1e-8 ? 1 : 0, 0));
            checks.add(new Check(String.format(Locale.ROOT, "r=%d m=%d: |∇L| with zero-type slot(s) at w = 0", r, m),
                    "erf: σ(0) = 0", 0, maxOrigin, 1e-9));
            text.append(String.format(Locale.ROOT, "  - m = %d: G(%d, %d) = %d subspaces, %d random splits: max |∇L|"
                    + " = %.2e. Control, %d zero-type slot(s) with w ~ N(0, I) (%d draws): |∇L| min %.2e, median"
                    + " %.2e. The same slots at w = 0: max |∇L| = %.2e.%n", m, r, m, maps.size(),
                    maps.size() * SAMPLES, maxGrad, m - r, CONTROL_DRAWS, control[0], control[CONTROL_DRAWS / 2],
                    maxOrigin));
        }

        /** The summary: the setting, the results line by line, and what they show. */
        private String summaryText() {
            return String.format(Locale.ROOT, "The subspaces of the construction on a real network: σ = erf(z/√2),"
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
        }
    }

    private static String fmt(double[] x) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < x.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", x[i]));
        }
        return sb.append(')').toString();
    }
}
