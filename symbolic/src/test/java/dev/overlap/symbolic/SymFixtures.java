package dev.overlap.symbolic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.hipparchus.fraction.BigFraction;

import dev.overlap.model.Activation;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/**
 * Helpers shared by the symbolic tests: memoised derivations (one Symja session per test JVM, and each
 * (p, p*, σ, normalisation, η²) derived at most once per run), random exact rational points, and exact
 * rational matrix arithmetic.
 */
final class SymFixtures {

    private static final Map<String, OverlapEquations> DERIVED = new ConcurrentHashMap<>();

    private SymFixtures() {
    }

    static PolynomialActivation activation(String name) {
        return (PolynomialActivation) Activation.parse(name);
    }

    /** Derivation.derive, memoised for the run. */
    static OverlapEquations derived(int p, int pstar, String activation, Normalisation norm, boolean eta2) {
        String key = p + "|" + pstar + "|" + activation + "|" + norm + "|" + eta2;
        return DERIVED.computeIfAbsent(key, k -> Derivation.derive(p, pstar, activation(activation), norm, eta2));
    }

    /** A random rational n/d with |n| ≤ 9, 1 ≤ d ≤ 7. */
    static BigFraction rational(SplittableRandom rng) {
        return new BigFraction(rng.nextInt(-9, 10), rng.nextInt(1, 8));
    }

    /**
     * A random rational point for every variable of the table (state, T, η, Δ and the κ symbols); Δ is
     * non-zero and η positive. The point need not be a valid covariance: every identity tested is polynomial.
     */
    static BigFraction[] randomPoint(OverlapVariables vars, SplittableRandom rng) {
        BigFraction[] x = new BigFraction[vars.count()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rational(rng);
        }
        x[vars.eta()] = new BigFraction(rng.nextInt(1, 10), rng.nextInt(2, 9));
        x[vars.delta()] = new BigFraction(rng.nextInt(1, 10), rng.nextInt(2, 9));
        x[vars.kappaStudent()] = new BigFraction(rng.nextInt(1, 10), rng.nextInt(2, 9));
        x[vars.kappaTeacher()] = new BigFraction(rng.nextInt(1, 10), rng.nextInt(2, 9));
        return x;
    }

    /** The covariance C = [[Q, R], [Rᵀ, T]] of the fields at a point, exactly. */
    static BigFraction[][] covariance(OverlapVariables vars, BigFraction[] x) {
        int n = vars.p() + vars.pstar();
        BigFraction[][] c = new BigFraction[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = x[vars.covariance(i, j)];
            }
        }
        return c;
    }

    static double[] toDouble(BigFraction[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i].doubleValue();
        }
        return d;
    }

    static BigFraction[][] multiply(BigFraction[][] a, BigFraction[][] b) {
        int n = a.length;
        int m = b[0].length;
        BigFraction[][] c = new BigFraction[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                BigFraction s = BigFraction.ZERO;
                for (int k = 0; k < b.length; k++) {
                    s = s.add(a[i][k].multiply(b[k][j]));
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    static BigFraction[][] add(BigFraction[][] a, BigFraction[][] b) {
        BigFraction[][] c = new BigFraction[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j].add(b[i][j]);
            }
        }
        return c;
    }

    static BigFraction[][] scale(BigFraction s, BigFraction[][] a) {
        BigFraction[][] c = new BigFraction[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j].multiply(s);
            }
        }
        return c;
    }

    static BigFraction trace(BigFraction[][] a) {
        BigFraction s = BigFraction.ZERO;
        for (int i = 0; i < a.length; i++) {
            s = s.add(a[i][i]);
        }
        return s;
    }

    static BigFraction[][] diagonal(BigFraction[] d) {
        BigFraction[][] m = new BigFraction[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < d.length; j++) {
                m[i][j] = i == j ? d[i] : BigFraction.ZERO;
            }
        }
        return m;
    }

    static BigFraction bf(long n) {
        return new BigFraction(n);
    }

    static BigFraction bf(long n, long d) {
        return new BigFraction(n, d);
    }

    /** Σ over the terms of |c · monomial(x)|: the natural scale of the rounding error of a polynomial's value. */
    static double absoluteScale(Poly poly, double[] x) {
        double s = 0;
        for (Map.Entry<Poly.Monomial, BigFraction> t : poly.terms()) {
            double v = Math.abs(t.getValue().doubleValue());
            for (int i : t.getKey().vars()) {
                v *= Math.abs(x[i]);
            }
            s += v;
        }
        return s;
    }

    /** |actual − expected| ≤ rel · scale, with a readable message. */
    static void assertClose(double expected, double actual, double rel, double scale, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(err <= rel * scale, () -> what + ": expected " + expected + ", got " + actual + " (error " + err
                + ", allowed " + rel * scale + ")");
    }
}
