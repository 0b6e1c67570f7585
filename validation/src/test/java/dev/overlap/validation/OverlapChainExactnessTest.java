package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapDynamics;

/**
 * Exactness in law of the overlap chain against the weight engine at small N (5 … 100, where an approximation
 * such as a Gaussian |x|² or a dropped 1/N term would show; N = 5 = p + p* is the edge case where the rest of x
 * has no dimensions left): both engines run {@value #SEEDS} independent seeds (case c: chain master seed
 * 1 + c·10⁵, weights master seed 10⁶ + c·10⁵, so all samples are independent), p = 3, p* = 2, η̃ = 0.1, σ₀ = 1,
 * and the laws of Q_11, Q_12, R_11 and ε_g are compared after round(αN) steps for α = {@value #ALPHA_MID} and
 * α = {@value #ALPHA_END} (N·α steps: 10 … 1000) by a two-sample Kolmogorov–Smirnov test and by the difference of
 * means over its standard error (normal approximation); the fraction of seeds that diverge (quadratic: about 1 %
 * at N = 20 with noise, 4 % at N = 5) by Fisher's exact test. Cases: quadratic, erf and ReLU; with and without
 * label noise (Δ = 0.5); orthonormal and Gaussian teacher (redrawn per seed).
 *
 * <p>Quadratic and ReLU run through {@link SgdSimulator} (both engines, its per-seed specs and starts). For erf the
 * simulator's per-seed plateau search costs ~50 ms, which would make {@value #SEEDS} seeds take minutes; the erf
 * cases therefore drive the same engines directly through {@link FiniteNSgd}, with the simulator's per-seed specs
 * ({@link SgdSimulator#seedSpec}), the same start ({@link OverlapChain#random}, {@link SgdRun}), the same
 * recomputation at the recorded point and ε_g from {@link OverlapDynamics#generalisationError}: what
 * {@link SgdSimulator#runSeed} does without the escape bookkeeping.
 *
 * <p><b>Error rate.</b> The {@value #TESTS_PER_CASE} tests of each of the {@value #CASES} cases (119 in all) form one
 * Bonferroni family of at most {@value #FAMILY} tests at total level 10⁻³: each p-value must exceed
 * 10⁻³/{@value #FAMILY} ≈ 8.3·10⁻⁶, so if the chain is exact the class fails with probability below 10⁻³ (the
 * KS and Fisher p-values are exact or conservative; the mean tests rely on the normal approximation of a mean of
 * ~2000 terms). The seeds are fixed, so the outcome is deterministic (the simulator's results do not depend on the
 * thread count).
 *
 * <p><b>Power.</b> The same continuous statistics, same threshold, must reject when the weight engine is run with a
 * wrong learning rate (η × 1.1) or a wrong dimension (N × 2), showing that the comparison can fail. These are not
 * part of the family (they are expected to reject).
 */
@Tag("slow")
class OverlapChainExactnessTest {

    static final int SEEDS = 2000;
    static final double ALPHA_MID = 2;
    static final double ALPHA_END = 10;
    static final int CASES = 7;
    static final int TESTS_PER_CASE = 17;
    static final int FAMILY = 120;
    private static final long CHAIN_MASTER = 1L;
    private static final long WEIGHTS_MASTER = 1_000_000L;
    private static final long CASE_STRIDE = 100_000L;
    private static final int THREADS = 2;
    /** Flat-state indices (p = 3, p* = 2): Q_11, Q_12 (upper triangle of Q), R_11 (after the 6 entries of Q). */
    private static final int[] INDICES = {0, 1, 6};
    private static final String[] NAMES = {"Q_11", "Q_12", "R_11"};

    private static final LawChecks CHECKS = new LawChecks(1e-3, FAMILY);
    private static final Map<String, Sample> CACHE = new ConcurrentHashMap<>();
    private static final List<String> POWER = new ArrayList<>();

    @AfterAll
    static void report() {
        System.out.println("OverlapChainExactnessTest: " + CHECKS.used() + " tests, smallest p = " + CHECKS.smallestP()
                + " (threshold " + CHECKS.threshold() + ")\n" + CHECKS.report() + "\npower:\n"
                + String.join("\n", POWER));
    }

    /**
     * Per surviving seed, at rows α_mid and α_end: Q_11, Q_12, R_11 and ε_g; and the number of seeds that diverged
     * (the simulator's rule) before α_end.
     */
    private record Sample(double[][][] values, int diverged) {
        double[] get(int row, int stat) {
            return values[row][stat];
        }
    }

    private static ModelSpec spec(String activation, double noise, boolean gaussian, int n) {
        return ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.1).activation(Activation.parse(activation)).noise(noise)
                .teacher(gaussian ? new TeacherSpec.Gaussian(n, 1L) : new TeacherSpec.Orthonormal())
                .init(new InitialCondition.Random(n, 1.0, 1L)).build();
    }

    /** Runs all seeds through the simulator and returns the statistics at the two recorded α after 0. */
    private static Sample simulate(ModelSpec spec, Engine engine, int n, long master) {
        SgdSimulator sim = new SgdSimulator(spec, engine, n, master, SEEDS, AlphaGrid.of(ALPHA_MID, ALPHA_END), 0.5,
                THREADS);
        SimulationResult r = sim.run(null);
        List<SeedTrajectory> alive = r.seeds().stream().filter(s -> s.divergenceAlpha() == null).toList();
        int m = alive.size();
        double[][][] v = new double[2][4][m];
        for (int k = 0; k < m; k++) {
            SeedTrajectory s = alive.get(k);
            assertEquals(3, s.size());
            assertEquals(ALPHA_END, s.alphas()[2], 0.0);
            for (int row = 0; row < 2; row++) {
                for (int i = 0; i < 3; i++) {
                    v[row][i][k] = s.states()[row + 1][INDICES[i]];
                }
                v[row][3][k] = s.epsG()[row + 1];
            }
        }
        assertTrue(m >= SEEDS * 0.9, "few seeds diverge (" + (SEEDS - m) + ")");
        return new Sample(v, SEEDS - m);
    }

    /**
     * The erf cases: the engines driven directly (see the class comment), seed k with the simulator's spec and seed.
     */
    private static Sample direct(ModelSpec spec, Engine engine, int n, long master) {
        SgdSimulator sim = new SgdSimulator(spec, engine, n, master, SEEDS, AlphaGrid.of(ALPHA_MID, ALPHA_END), 0.5, 1);
        long[] targets = {Math.round(ALPHA_MID * n), Math.round(ALPHA_END * n)};
        double[][][] v = new double[2][4][SEEDS];
        double[] y = new double[dev.overlap.model.Overlaps.stateDimension(3, 2)];
        for (int k = 0; k < SEEDS; k++) {
            ModelSpec seedSpec = sim.seedSpec(k);
            long seed = SgdSimulator.seedOf(master, k);
            FiniteNSgd run = engine == Engine.OVERLAPS ? OverlapChain.random(seedSpec, n, 1.0, seed)
                    : new SgdRun(seedSpec);
            OverlapDynamics dynamics = OverlapDynamics.of(seedSpec, run.teacherOverlap());
            for (int row = 0; row < 2; row++) {
                run.advance(targets[row] - run.steps());
                run.atRecordedPoint();
                run.copyState(y);
                for (int i = 0; i < 3; i++) {
                    v[row][i][k] = y[INDICES[i]];
                }
                v[row][3][k] = dynamics.generalisationError(y);
                assertTrue(Double.isFinite(v[row][3][k]));
            }
        }
        return new Sample(v, 0);
    }

    private static Sample sample(String key, java.util.function.Supplier<Sample> make) {
        return CACHE.computeIfAbsent(key, x -> make.get());
    }

    /** The chain's sample of case c (master seed 1 + c·10⁵, so that the cases' samples are independent). */
    private static Sample chainOf(int c, String activation, double noise, boolean gaussian, int n) {
        String key = String.format(Locale.ROOT, "chain %d %s Δ=%s %s N=%d", c, activation, noise, gaussian, n);
        ModelSpec spec = spec(activation, noise, gaussian, n);
        long master = CHAIN_MASTER + CASE_STRIDE * c;
        return sample(key, () -> activation.equals("erf") ? direct(spec, Engine.OVERLAPS, n, master)
                : simulate(spec, Engine.OVERLAPS, n, master));
    }

    /** The weight engine's sample of case c (master seed 10⁶ + c·10⁵). */
    private static Sample weightsOf(int c, ModelSpec spec, String activation, int n) {
        long master = WEIGHTS_MASTER + CASE_STRIDE * c;
        return activation.equals("erf") ? direct(spec, Engine.WEIGHTS, n, master)
                : simulate(spec, Engine.WEIGHTS, n, master);
    }

    /**
     * The 17 tests of one case, all asserted against the family threshold: KS and means for 4 statistics at 2 α,
     * and Fisher's exact test on the number of diverged seeds. A seed that diverges (max_a Q_aa beyond the
     * simulator's bound) before α_end is left out of both samples: the laws compared are those conditional on not
     * diverging, the same event for both engines, and its probability is compared by the Fisher test.
     */
    private static void compare(int caseIndex, String activation, double noise, boolean gaussian, int n) {
        String label = String.format(Locale.ROOT, "%s Δ=%s %s N=%d", activation, noise,
                gaussian ? "gaussian" : "orthonormal", n);
        Sample c = chainOf(caseIndex, activation, noise, gaussian, n);
        Sample w = weightsOf(caseIndex, spec(activation, noise, gaussian, n), activation, n);
        int before = CHECKS.used();
        for (int row = 0; row < 2; row++) {
            String at = label + " α=" + (row == 0 ? ALPHA_MID : ALPHA_END) + " ";
            for (int i = 0; i < 4; i++) {
                String name = at + (i < 3 ? NAMES[i] : "ε_g");
                CHECKS.ks2(name, c.get(row, i), w.get(row, i));
                CHECKS.means(name, c.get(row, i), w.get(row, i));
            }
        }
        CHECKS.divergence(label + " diverged " + c.diverged() + " vs " + w.diverged() + " of " + SEEDS, c.diverged(),
                w.diverged(), SEEDS);
        assertEquals(TESTS_PER_CASE, CHECKS.used() - before);
    }

    @Test
    void quadraticNoiselessOrthonormal() {
        compare(0, "quadratic", 0, false, 50);
    }

    @Test
    void quadraticNoisyGaussianTeacher() {
        compare(1, "quadratic", 0.5, true, 20);
    }

    @Test
    void quadraticAtTheSmallestDimension() {
        compare(6, "quadratic", 0, false, 5);
    }

    @Test
    void reluNoisyOrthonormal() {
        compare(2, "relu", 0.5, false, 50);
    }

    @Test
    void reluNoiselessGaussianTeacher() {
        compare(3, "relu", 0, true, 100);
    }

    @Test
    void erfNoiselessOrthonormal() {
        compare(4, "erf", 0, false, 50);
    }

    @Test
    void erfNoisyGaussianTeacher() {
        compare(5, "erf", 0.5, true, 30);
    }

    /** The smallest p-value of the 16 continuous statistics of a wrong weight run against the chain of case 1. */
    private static double smallestP(String what, Sample c, Sample w) {
        double min = 1;
        StringBuilder sb = new StringBuilder(what + ":");
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < 4; i++) {
                double ks = LawChecks.ks2P(c.get(row, i), w.get(row, i));
                double m = LawChecks.meansP(c.get(row, i), w.get(row, i));
                min = Math.min(min, Math.min(ks, m));
                sb.append(String.format(Locale.ROOT, " %s@%s KS %.2g mean %.2g;", i < 3 ? NAMES[i] : "ε_g",
                        row == 0 ? ALPHA_MID : ALPHA_END, ks, m));
            }
        }
        synchronized (POWER) {
            POWER.add(sb.toString());
        }
        return min;
    }

    @Test
    void aWrongLearningRateIsRejected() {
        int n = 50;
        Sample c = chainOf(0, "quadratic", 0, false, n);
        ModelSpec spec = spec("quadratic", 0, false, n);
        Sample w = weightsOf(0, spec.withEta(spec.eta() * 1.1), "quadratic", n);
        double p = smallestP("η × 1.1", c, w);
        assertTrue(p < CHECKS.threshold(), "a 10 % wrong learning rate is detected: smallest p = " + p);
    }

    @Test
    void aWrongDimensionIsRejected() {
        int n = 50;
        Sample c = chainOf(0, "quadratic", 0, false, n);
        Sample w = weightsOf(0, spec("quadratic", 0, false, 2 * n), "quadratic", 2 * n);
        double p = smallestP("N × 2", c, w);
        assertTrue(p < CHECKS.threshold(), "a wrong N is detected: smallest p = " + p);
    }
}
