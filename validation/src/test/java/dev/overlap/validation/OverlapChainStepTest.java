package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;

/**
 * One step of {@link OverlapChain} with given draws (u, z, χ², ξ) against the overlap update of finite-n.md §1
 * evaluated independently in exact rational arithmetic:
 * <pre>
 *   ν = L_T u,  λ = M u + L z,  |x|² = |u|² + |z|² + χ²,  ŷ = κ_s Σ_a σ(λ_a),  y = κ_t Σ_r σ(ν_r) + √Δ ξ,
 *   g_a = η κ_s (ŷ − y) σ'(λ_a),
 *   Q'_ab = Q_ab − (g_a λ_b + g_b λ_a)/N + g_a g_b |x|²/N²,   R'_ar = R_ar − g_a ν_r/N.
 * </pre>
 * The start is built from hand-chosen dyadic factors: L_T (T = L_T L_Tᵀ), M (R = M L_Tᵀ) and a lower-triangular L
 * with positive diagonal (Q = M Mᵀ + L Lᵀ), so that the chain's own factorisation of (Q, R, T) (forward
 * substitution, G = Q − M Mᵀ, Cholesky of G) is exact in double precision and its L is this L: the fields it
 * forms from (u, z) are then exactly the ν, λ above, and the only difference left is the rounding of the update.
 * p = 3, p* = 2, N = 16, η = 1/8, Δ = 1/4 (√Δ = 1/2) or 0. No randomness: the test is deterministic.
 */
class OverlapChainStepTest {

    private static final int N = 16;
    private static final double TOLERANCE = 1e-14;

    private static BigFraction f(int num, int den) {
        return new BigFraction(num, den);
    }

    private static BigFraction f(int v) {
        return new BigFraction(v);
    }

    /** L_T, M (3×2) and L (3×3 lower) of a named start. */
    private record Start(String name, BigFraction[][] lt, BigFraction[][] m, BigFraction[][] l) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final BigFraction[][] M = {
        {f(1, 2), f(-1, 4)},
        {f(1, 4), f(1, 2)},
        {f(-1, 2), f(1, 8)}};

    private static final BigFraction[][] L = {
        {f(1), f(0), f(0)},
        {f(1, 2), f(1), f(0)},
        {f(-1, 4), f(1, 2), f(1, 2)}};

    private static Stream<Start> starts() {
        return Stream.of(
                new Start("T = I", new BigFraction[][] {{f(1), f(0)}, {f(0), f(1)}}, M, L),
                new Start("T = diag(4, 1/4)", new BigFraction[][] {{f(2), f(0)}, {f(0), f(1, 2)}}, M, L),
                // T = [[4, 2], [2, 5/4]]: exercises the off-diagonal of L_T in ν = L_T u and in M = R L_T⁻ᵀ
                new Start("T = [[4,2],[2,5/4]]", new BigFraction[][] {{f(2), f(0)}, {f(1), f(1, 2)}}, M, L),
                // a smaller, rank-deficient-free but ill-scaled G: diagonal 1/8, 1/16, 1/32 of L
                new Start("small G", new BigFraction[][] {{f(2), f(0)}, {f(0), f(1, 2)}}, M,
                        new BigFraction[][] {{f(1, 8), f(0), f(0)}, {f(1, 16), f(1, 16), f(0)},
                            {f(-1, 32), f(1, 64), f(1, 32)}}));
    }

    /** An activation with its σ and σ' on exact rationals. */
    private record Act(Activation activation, UnaryOperator<BigFraction> value, UnaryOperator<BigFraction> derivative) {
        @Override
        public String toString() {
            return activation.name();
        }
    }

    private static Stream<Act> activations() {
        return Stream.of(
                new Act(Activation.QUADRATIC, z -> z.multiply(z), z -> z.multiply(2)),
                // σ(z) = z + z²/2, σ'(z) = 1 + z
                new Act(Activation.parse("poly:0,1,1/2"), z -> z.add(z.multiply(z).divide(2)), z -> z.add(1)),
                // σ(z) = 1/4 − z/2 + z³/8, σ'(z) = −1/2 + 3z²/8
                new Act(Activation.parse("poly:1/4,-1/2,0,1/8"),
                        z -> f(1, 4).subtract(z.divide(2)).add(z.multiply(z).multiply(z).divide(8)),
                        z -> f(-1, 2).add(z.multiply(z).multiply(3).divide(8))));
    }

    static Stream<Arguments> cases() {
        return starts().flatMap(s -> activations().flatMap(a -> Stream.of(Normalisation.SUM, Normalisation.MEAN)
                .flatMap(norm -> Stream.of(0, 1).map(noisy -> Arguments.of(s, a, norm, noisy == 1)))));
    }

    @ParameterizedTest(name = "{0} {1} {2} noise={3}")
    @MethodSource("cases")
    void oneStepIsTheExactOverlapUpdate(Start start, Act act, Normalisation norm, boolean noisy) {
        int p = 3;
        int ps = 2;
        BigFraction eta = f(1, 8);
        BigFraction delta = noisy ? f(1, 4) : f(0);
        BigFraction sqrtDelta = noisy ? f(1, 2) : f(0);
        ModelSpec spec = ModelSpec.builder().p(p).pstar(ps).activation(act.activation()).normalisation(norm)
                .lr(eta.doubleValue()).noise(delta.doubleValue()).init(new InitialCondition.Random(N, 1.0, 1L))
                .build();
        BigFraction kappaS = norm == Normalisation.SUM ? f(1) : f(1, p);
        BigFraction kappaT = norm == Normalisation.SUM ? f(1) : f(1, ps);

        BigFraction[][] lt = start.lt();
        BigFraction[][] m = start.m();
        BigFraction[][] l = start.l();
        BigFraction[][] t = mulT(lt, lt);
        BigFraction[][] r = mulT(m, lt);
        BigFraction[][] q = add(mulT(m, m), mulT(l, l));

        OverlapChain chain = OverlapChain.from(spec, Overlaps.of(toDouble(q), toDouble(r), toDouble(t)), N, 99L);
        // the start is represented exactly
        assertExact(q, r, chain.overlaps(), start.name() + " start");

        BigFraction[] u = {f(1, 2), f(-3, 4)};
        BigFraction[] z = {f(1, 4), f(-1, 2), f(3, 8)};
        BigFraction chi2 = f(29, 2);
        BigFraction xi = f(-3, 8);

        BigFraction[] nu = mulVec(lt, u);
        BigFraction[] lambda = addVec(mulVec(m, u), mulVec(l, z));
        BigFraction xNorm = dot(u, u).add(dot(z, z)).add(chi2);
        BigFraction yHat = f(0);
        for (BigFraction v : lambda) {
            yHat = yHat.add(act.value().apply(v));
        }
        yHat = yHat.multiply(kappaS);
        BigFraction y = f(0);
        for (BigFraction v : nu) {
            y = y.add(act.value().apply(v));
        }
        y = y.multiply(kappaT).add(sqrtDelta.multiply(xi));
        BigFraction[] g = new BigFraction[p];
        for (int a = 0; a < p; a++) {
            g[a] = eta.multiply(kappaS).multiply(yHat.subtract(y)).multiply(act.derivative().apply(lambda[a]));
        }
        BigFraction bigN = f(N);
        BigFraction[][] qNew = new BigFraction[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                qNew[a][b] = q[a][b].subtract(g[a].multiply(lambda[b]).add(g[b].multiply(lambda[a])).divide(bigN))
                        .add(g[a].multiply(g[b]).multiply(xNorm).divide(bigN.multiply(bigN)));
            }
        }
        BigFraction[][] rNew = new BigFraction[p][ps];
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < ps; s++) {
                rNew[a][s] = r[a][s].subtract(g[a].multiply(nu[s]).divide(bigN));
            }
        }
        assertTrue(g[0].signum() != 0 && g[1].signum() != 0 && g[2].signum() != 0, "a non-trivial step");

        chain.step(toDouble(u), toDouble(z), chi2.doubleValue(), xi.doubleValue());
        assertEquals(1, chain.steps());
        Overlaps after = chain.overlaps();
        assertClose(qNew, rNew, after, start.name() + " " + act.activation().name() + " " + norm + " Δ=" + delta);
        assertEquals(toDouble(t)[0][1], after.t(0, 1), 0.0, "T is unchanged");
        assertEquals(toDouble(t)[1][1], after.t(1, 1), 0.0, "T is unchanged");
    }

    private static void assertExact(BigFraction[][] q, BigFraction[][] r, Overlaps o, String what) {
        for (int a = 0; a < q.length; a++) {
            for (int b = 0; b < q.length; b++) {
                assertEquals(q[a][b].doubleValue(), o.q(a, b), 0.0, what + " Q" + a + b);
            }
            for (int s = 0; s < r[a].length; s++) {
                assertEquals(r[a][s].doubleValue(), o.r(a, s), 0.0, what + " R" + a + s);
            }
        }
    }

    /** Each entry to a relative {@value #TOLERANCE} of its exact value (exactly 0 if that is 0). */
    private static void assertClose(BigFraction[][] q, BigFraction[][] r, Overlaps o, String what) {
        for (int a = 0; a < q.length; a++) {
            for (int b = 0; b < q.length; b++) {
                assertRelative(q[a][b], o.q(a, b), what + " Q_" + (a + 1) + (b + 1));
            }
            for (int s = 0; s < r[a].length; s++) {
                assertRelative(r[a][s], o.r(a, s), what + " R_" + (a + 1) + (s + 1));
            }
        }
    }

    private static void assertRelative(BigFraction exact, double actual, String what) {
        BigFraction err = new BigFraction(actual).subtract(exact).abs();
        BigFraction bound = exact.abs().multiply(new BigFraction(TOLERANCE));
        String relative = exact.signum() == 0 ? "∞" : Double.toString(err.divide(exact.abs()).doubleValue());
        assertTrue(err.compareTo(bound) <= 0, what + ": chain " + actual + ", exact " + exact.doubleValue() + " ("
                + exact + "), relative error " + relative);
    }

    /** A Bᵀ. */
    private static BigFraction[][] mulT(BigFraction[][] a, BigFraction[][] b) {
        BigFraction[][] c = new BigFraction[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                c[i][j] = dot(a[i], b[j]);
            }
        }
        return c;
    }

    private static BigFraction[][] add(BigFraction[][] a, BigFraction[][] b) {
        BigFraction[][] c = new BigFraction[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j].add(b[i][j]);
            }
        }
        return c;
    }

    private static BigFraction[] mulVec(BigFraction[][] a, BigFraction[] x) {
        BigFraction[] y = new BigFraction[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = dot(a[i], x);
        }
        return y;
    }

    private static BigFraction[] addVec(BigFraction[] a, BigFraction[] b) {
        BigFraction[] c = new BigFraction[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].add(b[i]);
        }
        return c;
    }

    private static BigFraction dot(BigFraction[] a, BigFraction[] b) {
        BigFraction s = f(0);
        for (int i = 0; i < a.length; i++) {
            s = s.add(a[i].multiply(b[i]));
        }
        return s;
    }

    private static double[][] toDouble(BigFraction[][] a) {
        double[][] d = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            d[i] = toDouble(a[i]);
        }
        return d;
    }

    private static double[] toDouble(BigFraction[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i].doubleValue();
            if (new BigFraction(d[i]).compareTo(a[i]) != 0) {
                throw new AssertionError("not a double: " + a[i]);
            }
        }
        return d;
    }
}
