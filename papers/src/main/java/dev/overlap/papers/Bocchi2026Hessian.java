package dev.overlap.papers;

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

import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.PlateauTheory;
import dev.overlap.ode.QuadraticLossHessian;

/**
 * bocchi2026 · hessian: the Hessian of the population loss in weight space at the plateau and on the zero-loss
 * manifold, for σ(z) = z², mean normalisation (κ_s = 1/p, κ_t = 1/p*), orthonormal teacher (T = I), built
 * exactly ({@link QuadraticLossHessian}) at a finite N = p + p* + 2 and diagonalised with Hipparchus
 * ({@link EigenDecompositionSymmetric}).
 *
 * <h2>Derivation</h2>
 * With M = κ_s WᵀW/N − κ_t W*ᵀW* / N, L = ½[(tr M)² + 2 tr M²] and, for a direction E (p×N),
 * <pre>
 *   N·H[E,E] = (4κ_s²/N)[⟨W,E⟩² + tr((WEᵀ)²) + tr(WWᵀ EEᵀ)] + 2κ_s[tr M |E|² + 2 tr(E M Eᵀ)].
 * </pre>
 * All eigenvalues below are of N·H (the Hessian itself is O(1/N)); under the gradient flow
 * dW/dα = −ηN ∂L/∂W a mode with Hessian eigenvalue λ grows at rate γ = −ηNλ. Write E = Σ f_a ⊗ e (f_a the
 * unit vector of student a, e a direction of ℝᴺ).
 *
 * <p><b>Plateau</b> (R = 0, Q = q* I, q* = κ_t p* / (κ_s(p+2)); student rows √(q*N) s_a with s_a ⊥ teacher
 * directions t_r = w*_r / √N). Then M = κ_s q* P_s − κ_t P_t and tr M = −2κ_s q*. ℝᴺ splits into the teacher
 * span, the student span and the rest, and so does the Hessian:
 * <ul>
 * <li><i>escape</i>, E = X t (rows in the teacher span, X p×p*): N·λ = 4κ_s²q* − 4κ_s²q* − 4κ_sκ_t = −4κ_sκ_t,
 * multiplicity p·p*; γ = −ηNλ = 4ηκ_sκ_t, the ODE escape rate of {@link PlateauTheory} for T = I
 * (4η/(p p*) for mean normalisation).</li>
 * <li>E = Y s (rows in the student span, Y p×p): N·H = 4κ_s²q*[(tr Y)² + tr Y² + |Y|²] (the M terms cancel):
 * <i>rotations</i> (Y antisymmetric, the O(p) symmetry W → UW): exactly 0, multiplicity p(p−1)/2;
 * <i>norm, shear</i> (Y symmetric traceless): 8κ_s²q* = 8/(p(p+2)), multiplicity p(p+1)/2 − 1;
 * <i>norm, isotropic</i> (Y ∝ I): 4κ_s²q*(p+2) = 4/p, multiplicity 1. These two are the Q-block eigenvalues
 * −8ηκ_s²q*, −4ηκ_s²q*(p+2) of the ODE Jacobian.</li>
 * <li><i>bulk</i> (rows orthogonal to every student and teacher row): N·λ = 2κ_s tr M + 4κ_s²q* = 0 exactly
 * (the plateau condition), multiplicity p(N − p − p*): flat to second order, invisible in (Q, R).</li>
 * </ul>
 * The plateau is a saddle of index p·p*, with p(p−1)/2 + p(N − p − p*) zero eigenvalues.
 *
 * <p><b>Manifold</b> (W = c O W*, c = √(κ_t/κ_s), O p×p* with OᵀO = I): M = 0, Q = c² OOᵀ, L = 0, and
 * N·H[E,E] = 4κ_s²[⟨W,E⟩² + tr((WEᵀ)²) + tr(WWᵀEEᵀ)]/N. Rows in the teacher span, E = X t with
 * X = OA + O⊥B (A p*×p*, B (p−p*)×p*): N·H = 4κ_sκ_t[(tr A)² + tr A² + |A|²]:
 * <ul>
 * <li><i>manifold tangent</i>: A antisymmetric and all B: exactly 0, multiplicity p p* − p*(p*+1)/2 = the
 * dimension of the Stiefel manifold V_{p*}(ℝᵖ) of the O's, i.e. of the solution manifold. These are all
 * rotations: the O(p) orbit of a point on the manifold is the whole manifold (stabiliser O(p − p*)), so the
 * rotation orbit has dimension p(p−1)/2 − (p−p*)(p−p*−1)/2 = p p* − p*(p*+1)/2 here, not p(p−1)/2.</li>
 * <li><i>norm, shear</i> (A symmetric traceless): 8κ_sκ_t, multiplicity p*(p*+1)/2 − 1;
 * <i>norm, isotropic</i> (A ∝ I): 4κ_sκ_t(p*+2), multiplicity 1.</li>
 * <li><i>bulk, active</i> (E = (O e_j) ⊗ u, u ⊥ teacher span): 4κ_sκ_t, multiplicity p*(N − p*);
 * <i>bulk, idle</i> (E = (O⊥ e_i) ⊗ u): exactly 0, multiplicity (p − p*)(N − p*): the unit combinations that W
 * does not use can grow outside the teacher span at quartic cost only (they are not manifold directions: the
 * loss grows as t⁴ along them).</li>
 * </ul>
 * So the manifold consists of marginal minima: no negative eigenvalue, p p* − p*(p*+1)/2 tangent zeros and, for
 * p > p*, (p − p*)(N − p*) further quartic-flat zeros.
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
    private static final long SEED = 2026;
    private static final double TOL = 1e-9;

    /** Group codes used in the tables. */
    static final String[] GROUP_NAMES = {"", "escape", "rotation", "norm (shear)", "norm (isotropic)", "bulk",
        "manifold tangent", "bulk (active units)", "bulk (idle units)"};

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

    /** One named group: its closed-form N·λ and an orthonormal basis (flattened p×N directions). */
    record Group(int code, double predicted, List<double[]> basis) {
        String name() {
            return GROUP_NAMES[code];
        }
    }

    /** A point in weight space with its predicted groups. */
    record Point(String name, int p, int ps, double[][] student, double[][] teacher, List<Group> groups) {
        int n() {
            return student[0].length;
        }
    }

    private static ModelSpec spec(int p, int ps) {
        return ModelSpec.builder().p(p).pstar(ps).lr(ETA).eta2(false).init(new InitialCondition.Isotropic(1.0, 0.0))
                .build();
    }

    static int dimension(int p, int ps) {
        return p + ps + 2;
    }

    // ---------------------------------------------------------------- vectors

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double[] scaled(double[] x, double c) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = c * x[i];
        }
        return y;
    }

    /** Orthonormal vectors completing the orthonormal set {@code given} to a basis of ℝⁿ (Gram–Schmidt twice). */
    private static List<double[]> complete(List<double[]> given, int n) {
        List<double[]> all = new ArrayList<>(given);
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < n && all.size() < n; k++) {
            double[] v = new double[n];
            v[k] = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : all) {
                    double c = dot(v, b);
                    for (int i = 0; i < n; i++) {
                        v[i] -= c * b[i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (norm > 1e-6) {
                v = scaled(v, 1 / norm);
                all.add(v);
                out.add(v);
            }
        }
        return out;
    }

    /** Orthonormalises {@code vs} in place (Gram–Schmidt twice). */
    private static List<double[]> orthonormalise(List<double[]> vs) {
        List<double[]> out = new ArrayList<>();
        for (double[] v0 : vs) {
            double[] v = v0.clone();
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : out) {
                    double c = dot(v, b);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= c * b[i];
                    }
                }
            }
            out.add(scaled(v, 1 / Math.sqrt(dot(v, v))));
        }
        return out;
    }

    /** The flattened direction E = Σ_{a,j} X_aj f_a ⊗ d_j (row a of E is Σ_j X_aj d_j). */
    private static double[] direction(double[][] x, List<double[]> d) {
        int p = x.length;
        int n = d.get(0).length;
        double[] e = new double[p * n];
        for (int a = 0; a < p; a++) {
            for (int j = 0; j < x[a].length; j++) {
                for (int k = 0; k < n; k++) {
                    e[a * n + k] += x[a][j] * d.get(j)[k];
                }
            }
        }
        return e;
    }

    private static double[] outer(double[] v, double[] u) {
        double[] e = new double[v.length * u.length];
        for (int a = 0; a < v.length; a++) {
            for (int k = 0; k < u.length; k++) {
                e[a * u.length + k] = v[a] * u[k];
            }
        }
        return e;
    }

    private static double[][] unitMatrix(int rows, int cols, int i, int j) {
        double[][] m = new double[rows][cols];
        m[i][j] = 1;
        return m;
    }

    /** Orthonormal basis of m×m antisymmetric (sym = false) or symmetric traceless (sym = true) matrices. */
    private static List<double[][]> matrixBasis(int m, boolean sym) {
        List<double[][]> out = new ArrayList<>();
        double r = Math.sqrt(0.5);
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double[][] a = new double[m][m];
                a[i][j] = r;
                a[j][i] = sym ? r : -r;
                out.add(a);
            }
        }
        if (sym) {
            for (int j = 1; j < m; j++) {
                double[][] a = new double[m][m];
                double c = 1 / Math.sqrt(j * (j + 1.0));
                for (int i = 0; i < j; i++) {
                    a[i][i] = c;
                }
                a[j][j] = -j * c;
                out.add(a);
            }
        }
        return out;
    }

    private static double[][] identity(int m, double c) {
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            a[i][i] = c;
        }
        return a;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static List<double[]> unitRows(double[][] w, double scale) {
        List<double[]> out = new ArrayList<>();
        for (double[] row : w) {
            out.add(scaled(row, 1 / scale));
        }
        return out;
    }

    private static double[] gaussian(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // Box–Muller
            v[i] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return v;
    }

    // ---------------------------------------------------------------- the two points

    /** The plateau: student rows orthogonal to the teacher with |w_a|² = q* N, mutually orthogonal. */
    static Point plateau(int p, int ps) {
        int n = dimension(p, ps);
        ModelSpec spec = spec(p, ps);
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double q = kt * ps / (ks * (p + 2));
        double[][] teacher = FiniteNWeights.drawTeacher(new TeacherSpec.Orthonormal(), ps, n, SEED);
        List<double[]> t = unitRows(teacher, Math.sqrt(n));
        SplittableRandom rng = new SplittableRandom(SEED + 10L * p + ps);
        List<double[]> raw = new ArrayList<>(t);
        for (int a = 0; a < p; a++) {
            raw.add(gaussian(n, rng));
        }
        List<double[]> s = orthonormalise(raw).subList(ps, ps + p);
        double[][] student = new double[p][];
        for (int a = 0; a < p; a++) {
            student[a] = scaled(s.get(a), Math.sqrt(q * n));
        }
        List<double[]> ts = new ArrayList<>(t);
        ts.addAll(s);
        List<double[]> u = complete(ts, n);

        List<Group> groups = new ArrayList<>();
        List<double[]> escape = new ArrayList<>();
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                escape.add(direction(unitMatrix(p, ps, a, r), t));
            }
        }
        groups.add(new Group(1, -4 * ks * kt, escape));
        groups.add(new Group(2, 0.0, matrixBasis(p, false).stream().map(y -> direction(y, s)).toList()));
        groups.add(new Group(3, 8 * ks * ks * q, matrixBasis(p, true).stream().map(y -> direction(y, s)).toList()));
        groups.add(new Group(4, 4 * ks * ks * q * (p + 2), List.of(direction(identity(p, 1 / Math.sqrt(p)), s))));
        List<double[]> bulk = new ArrayList<>();
        for (int a = 0; a < p; a++) {
            for (double[] uk : u) {
                bulk.add(outer(identity(p, 1)[a], uk));
            }
        }
        groups.add(new Group(5, 0.0, bulk));
        return new Point("plateau", p, ps, student, teacher, groups);
    }

    /** A generic point W = √(κ_t/κ_s) O W* of the zero-loss manifold (O random with orthonormal columns). */
    static Point manifold(int p, int ps) {
        return manifold(p, ps, 0);
    }

    /** As {@link #manifold(int, int)}, with O drawn from another stream for {@code draw} ≠ 0. */
    static Point manifold(int p, int ps, long draw) {
        int n = dimension(p, ps);
        ModelSpec spec = spec(p, ps);
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double c = Math.sqrt(kt / ks);
        double[][] teacher = FiniteNWeights.drawTeacher(new TeacherSpec.Orthonormal(), ps, n, SEED);
        List<double[]> t = unitRows(teacher, Math.sqrt(n));
        SplittableRandom rng = new SplittableRandom(SEED + 100L * p + ps + 7919L * draw);
        List<double[]> cols = new ArrayList<>();
        for (int r = 0; r < ps; r++) {
            cols.add(gaussian(p, rng));
        }
        cols = orthonormalise(cols);
        List<double[]> perp = complete(cols, p);
        double[][] o = new double[p][ps];
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                o[a][r] = cols.get(r)[a];
            }
        }
        double[][] student = times(scaledMatrix(o, c), teacher);
        List<double[]> u = complete(t, n);

        List<Group> groups = new ArrayList<>();
        List<double[]> tangent = new ArrayList<>();
        for (double[][] a : matrixBasis(ps, false)) {
            tangent.add(direction(times(o, a), t));
        }
        for (double[] op : perp) {
            for (int r = 0; r < ps; r++) {
                double[][] x = new double[p][ps];
                for (int a = 0; a < p; a++) {
                    x[a][r] = op[a];
                }
                tangent.add(direction(x, t));
            }
        }
        groups.add(new Group(6, 0.0, tangent));
        groups.add(new Group(3, 8 * ks * kt, matrixBasis(ps, true).stream().map(a -> direction(times(o, a), t))
                .toList()));
        groups.add(new Group(4, 4 * ks * kt * (ps + 2),
                List.of(direction(times(o, identity(ps, 1 / Math.sqrt(ps))), t))));
        List<double[]> active = new ArrayList<>();
        for (double[] col : cols) {
            for (double[] uk : u) {
                active.add(outer(col, uk));
            }
        }
        groups.add(new Group(7, 4 * ks * kt, active));
        List<double[]> idle = new ArrayList<>();
        for (double[] op : perp) {
            for (double[] uk : u) {
                idle.add(outer(op, uk));
            }
        }
        groups.add(new Group(8, 0.0, idle));
        return new Point("manifold", p, ps, student, teacher, groups);
    }

    private static double[][] scaledMatrix(double[][] a, double c) {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = scaled(a[i], c);
        }
        return b;
    }

    // ---------------------------------------------------------------- measurement

    /** N·H at a point. */
    static double[][] scaledHessian(Point pt) {
        double[][] h = new QuadraticLossHessian(spec(pt.p(), pt.ps())).hessian(pt.student(), pt.teacher());
        for (double[] row : h) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= pt.n();
            }
        }
        return h;
    }

    /** The eigenvalues of N·H at a point, ascending (Hipparchus). */
    static double[] spectrum(Point pt) {
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(scaledHessian(pt))).getEigenvalues()
                .clone();
        Arrays.sort(ev);
        return ev;
    }

    /** The eigenvalues of N·H at the plateau of (p, p*), ascending. */
    public static double[] plateauSpectrum(int p, int ps) {
        return spectrum(plateau(p, ps));
    }

    /** The eigenvalues of N·H at a generic point of the zero-loss manifold of (p, p*), ascending. */
    public static double[] manifoldSpectrum(int p, int ps) {
        return spectrum(manifold(p, ps));
    }

    private static double[] apply(double[][] h, double[] v) {
        double[] y = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            y[i] = dot(h[i], v);
        }
        return y;
    }

    /** Eigenvalues of VᵀHV (ascending) and the invariance residual max|HV − V(VᵀHV)|. */
    private static double[] groupMeasure(double[][] h, List<double[]> basis, double[] residualOut) {
        int m = basis.size();
        double[][] hv = new double[m][];
        for (int i = 0; i < m; i++) {
            hv[i] = apply(h, basis.get(i));
        }
        double[][] b = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                b[i][j] = dot(basis.get(i), hv[j]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double s = 0.5 * (b[i][j] + b[j][i]);
                b[i][j] = s;
                b[j][i] = s;
            }
        }
        double res = 0;
        for (int j = 0; j < m; j++) {
            double[] r = hv[j].clone();
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < r.length; k++) {
                    r[k] -= b[i][j] * basis.get(i)[k];
                }
            }
            for (double x : r) {
                res = Math.max(res, Math.abs(x));
            }
        }
        residualOut[0] = res;
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(b)).getEigenvalues().clone();
        Arrays.sort(ev);
        return ev;
    }

    private static double maxAbs(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double x : row) {
                s = Math.max(s, Math.abs(x));
            }
        }
        return s;
    }

    /** Rank of a set of vectors (eigenvalues of their Gram matrix above 1e-9 of the largest). */
    private static int rank(List<double[]> vs) {
        int m = vs.size();
        if (m == 0) {
            return 0;
        }
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                g[i][j] = dot(vs.get(i), vs.get(j));
            }
        }
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(g)).getEigenvalues();
        double max = Arrays.stream(ev).max().orElse(0);
        return (int) Arrays.stream(ev).filter(x -> x > 1e-9 * max).count();
    }

    // ---------------------------------------------------------------- the reproduction

    /** The Hessian at the plateau and on the zero-loss manifold. */
    public static Reproduction hessian() {
        List<Check> checks = new ArrayList<>();
        List<double[]> spectrumRows = new ArrayList<>();
        List<double[]> groupRows = new ArrayList<>();
        List<double[]> escapeRows = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        List<Double> mx = new ArrayList<>();
        List<Double> my = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int ci = 0; ci < CASES.length; ci++) {
            int p = CASES[ci][0];
            int ps = CASES[ci][1];
            ModelSpec spec = spec(p, ps);
            QuadraticLossHessian loss = new QuadraticLossHessian(spec);
            for (Point pt : List.of(plateau(p, ps), manifold(p, ps))) {
                boolean isPlateau = pt.name().equals("plateau");
                int n = pt.n();
                String tag = String.format(Locale.ROOT, "%s p=%d p*=%d N=%d", pt.name(), p, ps, n);
                double[][] h = scaledHessian(pt);
                double scale = pt.groups().stream().mapToDouble(g -> Math.abs(g.predicted())).max().orElse(1);
                double tol = TOL * scale;

                // the point itself
                double lPred = isPlateau ? 1.0 / ps + 1.0 / (p + 2) : 0.0;
                checks.add(new Check(tag + ": L", isPlateau ? "1/p* + 1/(p+2)" : "0 (zero-loss manifold)", lPred,
                        loss.value(pt.student(), pt.teacher()), 1e-12 * Math.max(1, lPred)));
                checks.add(new Check(tag + ": max|N ∂L/∂W|", "0 (critical point)", 0,
                        n * maxAbs(loss.gradient(pt.student(), pt.teacher())), 1e-12));

                // groups: closed form against the eigenvalues of VᵀHV, invariance, multiplicity
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
                    groupRows.add(new double[] {isPlateau ? 0 : 1, p, ps, n, g.code(), g.basis().size(), g.predicted(),
                        worst, res[0]});
                    total += g.basis().size();
                    all.addAll(g.basis());
                }
                checks.add(new Check(tag + ": the groups span ℝ^{pN} (rank)", "pN", p * n, rank(all), 0));

                // the full Hipparchus spectrum against the predicted multiset
                double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(h)).getEigenvalues().clone();
                Arrays.sort(ev);
                double[][] pred = new double[total][];
                int k = 0;
                for (Group g : pt.groups()) {
                    for (int i = 0; i < g.basis().size(); i++) {
                        pred[k++] = new double[] {g.predicted(), g.code()};
                    }
                }
                Arrays.sort(pred, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
                double dev = 0;
                for (int i = 0; i < ev.length; i++) {
                    dev = Math.max(dev, Math.abs(ev[i] - pred[i][0]));
                    spectrumRows.add(new double[] {isPlateau ? 0 : 1, p, ps, n, i, ev[i], pred[i][0], pred[i][1]});
                    // cases right to left so that the legend (lower left) hides no marker
                    (isPlateau ? px : mx).add(CASES.length - ci + (isPlateau ? -0.12 : 0.12));
                    (isPlateau ? py : my).add(ev[i]);
                }
                checks.add(new Check(tag + ": full spectrum (Hipparchus) vs closed-form multiset, max dev", "closed form",
                        0, dev, tol));
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
                long negative = Arrays.stream(ev).filter(x -> x < -1e-7 * scale).count();
                checks.add(new Check(tag + ": #negative eigenvalues (Morse index)", isPlateau ? "p p*" : "0",
                        isPlateau ? p * ps : 0, negative, 0));

                // rotations W → UW: H·KW = 0 and the orbit's dimension
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
                    // the tangent group and the rotation orbit span the same space
                    List<double[]> tangent = pt.groups().get(0).basis();
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
                    checks.add(new Check(tag + ": rotation orbit ⊂ manifold tangent (residual)", "0", 0, out, 1e-12));
                }

                if (!isPlateau) {
                    manifoldChecks(pt, loss, ev, tag, tol, checks);
                }

                if (isPlateau) {
                    double gamma = -ETA * ev[0];
                    PlateauTheory th = PlateauTheory.of(spec, ps, ps, 1.0);
                    checks.add(new Check(tag + ": γ = −ηN λ_min vs 4ηκ_sκ_t (PlateauTheory)", "PlateauTheory, GF",
                            th.escapeRate(), gamma, TOL * th.escapeRate()));
                    Overlaps o = spec.initialOverlaps();
                    FixedPoint fp = FixedPoints.unspecialisedFrom(OverlapDynamics.of(spec, o.teacherOverlap()),
                            o.toState());
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
                            p, ps, n, ev[0], -4.0 / (p * ps), gamma, th.escapeRate(), fp.escapeRate()));
                }
            }
        }
        List<Figure.Series> series = List.of(
                new Figure.Series("plateau", unbox(px), unbox(py), null, Figure.Style.MARKERS),
                new Figure.Series("zero-loss manifold", unbox(mx), unbox(my), null, Figure.Style.MARKERS));
        String summary = summary(text.toString());
        return new Reproduction("bocchi2026", "hessian",
                "Hessian of the population loss in weight space at the plateau and on the zero-loss manifold", summary,
                checks,
                List.of(new Table("spectrum", List.of("point", "p", "pstar", "N", "index", "N_lambda_hipparchus",
                        "N_lambda_closed_form", "group"), spectrumRows),
                    new Table("groups", List.of("point", "p", "pstar", "N", "group", "multiplicity",
                        "N_lambda_closed_form", "N_lambda_measured_worst", "invariance_residual"), groupRows),
                    new Table("escape", List.of("p", "pstar", "eta", "N_lambda_min", "gamma_hessian",
                        "gamma_plateau_theory", "gamma_ode"), escapeRows)),
                List.of(new Figure("spectra", "Eigenvalues of N·H: plateau (left markers) vs manifold (right), per (p, p*)",
                        "(p, p*): 1 = (4,2), 2 = (3,2), 3 = (2,2), 4 = (2,1), 5 = (1,1)", "N·λ", false, false, series)));
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
            SplittableRandom rng = new SplittableRandom(SEED + 31L * p + ps);
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

    private static int predictedMultiplicity(Point pt, int code) {
        int p = pt.p();
        int ps = pt.ps();
        int n = pt.n();
        boolean plateau = pt.name().equals("plateau");
        return switch (code) {
            case 1 -> p * ps;
            case 2 -> p * (p - 1) / 2;
            case 3 -> plateau ? p * (p + 1) / 2 - 1 : ps * (ps + 1) / 2 - 1;
            case 4 -> 1;
            case 5 -> p * (n - p - ps);
            case 6 -> p * ps - ps * (ps + 1) / 2;
            case 7 -> ps * (n - ps);
            case 8 -> (p - ps) * (n - ps);
            default -> throw new IllegalArgumentException("group " + code);
        };
    }

    private static double[] flatten(double[][] w) {
        int n = w[0].length;
        double[] e = new double[w.length * n];
        for (int a = 0; a < w.length; a++) {
            System.arraycopy(w[a], 0, e, a * n, n);
        }
        return e;
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
