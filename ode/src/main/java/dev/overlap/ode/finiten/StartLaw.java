package dev.overlap.ode.finiten;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;

/**
 * Mean and scaled covariance of the overlaps at α = 0: Ω(0) = mean + N^-½ ξ₀ with ξ₀ of covariance Σ₀.
 *
 * <p>A random start (student rows i.i.d. N(0, σ₀² I_N)) has, exactly at every N, Q(0) = (σ₀²/N) Wishart_p(N, I)
 * and R(0) = W W*ᵀ/N with rows independent N(0, σ₀² T/N) given the teacher, Q and R uncorrelated; so the mean is
 * Q = σ₀² I, R = 0, and N Cov(Q_ab, Q_cd) = σ₀⁴ (δ_ac δ_bd + δ_ad δ_bc), N Cov(R_ar, R_bs) = σ₀² δ_ab T_rs. For a
 * Gaussian teacher T is taken as its N → ∞ value I (its own O(N^-½) fluctuation is neglected). A given start
 * (isotropic, file) is deterministic: Σ₀ = 0.
 *
 * @param mean       the flat mean state
 * @param covariance Σ₀, d×d row-major
 * @param teacher    T
 */
public record StartLaw(double[] mean, double[] covariance, double[][] teacher) {

    /** The start law of a spec (see the class comment). */
    public static StartLaw of(ModelSpec spec) {
        int p = spec.p();
        int ps = spec.pstar();
        int d = Overlaps.stateDimension(p, ps);
        if (!(spec.init() instanceof InitialCondition.Random random)) {
            Overlaps o = spec.initialOverlaps();
            return new StartLaw(o.toState(), new double[d * d], o.teacherOverlap());
        }
        double s2 = random.sigma0();
        s2 *= s2;
        double[][] t = spec.teacher() instanceof TeacherSpec.FromFile ? spec.teacherOverlap() : identity(ps);
        double[] mean = new double[d];
        double[] cov = new double[d * d];
        int[] qa = new int[d];
        int[] qb = new int[d];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                qa[k] = a;
                qb[k] = b;
                if (a == b) {
                    mean[k] = s2;
                }
                k++;
            }
        }
        int nq = k;
        for (int x = 0; x < nq; x++) {
            for (int y = 0; y < nq; y++) {
                double v = (qa[x] == qa[y] && qb[x] == qb[y] ? 1 : 0) + (qa[x] == qb[y] && qb[x] == qa[y] ? 1 : 0);
                cov[x * d + y] = s2 * s2 * v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                for (int s = 0; s < ps; s++) {
                    int x = nq + a * ps + r;
                    int y = nq + a * ps + s;
                    cov[x * d + y] = s2 * t[r][s];
                }
            }
        }
        return new StartLaw(mean, cov, t);
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }
}
