package dev.overlap.symbolic;

import static dev.overlap.symbolic.SymFixtures.bf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.hipparchus.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * {@link Poly}: exact sparse polynomials.
 *
 * <p>Where the expected values come from: hand-expanded small polynomials ((x + y)² = x² + 2xy + y²,
 * d(x³y)/dx = 3x²y, …) and hand-evaluated values; the ring axioms and the product rule, checked on random
 * rational polynomials; the derivative also against an exact derivative obtained independently by Lagrange
 * interpolation of t ↦ P(x + t e_v) at t = 0..D (exact for a polynomial of degree ≤ D in t).
 */
class PolyTest {

    private static final int VARS = 5;

    private static Poly x(int v) {
        return Poly.variable(v);
    }

    private static Poly c(long n, long d) {
        return Poly.constant(bf(n, d));
    }

    /** A random polynomial in x₀..x₄ with up to 6 terms of degree ≤ 3. */
    private static Poly random(SplittableRandom rng) {
        Poly p = Poly.zero();
        int terms = rng.nextInt(0, 7);
        for (int i = 0; i < terms; i++) {
            int[] vars = new int[rng.nextInt(0, 4)];
            for (int k = 0; k < vars.length; k++) {
                vars[k] = rng.nextInt(VARS);
            }
            p = p.add(Poly.term(SymFixtures.rational(rng), vars));
        }
        return p;
    }

    private static BigFraction[] point(SplittableRandom rng) {
        BigFraction[] x = new BigFraction[VARS];
        for (int i = 0; i < VARS; i++) {
            x[i] = SymFixtures.rational(rng);
        }
        return x;
    }

    @Test
    void handExpandedProducts() {
        Poly sum = x(0).add(x(1));
        Poly square = sum.multiply(sum);
        Poly expected = Poly.term(BigFraction.ONE, 0, 0).add(Poly.term(bf(2), 0, 1)).add(Poly.term(BigFraction.ONE, 1, 1));
        assertEquals(expected, square);
        assertEquals(3, square.size());
        // (x − y)(x + y) = x² − y²
        Poly diff = x(0).subtract(x(1)).multiply(sum);
        assertEquals(Poly.term(BigFraction.ONE, 0, 0).subtract(Poly.term(BigFraction.ONE, 1, 1)), diff);
        assertEquals(2, diff.size(), "the xy terms cancel and are dropped");
        // (1/2 + x)·2/3 = 1/3 + 2/3 x
        assertEquals(c(1, 3).add(Poly.term(bf(2, 3), 0)), c(1, 2).add(x(0)).multiply(c(2, 3)));
        assertEquals(c(1, 3).add(Poly.term(bf(2, 3), 0)), c(1, 2).add(x(0)).scale(bf(2, 3)));
    }

    @Test
    void canonicalEquality() {
        assertEquals(Poly.term(bf(5, 7), 3, 1, 3), Poly.term(bf(5, 7), 1, 3, 3), "variable order is irrelevant");
        assertEquals(Poly.term(bf(5, 7), 3, 1, 3).hashCode(), Poly.term(bf(5, 7), 1, 3, 3).hashCode());
        assertEquals(x(1).multiply(x(3)).multiply(x(3)).scale(bf(10, 14)), Poly.term(bf(5, 7), 3, 1, 3));
        assertNotEquals(Poly.term(bf(5, 7), 1, 3), Poly.term(bf(5, 7), 1, 3, 3));
        assertNotEquals(Poly.term(bf(5, 7), 1, 3), Poly.term(bf(4, 7), 1, 3));
        assertTrue(Poly.term(BigFraction.ZERO, 1, 2).isZero());
        assertTrue(Poly.constant(BigFraction.ZERO).isZero());
        assertSame(Poly.zero(), Poly.constant(BigFraction.ZERO));
        Poly a = x(0).add(x(2)).add(c(3, 4));
        Poly b = c(3, 4).add(x(2)).add(x(0));
        assertEquals(a, b, "addition order is irrelevant");
        assertEquals(a.hashCode(), b.hashCode());
        Poly cancelled = a.subtract(b);
        assertTrue(cancelled.isZero());
        assertEquals(Poly.zero(), cancelled);
        assertEquals(0, cancelled.size());
        assertEquals("[]", cancelled.toString());
    }

    @Test
    void termsAreInCanonicalOrder() {
        Poly p = Poly.term(bf(1), 2, 2).add(Poly.term(bf(2), 4)).add(c(3, 1)).add(Poly.term(bf(4), 0, 3))
                .add(Poly.term(bf(5), 1));
        List<Map.Entry<Poly.Monomial, BigFraction>> t = p.terms();
        assertEquals(5, t.size());
        assertArrayEquals(new int[] {}, t.get(0).getKey().vars());
        assertEquals(bf(3), t.get(0).getValue());
        assertArrayEquals(new int[] {1}, t.get(1).getKey().vars());
        assertArrayEquals(new int[] {4}, t.get(2).getKey().vars());
        assertArrayEquals(new int[] {0, 3}, t.get(3).getKey().vars());
        assertArrayEquals(new int[] {2, 2}, t.get(4).getKey().vars());
        // the monomial's array is a defensive copy
        int[] leak = t.get(4).getKey().vars();
        leak[0] = 99;
        assertArrayEquals(new int[] {2, 2}, p.terms().get(4).getKey().vars());
    }

    @Test
    void exactEvaluationByHand() {
        // 3/2 x₀² x₁ − 1/3 at x₀ = 2/3, x₁ = −3: 3/2 · 4/9 · (−3) − 1/3 = −7/3
        Poly p = Poly.term(bf(3, 2), 0, 0, 1).add(c(-1, 3));
        BigFraction[] at = {bf(2, 3), bf(-3), bf(100)};
        assertEquals(bf(-7, 3), p.evaluate(at));
        assertEquals(-7.0 / 3, p.evaluate(new double[] {2.0 / 3, -3, 100}), 1e-15);
        assertEquals(BigFraction.ZERO, Poly.zero().evaluate(at));
        assertEquals(bf(5, 9), c(5, 9).evaluate(new BigFraction[0]));
    }

    @Test
    void derivativesByHand() {
        // d(x³y)/dx = 3x²y, d/dy = x³, d/dz = 0
        Poly p = Poly.term(BigFraction.ONE, 0, 0, 0, 1);
        assertEquals(Poly.term(bf(3), 0, 0, 1), p.derivative(0));
        assertEquals(Poly.term(BigFraction.ONE, 0, 0, 0), p.derivative(1));
        assertTrue(p.derivative(2).isZero());
        assertTrue(c(7, 2).derivative(0).isZero());
        // d(2/5 x² + x y − 4)/dx = 4/5 x + y
        Poly q = Poly.term(bf(2, 5), 0, 0).add(Poly.term(BigFraction.ONE, 0, 1)).add(c(-4, 1));
        assertEquals(Poly.term(bf(4, 5), 0).add(x(1)), q.derivative(0));
    }

    @Test
    void substitutionByHand() {
        // (x + y)² at y = 2: x² + 4x + 4
        Poly sum = x(0).add(x(1));
        Poly sub = sum.multiply(sum).substitute(1, bf(2));
        assertEquals(Poly.term(BigFraction.ONE, 0, 0).add(Poly.term(bf(4), 0)).add(c(4, 1)), sub);
        assertFalse(sub.contains(1));
        assertTrue(sub.contains(0));
        // x y² at y = −1/2: x/4
        assertEquals(Poly.term(bf(1, 4), 0), Poly.term(BigFraction.ONE, 0, 1, 1).substitute(1, bf(-1, 2)));
        // substituting 0 kills the terms
        assertTrue(Poly.term(bf(3), 0, 1).substitute(1, BigFraction.ZERO).isZero());
        // substituting an absent variable changes nothing
        assertEquals(sum, sum.substitute(4, bf(9)));
    }

    @Test
    void ringAxiomsOnRandomPolynomials() {
        SplittableRandom rng = new SplittableRandom(42);
        Poly one = Poly.constant(BigFraction.ONE);
        for (int i = 0; i < 200; i++) {
            Poly a = random(rng);
            Poly b = random(rng);
            Poly cc = random(rng);
            assertEquals(a.add(b), b.add(a));
            assertEquals(a.multiply(b), b.multiply(a));
            assertEquals(a.add(b).add(cc), a.add(b.add(cc)));
            assertEquals(a.multiply(b).multiply(cc), a.multiply(b.multiply(cc)));
            assertEquals(a.multiply(b.add(cc)), a.multiply(b).add(a.multiply(cc)));
            assertEquals(a, a.add(Poly.zero()));
            assertEquals(a, a.multiply(one));
            assertTrue(a.multiply(Poly.zero()).isZero());
            assertTrue(a.subtract(a).isZero());
            assertEquals(a.scale(bf(-3, 4)), a.multiply(c(-3, 4)));
            assertTrue(a.scale(BigFraction.ZERO).isZero());
            // a ≠ 0 and b ≠ 0 ⇒ ab ≠ 0 (exact arithmetic, no spurious cancellation)
            if (!a.isZero() && !b.isZero()) {
                assertFalse(a.multiply(b).isZero());
            }
        }
    }

    @Test
    void evaluationIsARingHomomorphism() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            Poly a = random(rng);
            Poly b = random(rng);
            BigFraction[] at = point(rng);
            assertEquals(a.evaluate(at).add(b.evaluate(at)), a.add(b).evaluate(at));
            assertEquals(a.evaluate(at).multiply(b.evaluate(at)), a.multiply(b).evaluate(at));
            double[] d = SymFixtures.toDouble(at);
            double exact = a.multiply(b).evaluate(at).doubleValue();
            SymFixtures.assertClose(exact, a.multiply(b).evaluate(d), 1e-14, 1 + SymFixtures.absoluteScale(a.multiply(b), d),
                    "double evaluation");
        }
    }

    @Test
    void derivativeObeysLinearityAndTheProductRule() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            Poly a = random(rng);
            Poly b = random(rng);
            int v = rng.nextInt(VARS);
            assertEquals(a.derivative(v).add(b.derivative(v)), a.add(b).derivative(v));
            assertEquals(a.derivative(v).multiply(b).add(a.multiply(b.derivative(v))), a.multiply(b).derivative(v));
            int w = rng.nextInt(VARS);
            assertEquals(a.derivative(v).derivative(w), a.derivative(w).derivative(v), "mixed partials commute");
            if (!a.contains(v)) {
                assertTrue(a.derivative(v).isZero());
            }
        }
    }

    @Test
    void derivativeEqualsTheExactInterpolatedSlope() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int i = 0; i < 100; i++) {
            Poly a = random(rng).multiply(random(rng)); // degree ≤ 6
            BigFraction[] at = point(rng);
            int v = rng.nextInt(VARS);
            assertEquals(interpolatedSlope(a, at, v, 6), a.derivative(v).evaluate(at));
        }
    }

    @Test
    void substitutionCommutesWithEvaluationAndProducts() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int i = 0; i < 200; i++) {
            Poly a = random(rng);
            Poly b = random(rng);
            int v = rng.nextInt(VARS);
            BigFraction value = SymFixtures.rational(rng);
            BigFraction[] at = point(rng);
            BigFraction[] moved = at.clone();
            moved[v] = value;
            Poly sub = a.substitute(v, value);
            assertFalse(sub.contains(v));
            assertEquals(a.evaluate(moved), sub.evaluate(at));
            assertEquals(a.substitute(v, value).multiply(b.substitute(v, value)), a.multiply(b).substitute(v, value));
            // substituting every variable leaves the constant a(at)
            Poly all = a;
            for (int k = 0; k < VARS; k++) {
                all = all.substitute(k, at[k]);
            }
            assertEquals(Poly.constant(a.evaluate(at)), all);
        }
    }

    @Test
    void operationsDoNotModifyTheirOperands() {
        Poly a = x(0).add(c(1, 2));
        Poly b = x(1);
        Poly before = x(0).add(c(1, 2));
        a.add(b);
        a.multiply(b);
        a.scale(bf(3));
        a.derivative(0);
        a.substitute(0, bf(5));
        assertEquals(before, a);
    }

    /**
     * dP/dx_v at x exactly: P(x + t e_v) is a polynomial of degree ≤ deg in t, so its slope at 0 is
     * Σ_k L_k'(0) P(x + k e_v) with the Lagrange basis L_k on the nodes 0..deg.
     */
    static BigFraction interpolatedSlope(Poly p, BigFraction[] x, int v, int deg) {
        BigFraction slope = BigFraction.ZERO;
        for (int k = 0; k <= deg; k++) {
            // L_k'(0) = Σ_{j≠k} 1/(k−j) Π_{m≠k,j} (0−m)/(k−m)
            BigFraction w = BigFraction.ZERO;
            for (int j = 0; j <= deg; j++) {
                if (j == k) {
                    continue;
                }
                BigFraction term = new BigFraction(1, k - j);
                for (int m = 0; m <= deg; m++) {
                    if (m != k && m != j) {
                        term = term.multiply(new BigFraction(-m, k - m));
                    }
                }
                w = w.add(term);
            }
            BigFraction[] shifted = x.clone();
            shifted[v] = x[v].add(k);
            slope = slope.add(w.multiply(p.evaluate(shifted)));
        }
        return slope;
    }
}
