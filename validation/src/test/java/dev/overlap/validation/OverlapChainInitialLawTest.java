package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;

/**
 * The initial overlaps of {@link OverlapChain#random} (drawn from their law without N-vectors) against the exact
 * closed forms and against the overlaps of the weights actually drawn by {@link SgdRun}, over {@value #SEEDS} seeds
 * at N = {@value #N} (small, so that any approximation of the law, e.g. a normal one for the χ², would show), p = 3,
 * p* = 2, σ₀ = {@value #SIGMA0}. Student rows are i.i.d. N(0, σ₀² I_N).
 *
 * <p>Closed forms (exact at every N): orthonormal teacher: R_ar ~ N(0, σ₀²/N); N Q_aa/σ₀² ~ χ²_N;
 * N (Q_aa − Σ_r R_ar²)/σ₀² ~ χ²_{N−p*} (the part outside the teacher span); N Q_ab/σ₀² (a ≠ b) has the law of
 * X − Y with X, Y i.i.d. Gamma(N/2, 1) (since Σ_i a_i b_i = ((a+b)/√2)²/2 − ((a−b)/√2)²/2), mean 0 and variance N,
 * fourth moment 3N² + 6N. Gaussian teacher: N T_rr ~ χ²_N, N T_rs (r ≠ s) as N Q_ab with σ₀ = 1. File teacher T:
 * T is reproduced exactly and R_a· ~ N(0, σ₀² T/N), i.e. T^{-½} R_aᵀ ~ N(0, σ₀²/N I) (whitened here with the
 * symmetric square root, not the Cholesky factor the chain uses).
 *
 * <p><b>Error rate.</b> All p-values of the class form one Bonferroni family of at most {@value #FAMILY} tests
 * at total level 10⁻³: each must exceed 10⁻³/{@value #FAMILY} = 10⁻⁵, so if the chain's law is the stated one the
 * class fails with probability below 10⁻³. The moment tests use the normal approximation of a mean of
 * {@value #SEEDS} i.i.d. terms with finite fourth moments (variance from the exact moments above). Seeds are fixed
 * (chain seeds o + 1 … o + S, weight seeds 10⁶ + o + 1 …, with o = 0, 10⁵, 2·10⁵ for the orthonormal, Gaussian and
 * file teacher), so the outcome is deterministic.
 */
class OverlapChainInitialLawTest {

    static final int N = 12;
    static final int SEEDS = 4000;
    static final double SIGMA0 = 1.5;
    static final int FAMILY = 100;
    private static final int P = 3;
    private static final int PS = 2;
    private static final long WEIGHT_SEEDS = 1_000_000L;

    private static final LawChecks CHECKS = new LawChecks(1e-3, FAMILY);

    @AfterAll
    static void report() {
        System.out.println("OverlapChainInitialLawTest: " + CHECKS.used() + " tests, smallest p = "
                + CHECKS.smallestP() + " (threshold " + CHECKS.threshold() + ")\n" + CHECKS.report());
    }

    private static ModelSpec spec(TeacherSpec teacher) {
        return ModelSpec.builder().p(P).pstar(PS).lrPerWidth(0.1).teacher(teacher)
                .init(new InitialCondition.Random(N, SIGMA0, 1L)).build();
    }

    /**
     * Seed offset of a teacher kind, so that the samples of the three kinds are independent (the student's draw
     * does not depend on the teacher's kind for an orthonormal or file teacher).
     */
    private static long offset(ModelSpec spec) {
        return spec.teacher() instanceof TeacherSpec.Orthonormal ? 0 : spec.teacher() instanceof TeacherSpec.Gaussian
                ? 100_000 : 200_000;
    }

    /** Initial overlaps of the chain for seeds offset + 1 … offset + S. */
    private static Overlaps[] chain(ModelSpec spec) {
        Overlaps[] o = new Overlaps[SEEDS];
        for (int k = 0; k < SEEDS; k++) {
            o[k] = OverlapChain.random(spec, N, SIGMA0, offset(spec) + k + 1).overlaps();
        }
        return o;
    }

    /** Overlaps of drawn weights for seeds 10⁶ + offset + 1 …; a Gaussian teacher is redrawn per seed. */
    private static Overlaps[] weights(ModelSpec spec) {
        Overlaps[] o = new Overlaps[SEEDS];
        for (int k = 0; k < SEEDS; k++) {
            long seed = WEIGHT_SEEDS + offset(spec) + k + 1;
            ModelSpec s = spec.teacher() instanceof TeacherSpec.Gaussian
                    ? ModelSpec.builder().p(P).pstar(PS).lrPerWidth(0.1).teacher(new TeacherSpec.Gaussian(N, seed))
                            .init(new InitialCondition.Random(N, SIGMA0, seed)).build()
                    : spec.withInit(new InitialCondition.Random(N, SIGMA0, seed));
            o[k] = new SgdRun(s).overlaps();
        }
        return o;
    }

    private interface Entry {
        double of(Overlaps o);
    }

    private static double[] column(Overlaps[] os, Entry e) {
        double[] x = new double[os.length];
        for (int k = 0; k < os.length; k++) {
            x[k] = e.of(os[k]);
        }
        return x;
    }

    private static DoubleUnaryOperator normalCdf(double sd) {
        NormalDistribution d = NormalDistribution.of(0, sd);
        return d::cumulativeProbability;
    }

    private static DoubleUnaryOperator chiSquaredCdf(int dof) {
        ChiSquaredDistribution d = ChiSquaredDistribution.of(dof);
        return d::cumulativeProbability;
    }

    /**
     * CDF of D = X − Y, X, Y i.i.d. Gamma(k, 1), k integer. For d ≥ 0 the density is
     * e^{−d} Σ_{i&lt;k} c_i d^{k−1−i} with c_i = C(k−1, i) (k−1+i)! / (2^{k+i} ((k−1)!)²), so
     * P(D &gt; d) = Σ_i c_i (k−1−i)! e^{−d} Σ_{j ≤ k−1−i} d^j/j!; D is symmetric.
     */
    static DoubleUnaryOperator gammaDifferenceCdf(int k) {
        double[] c = new double[k];
        for (int i = 0; i < k; i++) {
            c[i] = binomial(k - 1, i) * factorial(k - 1 + i)
                    / (Math.pow(2, k + i) * factorial(k - 1) * factorial(k - 1)) * factorial(k - 1 - i);
        }
        DoubleUnaryOperator upper = d -> {
            double s = 0;
            for (int i = 0; i < k; i++) {
                double partial = 0;
                double term = 1;
                for (int j = 0; j <= k - 1 - i; j++) {
                    partial += term;
                    term *= d / (j + 1);
                }
                s += c[i] * partial;
            }
            return s * Math.exp(-d);
        };
        assertEquals(0.5, upper.applyAsDouble(0), 1e-15, "the density integrates to 1");
        return d -> d >= 0 ? 1 - upper.applyAsDouble(d) : upper.applyAsDouble(-d);
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static double binomial(int n, int k) {
        return factorial(n) / (factorial(k) * factorial(n - k));
    }

    private static double logDetCovariance(Overlaps o) {
        return Math.log(new LUDecomposition(MatrixUtils.createRealMatrix(o.covariance())).getDeterminant());
    }

    /** Q_aa, Q_ab via the exact χ² and Gamma-difference laws, and their first two moments. */
    private static void checkStudentBlock(String what, Overlaps[] c) {
        double scale = N / (SIGMA0 * SIGMA0);
        DoubleUnaryOperator diff = gammaDifferenceCdf(N / 2);
        for (int a = 0; a < P; a++) {
            int aa = a;
            double[] y = column(c, o -> o.q(aa, aa) * scale);
            CHECKS.ks(what + " N Q_" + (a + 1) + (a + 1) + "/σ₀² ~ χ²_N", y, chiSquaredCdf(N));
            // mean N, variance 2N; Var(y) = 2N, Var((y − N)²) = μ₄ − μ₂² = 12N(N + 4) − 4N²
            CHECKS.z(what + " E N Q_" + (a + 1) + (a + 1) + "/σ₀² = N",
                    (LawChecks.mean(y) - N) / Math.sqrt(2.0 * N / SEEDS));
            double[] sq = new double[SEEDS];
            for (int k = 0; k < SEEDS; k++) {
                sq[k] = (y[k] - N) * (y[k] - N);
            }
            CHECKS.z(what + " Var N Q_" + (a + 1) + (a + 1) + "/σ₀² = 2N",
                    (LawChecks.mean(sq) - 2.0 * N) / Math.sqrt((8.0 * N * N + 48.0 * N) / SEEDS));
            for (int b = a + 1; b < P; b++) {
                int bb = b;
                double[] x = column(c, o -> o.q(aa, bb) * scale);
                String name = " N Q_" + (a + 1) + (b + 1) + "/σ₀²";
                CHECKS.ks(what + name + " ~ Gamma(N/2) − Gamma(N/2)", x, diff);
                CHECKS.z(what + " E" + name + " = 0", LawChecks.mean(x) / Math.sqrt((double) N / SEEDS));
                double[] x2 = new double[SEEDS];
                for (int k = 0; k < SEEDS; k++) {
                    x2[k] = x[k] * x[k];
                }
                CHECKS.z(what + " E (" + name + ")² = N",
                        (LawChecks.mean(x2) - N) / Math.sqrt((2.0 * N * N + 6.0 * N) / SEEDS));
            }
        }
    }

    /** Two-sample KS on every entry of Q and R, and on log det C (a function of the joint law). */
    private static void checkAgainstWeights(String what, Overlaps[] c, Overlaps[] w) {
        for (int a = 0; a < P; a++) {
            for (int b = a; b < P; b++) {
                int aa = a;
                int bb = b;
                CHECKS.ks2(what + " Q_" + (a + 1) + (b + 1) + " chain vs weights", column(c, o -> o.q(aa, bb)),
                        column(w, o -> o.q(aa, bb)));
            }
            for (int s = 0; s < PS; s++) {
                int aa = a;
                int ss = s;
                CHECKS.ks2(what + " R_" + (a + 1) + (s + 1) + " chain vs weights", column(c, o -> o.r(aa, ss)),
                        column(w, o -> o.r(aa, ss)));
            }
        }
        CHECKS.ks2(what + " log det C chain vs weights", column(c, OverlapChainInitialLawTest::logDetCovariance),
                column(w, OverlapChainInitialLawTest::logDetCovariance));
    }

    @Test
    void orthonormalTeacherMatchesTheExactLaw() {
        Overlaps[] c = chain(spec(new TeacherSpec.Orthonormal()));
        for (Overlaps o : c) {
            assertArrayEquals(new double[][] {{1, 0}, {0, 1}}, o.teacherOverlap(), "T = I exactly");
        }
        double sd = SIGMA0 / Math.sqrt(N);
        for (int a = 0; a < P; a++) {
            for (int s = 0; s < PS; s++) {
                int aa = a;
                int ss = s;
                CHECKS.ks("orthonormal R_" + (a + 1) + (s + 1) + " ~ N(0, σ₀²/N)", column(c, o -> o.r(aa, ss)),
                        normalCdf(sd));
            }
            int aa = a;
            CHECKS.ks("orthonormal N (Q_" + (a + 1) + (a + 1) + " − |R_" + (a + 1) + "·|²)/σ₀² ~ χ²_{N−p*}",
                    column(c, o -> (o.q(aa, aa) - o.r(aa, 0) * o.r(aa, 0) - o.r(aa, 1) * o.r(aa, 1)) * N
                            / (SIGMA0 * SIGMA0)),
                    chiSquaredCdf(N - PS));
        }
        checkStudentBlock("orthonormal", c);
    }

    @Test
    void orthonormalTeacherMatchesTheWeights() {
        ModelSpec spec = spec(new TeacherSpec.Orthonormal());
        checkAgainstWeights("orthonormal", chain(spec), weights(spec));
    }

    @Test
    void gaussianTeacherMatchesTheExactLawAndTheWeights() {
        ModelSpec spec = spec(new TeacherSpec.Gaussian(N, 1L));
        Overlaps[] c = chain(spec);
        Overlaps[] w = weights(spec);
        for (int r = 0; r < PS; r++) {
            int rr = r;
            CHECKS.ks("gaussian N T_" + (r + 1) + (r + 1) + " ~ χ²_N", column(c, o -> o.t(rr, rr) * N),
                    chiSquaredCdf(N));
            CHECKS.ks2("gaussian T_" + (r + 1) + (r + 1) + " chain vs weights", column(c, o -> o.t(rr, rr)),
                    column(w, o -> o.t(rr, rr)));
        }
        CHECKS.ks("gaussian N T_12 ~ Gamma(N/2) − Gamma(N/2)", column(c, o -> o.t(0, 1) * N),
                gammaDifferenceCdf(N / 2));
        CHECKS.ks2("gaussian T_12 chain vs weights", column(c, o -> o.t(0, 1)), column(w, o -> o.t(0, 1)));
        for (Overlaps o : c) {
            assertEquals(o.t(0, 1), o.t(1, 0), 0.0, "T symmetric");
        }
        // the student's own law does not depend on the teacher
        for (int a = 0; a < P; a++) {
            int aa = a;
            CHECKS.ks("gaussian N Q_" + (a + 1) + (a + 1) + "/σ₀² ~ χ²_N",
                    column(c, o -> o.q(aa, aa) * N / (SIGMA0 * SIGMA0)), chiSquaredCdf(N));
        }
        checkAgainstWeights("gaussian", c, w);
    }

    @Test
    void fileTeacherIsReproducedAndRHasCovarianceSigma0SquaredTOverN() {
        double[][] t = {{1.5, 0.6}, {0.6, 0.8}};
        ModelSpec spec = spec(new TeacherSpec.FromFile("t.json", t));
        Overlaps[] c = chain(spec);
        for (Overlaps o : c) {
            assertArrayEquals(t, o.teacherOverlap(), "T of the file, exactly");
        }
        OverlapChain one = OverlapChain.random(spec, N, SIGMA0, 5L);
        assertArrayEquals(t, one.teacherOverlap());

        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(t));
        RealMatrix v = eig.getV();
        double[] ev = eig.getEigenvalues();
        RealMatrix invSqrt = v.multiply(MatrixUtils.createRealDiagonalMatrix(
                new double[] {1 / Math.sqrt(ev[0]), 1 / Math.sqrt(ev[1])})).multiply(v.transpose());
        double sd = SIGMA0 / Math.sqrt(N);
        for (int a = 0; a < P; a++) {
            double[][] white = new double[PS][SEEDS];
            double[] cross = new double[SEEDS];
            for (int k = 0; k < SEEDS; k++) {
                double[] r = invSqrt.operate(c[k].studentTeacherOverlap()[a]);
                white[0][k] = r[0];
                white[1][k] = r[1];
                cross[k] = r[0] * r[1] / (sd * sd);
            }
            for (int s = 0; s < PS; s++) {
                CHECKS.ks("file (T^-½ R_" + (a + 1) + "·)_" + (s + 1) + " ~ N(0, σ₀²/N)", white[s], normalCdf(sd));
            }
            // the whitened components are uncorrelated: E[w₁ w₂] = 0 with Var(w₁ w₂)/sd⁴ = 1
            CHECKS.z("file Cov(whitened R_" + (a + 1) + "1, R_" + (a + 1) + "2) = 0",
                    LawChecks.mean(cross) * Math.sqrt(SEEDS));
            int aa = a;
            // and directly: R_ar ~ N(0, σ₀² T_rr/N), E[R_a1 R_a2] = σ₀² T_12/N,
            // Var(R_a1 R_a2) = (σ₀²/N)² (T_11 T_22 + T_12²)
            for (int s = 0; s < PS; s++) {
                int ss = s;
                CHECKS.ks("file R_" + (a + 1) + (s + 1) + " ~ N(0, σ₀² T_rr/N)", column(c, o -> o.r(aa, ss)),
                        normalCdf(sd * Math.sqrt(t[s][s])));
            }
            double[] product = column(c, o -> o.r(aa, 0) * o.r(aa, 1) / (sd * sd));
            CHECKS.z("file E[R_" + (a + 1) + "1 R_" + (a + 1) + "2] = σ₀² T_12/N", (LawChecks.mean(product) - t[0][1])
                    / Math.sqrt((t[0][0] * t[1][1] + t[0][1] * t[0][1]) / SEEDS));
            CHECKS.ks("file N Q_" + (a + 1) + (a + 1) + "/σ₀² ~ χ²_N",
                    column(c, o -> o.q(aa, aa) * N / (SIGMA0 * SIGMA0)), chiSquaredCdf(N));
        }
        Overlaps[] w = weights(spec);
        for (Overlaps o : w) {
            for (int r = 0; r < PS; r++) {
                assertArrayEquals(t[r], o.teacherOverlap()[r], 1e-12,
                        "the weight engine's T is the file's up to rounding");
            }
        }
        checkAgainstWeights("file", c, w);
    }

    @Test
    void theFamilyIsWithinItsStatedSize() {
        assertTrue(CHECKS.used() <= FAMILY);
    }
}
