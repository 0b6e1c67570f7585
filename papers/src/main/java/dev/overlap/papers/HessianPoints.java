package dev.overlap.papers;

import static dev.overlap.papers.Matrices.apply;
import static dev.overlap.papers.Matrices.complete;
import static dev.overlap.papers.Matrices.dot;
import static dev.overlap.papers.Matrices.identity;
import static dev.overlap.papers.Matrices.orthonormalise;
import static dev.overlap.papers.Matrices.outer;
import static dev.overlap.papers.Matrices.scaled;
import static dev.overlap.papers.Matrices.times;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.QuadraticLossHessian;

/**
 * The two critical points of {@link Bocchi2026Hessian} in weight space, the plateau and a point of the zero-loss
 * manifold, each with an explicit orthonormal basis for every eigenvalue group of N·H predicted below, and the
 * measurement of N·H on them (σ(z) = z², mean normalisation κ_s = 1/p, κ_t = 1/p*, orthonormal teacher, N = p + p* + 2).
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
 */
final class HessianPoints {

    /** Seed of the teacher and of the random rotations. */
    static final long SEED = 2026;

    /** Group codes used in the tables. */
    static final String[] GROUP_NAMES = {"", "escape", "rotation", "norm (shear)", "norm (isotropic)", "bulk",
        "manifold tangent", "bulk (active units)", "bulk (idle units)"};

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

    static ModelSpec spec(int p, int ps) {
        return Specs.isotropic(p, ps, 0.0).lr(Bocchi2026Hessian.ETA).eta2(false).build();
    }

    static int dimension(int p, int ps) {
        return p + ps + 2;
    }

    /** The flattened direction E = Σ_{a,j} X_aj f_a ⊗ d_j (row a of E is Σ_j X_aj d_j). */
    static double[] direction(double[][] x, List<double[]> d) {
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

    static double[][] unitMatrix(int rows, int cols, int i, int j) {
        double[][] m = new double[rows][cols];
        m[i][j] = 1;
        return m;
    }

    /** Orthonormal basis of m×m antisymmetric (sym = false) or symmetric traceless (sym = true) matrices. */
    static List<double[][]> matrixBasis(int m, boolean sym) {
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

    static List<double[]> unitRows(double[][] w, double scale) {
        List<double[]> out = new ArrayList<>();
        for (double[] row : w) {
            out.add(scaled(row, 1 / scale));
        }
        return out;
    }

    static double[] gaussian(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // Box–Muller
            v[i] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return v;
    }

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
        double[][] student = times(Matrices.scaled(o, c), teacher);
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

    /** Eigenvalues of VᵀHV (ascending) and the invariance residual max|HV − V(VᵀHV)|. */
    static double[] groupMeasure(double[][] h, List<double[]> basis, double[] residualOut) {
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

    static int predictedMultiplicity(Point pt, int code) {
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
}
