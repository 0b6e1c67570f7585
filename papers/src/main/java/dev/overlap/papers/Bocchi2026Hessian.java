package dev.overlap.papers;

import static dev.overlap.papers.HessianPoints.groupMeasure;
import static dev.overlap.papers.HessianPoints.manifold;
import static dev.overlap.papers.HessianPoints.matrixBasis;
import static dev.overlap.papers.HessianPoints.plateau;
import static dev.overlap.papers.HessianPoints.predictedMultiplicity;
import static dev.overlap.papers.HessianPoints.scaledHessian;
import static dev.overlap.papers.HessianPoints.spec;
import static dev.overlap.papers.HessianPoints.spectrum;
import static dev.overlap.papers.Matrices.apply;
import static dev.overlap.papers.Matrices.dot;
import static dev.overlap.papers.Matrices.flatten;
import static dev.overlap.papers.Matrices.maxAbs;
import static dev.overlap.papers.Matrices.rank;
import static dev.overlap.papers.Matrices.scaled;
import static dev.overlap.papers.Matrices.times;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.hipparchus.complex.Complex;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.PlateauTheory;
import dev.overlap.ode.QuadraticLossHessian;
import dev.overlap.papers.HessianPoints.Group;
import dev.overlap.papers.HessianPoints.Point;

/**
 * bocchi2026 · hessian: the Hessian of the population loss in weight space at the plateau and on the zero-loss
 * manifold, for σ(z) = z², mean normalisation (κ_s = 1/p, κ_t = 1/p*), orthonormal teacher (T = I), built
 * exactly ({@link QuadraticLossHessian}) at a finite N = p + p* + 2 and diagonalised with Hipparchus
 * ({@link EigenDecompositionSymmetric}).
 *
 * The derivation of the eigenvalue groups is in {@link HessianPoints}, which builds the two points with an explicit
 * basis for each group.
 *
 * <p><b>Checks.</b> For each (p, p*) and each point: the loss and the gradient there; for each group an explicit
 * orthonormal basis V built from the derivation, with the eigenvalues of VᵀHV against the closed form and the
 * invariance residual |HV − V(VᵀHV)|; the full Hipparchus spectrum against the predicted multiset; the count of
 * eigenvalues at each distinct predicted value and of negative eigenvalues; the rotation orbit (H·KW = 0 for
 * antisymmetric K, its rank); the escape link −ηN λ_min = {@link PlateauTheory#escapeRate()} (gradient flow)
 * and = the numerical ODE escape rate; the weight-space rates −ηNλ of the escape and norm modes against the
 * whole spectrum of the ODE Jacobian at the numerical fixed point; on the manifold, L = 0 along a finite
 * rotation, L(W + tE) = (3/2)κ_s²t⁴/N² along a unit idle-unit bulk direction (M = κ_s t² uuᵀ/N there), and the
 * same spectrum at a second point.
 */
public final class Bocchi2026Hessian implements Reproducible {

    /** The (p, p*) pairs. */
    static final int[][] CASES = {{1, 1}, {2, 1}, {2, 2}, {3, 2}, {4, 2}};
    /** Gradient-flow learning rate for the escape-rate link. */
    static final double ETA = 0.1;
    private static final double TOL = 1e-9;

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Bocchi2026Hessian() {
    }

    @Override
    public Paper paper() {
        return Paper.BOCCHI2026;
    }

    @Override
    public String name() {
        return "hessian";
    }

    @Override
    public String summary() {
        return "weight-space Hessian at the plateau and on the zero-loss manifold";
    }

    @Override
    public Reproduction run() {
        return hessian();
    }

    /**
     * The eigenvalues of N·H at the plateau of (p, p*), ascending.
     *
     * @return the eigenvalues of N·H at the plateau, ascending
     */
    public static double[] plateauSpectrum(int p, int ps) {
        return spectrum(plateau(p, ps));
    }

    /**
     * The eigenvalues of N·H at a generic point of the zero-loss manifold of (p, p*), ascending.
     *
     * @return the eigenvalues of N·H on the zero-loss manifold, ascending
     */
    public static double[] manifoldSpectrum(int p, int ps) {
        return spectrum(manifold(p, ps));
    }

    /**
     * The Hessian at the plateau and on the zero-loss manifold.
     *
     * @return the reproduction: its checks (predicted against measured, with tolerances), tables and figures
     */
    public static Reproduction hessian() {
        return new Run().reproduce();
    }

    /** The state of one run: checks, tables, figure points and the escape lines of the summary, filled in order. */
    private static final class Run {
        private final List<Check> checks = new ArrayList<>();
        private final List<double[]> spectrumRows = new ArrayList<>();
        private final List<double[]> groupRows = new ArrayList<>();
        private final List<double[]> escapeRows = new ArrayList<>();
        private final List<Double> px = new ArrayList<>();
        private final List<Double> py = new ArrayList<>();
        private final List<Double> mx = new ArrayList<>();
        private final List<Double> my = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Reproduction reproduce() {
            for (int ci = 0; ci < CASES.length; ci++) {
                int p = CASES[ci][0];
                int ps = CASES[ci][1];
                for (Point pt : List.of(plateau(p, ps), manifold(p, ps))) {
                    point(ci, pt);
                }
            }
            List<Figure.Series> series = List.of(
                    new Figure.Series("plateau", unbox(px), unbox(py), null, Figure.Style.MARKERS),
                    new Figure.Series("zero-loss manifold", unbox(mx), unbox(my), null, Figure.Style.MARKERS));
            return new Reproduction("bocchi2026", "hessian",
                    "Hessian of the population loss in weight space at the plateau and on the zero-loss manifold",
                    summary(text.toString()), checks,
                    List.of(new Table("spectrum", List.of("point", "p", "pstar", "N", "index", "N_lambda_hipparchus",
                            "N_lambda_closed_form", "group"), spectrumRows),
                        new Table("groups", List.of("point", "p", "pstar", "N", "group", "multiplicity",
                            "N_lambda_closed_form", "N_lambda_measured_worst", "invariance_residual"), groupRows),
                        new Table("escape", List.of("p", "pstar", "eta", "N_lambda_min", "gamma_hessian",
                            "gamma_plateau_theory", "gamma_ode"), escapeRows)),
                    List.of(new Figure("spectra", "Eigenvalues of N·H: plateau (left markers) vs manifold (right), per"
                            + " (p, p*)", "(p, p*): 1 = (4,2), 2 = (3,2), 3 = (2,2), 4 = (2,1), 5 = (1,1)", "N·λ", false,
                            false, series)));
        }

        /** Every check at one point (case index ci): the point, its groups, the spectrum, rotations, the rest. */
        private void point(int ci, Point pt) {
            int p = pt.p();
            int ps = pt.ps();
            ModelSpec spec = spec(p, ps);
            QuadraticLossHessian loss = new QuadraticLossHessian(spec);
            boolean isPlateau = pt.name().equals("plateau");
            String tag = String.format(Locale.ROOT, "%s p=%d p*=%d N=%d", pt.name(), p, ps, pt.n());
            double[][] h = scaledHessian(pt);
            double scale = pt.groups().stream().mapToDouble(g -> Math.abs(g.predicted())).max().orElse(1);
            double tol = TOL * scale;
            double lPred = isPlateau ? 1.0 / ps + 1.0 / (p + 2) : 0.0;
            checks.add(new Check(tag + ": L", isPlateau ? "1/p* + 1/(p+2)" : "0 (zero-loss manifold)", lPred,
                    loss.value(pt.student(), pt.teacher()), 1e-12 * Math.max(1, lPred)));
            checks.add(new Check(tag + ": max|N ∂L/∂W|", "0 (critical point)", 0,
                    pt.n() * maxAbs(loss.gradient(pt.student(), pt.teacher())), 1e-12));
            int total = groups(pt, h, tag, tol, isPlateau);
            double[] ev = fullSpectrum(ci, pt, h, total, tag, tol, scale, isPlateau);
            rotations(pt, h, tag, tol, isPlateau);
            if (!isPlateau) {
                manifoldChecks(pt, loss, ev, tag, tol, checks);
            } else {
                escapeLink(pt, spec, ev, tag);
            }
        }

        /**
         * Each group's closed form against the eigenvalues of VᵀHV, its invariance and multiplicity; then that the
         * groups span ℝ^{pN}.
         *
         * @return the number of predicted eigenvalues (the sum of the group sizes)
         */
        private int groups(Point pt, double[][] h, String tag, double tol, boolean isPlateau) {
            int total = 0;
            List<double[]> all = new ArrayList<>();
            for (Group g : pt.groups()) {
                if (g.basis().isEmpty()) {
                    checks.add(new Check(tag + ": " + g.name() + " multiplicity", "closed form",
                            predictedMultiplicity(pt, g.code()), 0, 0));
                    continue;
                }
                double[] res = new double[1];
                double[] ev = groupMeasure(h, g.basis(), res);
                double worst = ev[0];
                for (double x : ev) {
                    if (Math.abs(x - g.predicted()) > Math.abs(worst - g.predicted())) {
                        worst = x;
                    }
                }
                String gt = tag + ": " + g.name() + " (×" + g.basis().size() + ")";
                checks.add(new Check(gt + " N·λ", "closed form", g.predicted(), worst, tol));
                checks.add(new Check(gt + " invariance |HV − V VᵀHV|", "invariant subspace", 0, res[0], tol));
                checks.add(new Check(gt + " multiplicity", "closed form", predictedMultiplicity(pt, g.code()),
                        rank(g.basis()), 0));
                groupRows.add(new double[] {isPlateau ? 0 : 1, pt.p(), pt.ps(), pt.n(), g.code(), g.basis().size(),
                    g.predicted(), worst, res[0]});
                total += g.basis().size();
                all.addAll(g.basis());
            }
            checks.add(new Check(tag + ": the groups span ℝ^{pN} (rank)", "pN", pt.p() * pt.n(), rank(all), 0));
            return total;
        }

        /**
         * The full Hipparchus spectrum against the predicted multiset, the count at each predicted value and the
         * Morse index.
         *
         * @return the eigenvalues of N·H, ascending
         */
        private double[] fullSpectrum(int ci, Point pt, double[][] h, int total, String tag, double tol, double scale,
                boolean isPlateau) {
            double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(h)).getEigenvalues().clone();
            Arrays.sort(ev);
            double[][] pred = predictedMultiset(pt, total);
            double dev = 0;
            for (int i = 0; i < ev.length; i++) {
                dev = Math.max(dev, Math.abs(ev[i] - pred[i][0]));
                spectrumRows.add(new double[] {isPlateau ? 0 : 1, pt.p(), pt.ps(), pt.n(), i, ev[i], pred[i][0],
                    pred[i][1]});
                // cases right to left so that the legend (lower left) hides no marker
                (isPlateau ? px : mx).add(CASES.length - ci + (isPlateau ? -0.12 : 0.12));
                (isPlateau ? py : my).add(ev[i]);
            }
            checks.add(new Check(tag + ": full spectrum (Hipparchus) vs closed-form multiset, max dev", "closed form",
                    0, dev, tol));
            multiplicities(pt, ev, tag, scale);
            long negative = Arrays.stream(ev).filter(x -> x < -1e-7 * scale).count();
            checks.add(new Check(tag + ": #negative eigenvalues (Morse index)", isPlateau ? "p p*" : "0",
                    isPlateau ? pt.p() * pt.ps() : 0, negative, 0));
            return ev;
        }

        /** The number of eigenvalues at each distinct predicted value against the summed group sizes. */
        private void multiplicities(Point pt, double[] ev, String tag, double scale) {
            TreeMap<Double, int[]> counts = new TreeMap<>();
            TreeMap<Double, String> names = new TreeMap<>();
            for (Group g : pt.groups()) {
                if (g.basis().isEmpty()) {
                    continue;
                }
                counts.computeIfAbsent(g.predicted(), x -> new int[1])[0] += g.basis().size();
                names.merge(g.predicted(), g.name(), (a, b) -> a + " + " + b);
            }
            for (var e : counts.entrySet()) {
                double v = e.getKey();
                long measured = Arrays.stream(ev).filter(x -> Math.abs(x - v) <= 1e-7 * scale).count();
                checks.add(new Check(String.format(Locale.ROOT, "%s: #eigenvalues at N·λ = %.6g [%s]", tag, v,
                        names.get(v)), "multiplicities", e.getValue()[0], measured, 0));
            }
        }

        /** Rotations W → UW: H·KW = 0, the orbit's dimension, and on the manifold that it is the tangent space. */
        private void rotations(Point pt, double[][] h, String tag, double tol, boolean isPlateau) {
            int p = pt.p();
            int ps = pt.ps();
            List<double[]> orbit = new ArrayList<>();
            for (double[][] kk : matrixBasis(p, false)) {
                orbit.add(flatten(times(kk, pt.student())));
            }
            double rotRes = 0;
            for (double[] v : orbit) {
                double norm = Math.sqrt(dot(v, v));
                for (double x : apply(h, v)) {
                    rotRes = Math.max(rotRes, Math.abs(x) / norm);
                }
            }
            int orbitDim = isPlateau ? p * (p - 1) / 2 : p * ps - ps * (ps + 1) / 2;
            checks.add(new Check(tag + ": rotation orbit dimension", isPlateau ? "p(p−1)/2"
                    : "p p* − p*(p*+1)/2 (Stiefel)", orbitDim, rank(orbit), 0));
            if (!orbit.isEmpty()) {
                checks.add(new Check(tag + ": max|N·H·KW|/|KW| (rotations are zero modes)", "0", 0, rotRes, tol));
            }
            if (!isPlateau && !orbit.isEmpty()) {
                checks.add(new Check(tag + ": rotation orbit ⊂ manifold tangent (residual)", "0", 0,
                        outside(orbit, pt.groups().get(0).basis()), 1e-12));
            }
        }

        /** The escape link at the plateau: −ηNλ_min against PlateauTheory, the ODE, and the ODE Jacobian spectrum. */
        private void escapeLink(Point pt, ModelSpec spec, double[] ev, String tag) {
            int p = pt.p();
            int ps = pt.ps();
            double gamma = -ETA * ev[0];
            PlateauTheory th = PlateauTheory.of(spec, ps, ps, 1.0);
            checks.add(new Check(tag + ": γ = −ηN λ_min vs 4ηκ_sκ_t (PlateauTheory)", "PlateauTheory, GF",
                    th.escapeRate(), gamma, TOL * th.escapeRate()));
            Overlaps o = spec.initialOverlaps();
            FixedPoint fp = FixedPoints.unspecialisedFrom(OverlapDynamics.of(spec, o.teacherOverlap()), o.toState());
            checks.add(new Check(tag + ": γ = −ηN λ_min vs ODE Jacobian escape rate", "numerical ODE",
                    fp.escapeRate(), gamma, 1e-6 * th.escapeRate()));
            // the whole ODE Jacobian spectrum against −ηNλ of the escape and norm groups
            List<Double> rates = new ArrayList<>();
            for (Group g : pt.groups()) {
                if (g.code() == 1 || g.code() == 3 || g.code() == 4) {
                    for (int i = 0; i < g.basis().size(); i++) {
                        rates.add(-ETA * g.predicted());
                    }
                }
            }
            rates.sort((a, b) -> Double.compare(b, a));
            Complex[] jac = fp.eigenvalues();
            double jdev = jac.length == rates.size() ? 0 : Double.NaN;
            double jscale = rates.stream().mapToDouble(Math::abs).max().orElse(1);
            for (int i = 0; i < Math.min(jac.length, rates.size()); i++) {
                jdev = Math.max(jdev, Math.abs(jac[i].getReal() - rates.get(i)) + Math.abs(jac[i].getImaginary()));
            }
            checks.add(new Check(tag + ": ODE Jacobian spectrum vs −ηNλ (escape + norm groups), max dev",
                    "weight-space Hessian", 0, jdev, 1e-6 * jscale));
            escapeRows.add(new double[] {p, ps, ETA, ev[0], gamma, th.escapeRate(), fp.escapeRate()});
            text.append(String.format(Locale.ROOT, "- p = %d, p* = %d (N = %d): plateau N·λ_min = %.12g"
                    + " (closed form −4/(p p*) = %.12g), γ = −ηNλ_min = %.12g, PlateauTheory %.12g, ODE %.12g.%n",
                    p, ps, pt.n(), ev[0], -4.0 / (p * ps), gamma, th.escapeRate(), fp.escapeRate()));
        }
    }

    /** @return the predicted eigenvalues {N·λ, group code}, one per basis vector, sorted by value then code */
    private static double[][] predictedMultiset(Point pt, int total) {
        double[][] pred = new double[total][];
        int k = 0;
        for (Group g : pt.groups()) {
            for (int i = 0; i < g.basis().size(); i++) {
                pred[k++] = new double[] {g.predicted(), g.code()};
            }
        }
        Arrays.sort(pred, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        return pred;
    }

    /** @return the largest distance of a normalised orbit vector from the span of the orthonormal {@code tangent} */
    private static double outside(List<double[]> orbit, List<double[]> tangent) {
        double out = 0;
        for (double[] v : orbit) {
            double[] r = scaled(v, 1 / Math.sqrt(dot(v, v)));
            double[] rr = r.clone();
            for (double[] b : tangent) {
                double c = dot(r, b);
                for (int i = 0; i < rr.length; i++) {
                    rr[i] -= c * b[i];
                }
            }
            out = Math.max(out, Math.sqrt(dot(rr, rr)));
        }
        return out;
    }

    /**
     * On the manifold: L stays 0 along a finite rotation W → UW (U the Cayley transform of an antisymmetric
     * matrix), L(W + tE) = (3/2)κ_s²t⁴/N² along a unit idle-unit bulk direction (flat but not zero-loss), and the
     * spectrum at a second, independently drawn point of the manifold is the same.
     */
    private static void manifoldChecks(Point pt, QuadraticLossHessian loss, double[] ev, String tag, double tol,
            List<Check> checks) {
        int p = pt.p();
        int ps = pt.ps();
        int n = pt.n();
        double ks = spec(p, ps).kappaStudent();
        if (p > 1) {
            double[][] k = new double[p][p];
            SplittableRandom rng = new SplittableRandom(HessianPoints.SEED + 31L * p + ps);
            for (double[][] b : matrixBasis(p, false)) {
                double c = 0.5 * (2 * rng.nextDouble() - 1);
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        k[i][j] += c * b[i][j];
                    }
                }
            }
            RealMatrix km = MatrixUtils.createRealMatrix(k);
            RealMatrix id = MatrixUtils.createRealIdentityMatrix(p);
            double[][] u = MatrixUtils.inverse(id.subtract(km)).multiply(id.add(km)).getData();
            checks.add(new Check(tag + ": L along a finite rotation W → UW", "0 (the manifold is the O(p) orbit)", 0,
                    loss.value(times(u, pt.student()), pt.teacher()), 1e-14));
        }
        if (p > ps) {
            double[] e = pt.groups().stream().filter(g -> g.code() == 8).findFirst().orElseThrow().basis().get(0);
            double t = 0.5;
            double[][] w = new double[p][];
            for (int a = 0; a < p; a++) {
                w[a] = pt.student()[a].clone();
                for (int i = 0; i < n; i++) {
                    w[a][i] += t * e[a * n + i];
                }
            }
            double pred = 1.5 * ks * ks * Math.pow(t, 4) / ((double) n * n);
            checks.add(new Check(tag + ": L(W + tE), E idle bulk, t = 0.5 (quartic, not zero-loss)",
                    "(3/2) κ_s² t⁴ / N²", pred, loss.value(w, pt.teacher()), 1e-12 * pred));
        }
        double[] other = spectrum(manifold(p, ps, 1));
        double dev = 0;
        for (int i = 0; i < ev.length; i++) {
            dev = Math.max(dev, Math.abs(other[i] - ev[i]));
        }
        checks.add(new Check(tag + ": spectrum at a second manifold point (another O), max dev", "O(p) symmetry", 0,
                dev, tol));
    }

    private static double[] unbox(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String summary(String escapeLines) {
        return "The Hessian of the population loss L(W) = ½[(tr M)² + 2 tr M²], M = κ_s WᵀW/N − κ_t W*ᵀW*/N, for"
                + " σ(z) = z², mean normalisation, T = I, built exactly (QuadraticLossHessian, checked against finite"
                + " differences in the ode tests) at N = p + p* + 2 and diagonalised with Hipparchus"
                + " (EigenDecompositionSymmetric), at the plateau (R = 0, Q = q* I, q* = p/(p+2)) and at a generic"
                + " point W = √(κ_t/κ_s) O W* of the zero-loss manifold (O random, OᵀO = I). All eigenvalues are"
                + " quoted as N·λ (H is O(1/N)); under gradient flow dW/dα = −ηN ∂L/∂W a mode grows at γ = −ηNλ.\n\n"
                + "Closed forms (derivation in the Javadoc of Bocchi2026Hessian and in papers/README.md):\n\n"
                + "| point | group (code) | N·λ | mean normalisation | multiplicity |\n"
                + "| --- | --- | --- | --- | --- |\n"
                + "| plateau | escape (1) | −4κ_sκ_t | −4/(p p*) | p p* |\n"
                + "| plateau | rotation (2) | 0 (exact) | 0 | p(p−1)/2 |\n"
                + "| plateau | norm, shear (3) | 8κ_s²q* | 8/(p(p+2)) | p(p+1)/2 − 1 |\n"
                + "| plateau | norm, isotropic (4) | 4κ_s²q*(p+2) | 4/p | 1 |\n"
                + "| plateau | bulk (5) | 2κ_s tr M + 4κ_s²q* = 0 (exact) | 0 | p(N − p − p*) |\n"
                + "| manifold | tangent = rotation orbit (6) | 0 (exact) | 0 | p p* − p*(p*+1)/2 |\n"
                + "| manifold | norm, shear (3) | 8κ_sκ_t | 8/(p p*) | p*(p*+1)/2 − 1 |\n"
                + "| manifold | norm, isotropic (4) | 4κ_sκ_t(p*+2) | 4(p*+2)/(p p*) | 1 |\n"
                + "| manifold | bulk, active units (7) | 4κ_sκ_t | 4/(p p*) | p*(N − p*) |\n"
                + "| manifold | bulk, idle units (8) | 0 (exact; quartic) | 0 | (p − p*)(N − p*) |\n\n"
                + "The plateau is a saddle of index p p*; the manifold has no negative eigenvalue (marginal minima):"
                + " its zero modes are the p p* − p*(p*+1)/2 tangent directions of the Stiefel manifold of O's (all"
                + " generated by rotations W → UW, whose orbit there has that dimension instead of p(p−1)/2) and, for"
                + " p > p*, (p − p*)(N − p*) directions along which idle unit combinations leave the teacher span, flat"
                + " to second order but not zero-loss (quartic). The escape link γ = −ηN λ_min = 4ηκ_sκ_t is checked"
                + " against PlateauTheory and against the numerical ODE Jacobian at the fixed point (gradient flow,"
                + " η = " + ETA + "), and the escape and norm modes' rates −ηNλ against the whole ODE Jacobian"
                + " spectrum. Rotations and bulk do not change (Q, R) at first order and have no ODE counterpart.\n\n"
                + "Group codes in the CSV: 1 escape, 2 rotation, 3 norm (shear), 4 norm (isotropic), 5 bulk,"
                + " 6 manifold tangent, 7 bulk (active units), 8 bulk (idle units); point 0 = plateau, 1 = manifold."
                + " Within a degenerate eigenvalue (the zeros) the assignment of individual eigenvalues to groups is"
                + " by the closed-form counts; the groups themselves are checked as invariant subspaces.\n\n"
                + escapeLines;
    }
}
