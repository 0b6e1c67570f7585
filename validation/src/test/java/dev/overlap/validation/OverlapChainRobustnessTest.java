package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Locale;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapDynamics;

/**
 * Numerical robustness of {@link OverlapChain}: long runs towards the zero-loss manifold (p &gt; p*, where
 * C = [[Q, R], [Rᵀ, T]] becomes singular and G = Q − R T⁻¹ Rᵀ → 0), starts exactly on the singular set, the
 * smallest dimension N = p + p*, a huge N, invalid input, given starts in the simulator and thread independence.
 * Every run has a fixed seed, so every test is deterministic; none is statistical.
 */
class OverlapChainRobustnessTest {

    /** Relative tolerance on negative eigenvalues of C: min eig(C) ≥ −this · max|C|. */
    private static final double PSD_TOLERANCE = 1e-12;

    private static ModelSpec spec(int p, int pstar, double lrPerWidth, double noise, int n) {
        return ModelSpec.builder().p(p).pstar(pstar).lrPerWidth(lrPerWidth).noise(noise)
                .init(new InitialCondition.Random(n, 1.0, 1L)).build();
    }

    private static double maxAbs(double[][] m) {
        double x = 0;
        for (double[] row : m) {
            for (double v : row) {
                x = Math.max(x, Math.abs(v));
            }
        }
        return x;
    }

    /** Every entry finite and C positive semi-definite to {@link #PSD_TOLERANCE} relative; returns min eig / max|C|. */
    private static double assertRealisable(Overlaps o, String what) {
        double[][] c = o.covariance();
        for (double[] row : c) {
            for (double v : row) {
                assertTrue(Double.isFinite(v), what + ": every entry finite: " + o);
            }
        }
        double scale = maxAbs(c);
        double min = o.smallestCovarianceEigenvalue();
        assertTrue(min >= -PSD_TOLERANCE * scale, what + ": C positive semi-definite, smallest eigenvalue " + min
                + " (max|C| = " + scale + ")");
        return min / scale;
    }

    /** max |G_ab| of G = Q − R T⁻¹ Rᵀ (by subtraction, so accurate to ~1e-16 · max|Q|). */
    private static double maxPerp(Overlaps o) {
        RealMatrix q = MatrixUtils.createRealMatrix(o.studentOverlap());
        RealMatrix r = MatrixUtils.createRealMatrix(o.studentTeacherOverlap());
        RealMatrix tInv = MatrixUtils.inverse(MatrixUtils.createRealMatrix(o.teacherOverlap()));
        return maxAbs(q.subtract(r.multiply(tInv).multiply(r.transpose())).getData());
    }

    /**
     * Long runs with {@link OverlapChain#advance}, checked at 10 points: finite, C positive semi-definite. Without
     * noise the run must really reach the neighbourhood of the zero-loss manifold (quadratic σ: the part of the
     * student outside the teacher's span decays algebraically, G ~ 1/α): ε_g falls below 10⁻³ of its start, max|G|
     * below 2·10⁻², and C becomes nearly singular (min eig(C) below 10⁻⁴ · max|C|).
     */
    @ParameterizedTest(name = "p={0} p*={1} η̃={2} N={3} α={4} Δ={5}")
    @CsvSource({
        "4, 2, 0.1, 1000, 500, 0",
        "3, 1, 0.1, 100, 500, 0",
        "4, 2, 0.2, 100, 300, 0",
        "4, 2, 0.1, 1000, 300, 0.5",
        "3, 1, 0.1, 100, 500, 0.5"})
    void longRunsTowardsTheZeroLossManifoldStayRealisable(int p, int pstar, double lr, int n, double alpha,
            double noise) {
        ModelSpec spec = spec(p, pstar, lr, noise, n);
        OverlapChain chain = OverlapChain.random(spec, n, 1.0, 7L);
        OverlapDynamics f = OverlapDynamics.of(spec, chain.teacherOverlap());
        double eps0 = f.generalisationError(chain.overlaps().toState());
        long total = Math.round(alpha * n);
        double minRatio = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= 10; k++) {
            chain.advance(total * k / 10 - chain.steps());
            minRatio = Math.min(minRatio, assertRealisable(chain.overlaps(), "α = " + chain.steps() / (double) n));
        }
        assertEquals(total, chain.steps());
        Overlaps end = chain.overlaps();
        double eps = f.generalisationError(end.toState());
        double perp = maxPerp(end);
        System.out.printf(Locale.ROOT, "robustness p=%d p*=%d η̃=%s N=%d α=%s Δ=%s: ε_g %.3g → %.3g, max|G| = %.3g,"
                + " min eig C / max|C| = %.3g (smallest seen %.3g)%n", p, pstar, lr, n, alpha, noise, eps0, eps, perp,
                end.smallestCovarianceEigenvalue() / maxAbs(end.covariance()), minRatio);
        if (noise == 0) {
            assertTrue(eps < 1e-3 * eps0, "the loss approached 0: ε_g " + eps0 + " → " + eps);
            assertTrue(perp < 2e-2, "G = Q − R T⁻¹ Rᵀ is small: " + perp);
            assertTrue(minRatio < 1e-4, "C became nearly singular: min eig / max|C| = " + minRatio);
        }
    }

    /**
     * Starts exactly on the singular set, G = Q − R Rᵀ = 0 (T = I): on the zero-loss manifold (M = R with
     * MᵀM/p = I/p*) without noise the chain must stay there; off it, and with noise, G leaves 0 with rank one
     * after the first step (the factorisation must tolerate zero pivots) and C must stay positive semi-definite.
     */
    @Test
    void startsWithZeroPerpendicularPartStayRealisable() {
        int p = 4;
        int ps = 2;
        int n = 200;
        // M = R: rows e1, e2, e1, e2, so (1/4) Σ_a (m_a·u)² = (1/2)|u|² = κ_t Σ_r ν_r²: zero loss for every x
        double[][] onManifold = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
        double[][] offManifold = {{0.5, 0.25}, {-0.25, 0.75}, {1, 0}, {0.125, -0.5}};
        double[][] t = {{1, 0}, {0, 1}};
        for (double noise : new double[] {0, 0.5}) {
            for (double[][] r : new double[][][] {onManifold, offManifold}) {
                double[][] q = new double[p][p];
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        q[a][b] = r[a][0] * r[b][0] + r[a][1] * r[b][1];
                    }
                }
                Overlaps start = Overlaps.of(q, r, t);
                ModelSpec spec = spec(p, ps, 0.1, noise, n);
                OverlapChain chain = OverlapChain.from(spec, start, n, 3L);
                String what = (r == onManifold ? "on" : "off") + " the manifold, Δ = " + noise;
                assertEquals(0.0, maxPerp(chain.overlaps()), 1e-15, what + ": G(0) = 0");
                for (int k = 0; k < 20; k++) {
                    chain.advance(k == 0 ? 1 : 10 * n);
                    assertRealisable(chain.overlaps(), what + ", step " + chain.steps());
                }
                if (r == onManifold && noise == 0) {
                    Overlaps end = chain.overlaps();
                    double[] a = end.toState();
                    double[] b = start.toState();
                    assertArrayEquals(b, a, 1e-12, what + ": a zero-loss state does not move");
                }
            }
        }
    }

    /**
     * σ₀ = 0: C = [[0, 0], [0, T]] is as singular as it gets. With σ = erf (σ'(0) ≠ 0) the student leaves 0 along
     * rank-one updates of G; the chain stays finite and realisable and the student grows.
     */
    @Test
    void aZeroStartRuns() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.1).activation(
                dev.overlap.model.Activation.parse("erf")).init(new InitialCondition.Random(50, 0.0, 1L)).build();
        OverlapChain chain = OverlapChain.random(spec, 50, 0.0, 4L);
        assertArrayEquals(new double[12], chain.overlaps().toState(), 0.0, "Q = 0, R = 0");
        for (int k = 0; k < 10; k++) {
            chain.advance(k == 0 ? 1 : 50);
            assertRealisable(chain.overlaps(), "σ₀ = 0, step " + chain.steps());
        }
        assertTrue(chain.overlaps().q(0, 0) > 0, "the student has moved");
    }

    /**
     * N = p + p*: the χ² of the rest of x has zero degrees of freedom; the random start and the steps are finite.
     * (At such N, SGD with σ(z) = z² itself blows up with a small probability per step, in both engines alike; the
     * learning rate and length here are such that these fixed seeds do not. Its law there is compared with the
     * weight engine's in {@link OverlapChainExactnessTest}.)
     */
    @Test
    void smallestDimensionRuns() {
        for (int[] shape : new int[][] {{4, 2}, {3, 1}, {1, 1}}) {
            int p = shape[0];
            int ps = shape[1];
            int n = p + ps;
            for (double noise : new double[] {0, 0.5}) {
                ModelSpec spec = spec(p, ps, 0.01, noise, n);
                for (long seed = 1; seed <= 20; seed++) {
                    OverlapChain chain = OverlapChain.random(spec, n, 1.0, seed);
                    assertRealisable(chain.overlaps(), "N = p + p* = " + n + " start, seed " + seed);
                    chain.advance(100L * n);
                    assertRealisable(chain.overlaps(), "N = p + p* = " + n + " after α = 100, seed " + seed);
                }
            }
        }
    }

    /**
     * N = 10⁹: the start and 10⁵ steps finish within a 20 s timeout (they take ~0.1 s; one N-vector of doubles,
     * 8 GB, would not even fit the test JVM), and the overlaps barely move (α = 10⁻⁴): Q ≈ σ₀² I to O(N^-½),
     * R = O(N^-½).
     */
    @Test
    void aBillionDimensionsCostsTheSameAsAHundred() {
        int n = 1_000_000_000;
        ModelSpec spec = spec(3, 2, 0.1, 0.5, n);
        Overlaps end = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            OverlapChain chain = OverlapChain.random(spec, n, 1.0, 11L);
            assertEquals(n, chain.dimension());
            chain.advance(100_000);
            assertEquals(100_000, chain.steps());
            return chain.overlaps();
        });
        assertRealisable(end, "N = 10⁹");
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(a == b ? 1.0 : 0.0, end.q(a, b), 1e-3, "Q ≈ I");
            }
            for (int s = 0; s < 2; s++) {
                assertEquals(0.0, end.r(a, s), 1e-3, "R ≈ 0");
            }
        }
        assertTrue(end.q(0, 0) != 1.0 && end.r(0, 0) != 0.0, "but not exactly: the fluctuations are there");
    }

    @Test
    void invalidInputIsASpecException() {
        ModelSpec spec = spec(3, 2, 0.1, 0, 100);
        SpecException small = assertThrows(SpecException.class, () -> OverlapChain.random(spec, 4, 1.0, 1L));
        assertTrue(small.getMessage().contains("p + p* = 5"), small.getMessage());

        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        Overlaps start = Overlaps.of(identity, new double[3][2], new double[][] {{1, 0}, {0, 1}});
        SpecException smallFrom = assertThrows(SpecException.class, () -> OverlapChain.from(spec, start, 4, 1L));
        assertTrue(smallFrom.getMessage().contains("p + p* = 5"), smallFrom.getMessage());

        // T = [[1, 1], [1, 1]] is positive semi-definite (so Overlaps.of accepts it) but singular
        Overlaps singularTeacher = Overlaps.of(identity, new double[3][2], new double[][] {{1, 1}, {1, 1}});
        SpecException singular = assertThrows(SpecException.class,
                () -> OverlapChain.from(spec, singularTeacher, 100, 1L));
        assertTrue(singular.getMessage().contains("positive-definite"), singular.getMessage());

        SpecException wrongShape = assertThrows(SpecException.class, () -> OverlapChain.from(spec(2, 2, 0.1, 0, 100),
                start, 100, 1L));
        assertTrue(wrongShape.getMessage().contains("p = 3"), wrongShape.getMessage());

        ModelSpec iso = spec.withInit(new InitialCondition.Isotropic(1, 0.1));
        SpecException weights = assertThrows(SpecException.class,
                () -> new SgdSimulator(iso, Engine.WEIGHTS, 100, 1L, 2, AlphaGrid.of(1), 0.5, 1));
        assertTrue(weights.getMessage().contains("init = random"), weights.getMessage());
        assertEquals("init", weights.parameter().orElseThrow());
    }

    /** With the overlaps engine a given (isotropic) start is every seed's row 0, and the seeds then differ. */
    @Test
    void isotropicStartIsEverySeedsFirstRow() {
        ModelSpec iso = spec(3, 2, 0.1, 0, 100).withInit(new InitialCondition.Isotropic(1, 0.1));
        double[] expected = iso.initialOverlaps().toState();
        SimulationResult r = new SgdSimulator(iso, Engine.OVERLAPS, 100, 5L, 4, AlphaGrid.of(0.5, 1), 0.5, 2).run(null);
        assertEquals(3, r.rows());
        for (SeedTrajectory s : r.seeds()) {
            assertEquals(0.0, s.alphas()[0]);
            assertArrayEquals(expected, s.states()[0], 0.0, "seed " + s.index() + " starts at the isotropic state");
            assertArrayEquals(new double[] {1, 0, 0, 1}, flatten(s.teacherOverlap()), 0.0);
        }
        assertTrue(r.seeds().get(0).states()[2][0] != r.seeds().get(1).states()[2][0], "the seeds' steps differ");
    }

    private static double[] flatten(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** The overlaps engine's results are bitwise identical for 1 and 2 threads (and a rerun). */
    @Test
    void overlapsEngineIsIndependentOfTheThreadCount() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.1).noise(0.5)
                .teacher(new TeacherSpec.Gaussian(60, 1L)).init(new InitialCondition.Random(60, 1.0, 1L)).build();
        AlphaGrid grid = AlphaGrid.linear(20, 5);
        SimulationResult one = new SgdSimulator(spec, Engine.OVERLAPS, 60, 9L, 6, grid, 0.5, 1).run(null);
        SimulationResult two = new SgdSimulator(spec, Engine.OVERLAPS, 60, 9L, 6, grid, 0.5, 2).run(null);
        SimulationResult again = new SgdSimulator(spec, Engine.OVERLAPS, 60, 9L, 6, grid, 0.5, 2).run(null);
        assertEquals(Engine.OVERLAPS, one.engine());
        for (int k = 0; k < 6; k++) {
            SeedTrajectory a = one.seeds().get(k);
            SeedTrajectory b = two.seeds().get(k);
            SeedTrajectory c = again.seeds().get(k);
            assertEquals(a.size(), b.size());
            assertArrayEquals(a.alphas(), b.alphas(), 0.0);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.states()[i], b.states()[i], 0.0, "1 vs 2 threads, seed " + k + " row " + i);
                assertArrayEquals(b.states()[i], c.states()[i], 0.0, "rerun, seed " + k + " row " + i);
            }
            assertArrayEquals(a.epsG(), b.epsG(), 0.0);
            assertEquals(a.escapeAlpha(), b.escapeAlpha());
            assertEquals(a.divergenceAlpha(), b.divergenceAlpha());
            assertEquals(a.plateauEpsG(), b.plateauEpsG(), 0.0);
            assertArrayEquals(flatten(a.teacherOverlap()), flatten(b.teacherOverlap()), 0.0);
        }
        assertTrue(one.seeds().get(0).states()[3][0] != one.seeds().get(1).states()[3][0], "seeds differ");
    }
}
