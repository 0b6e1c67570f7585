package dev.overlap.symbolic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.hipparchus.fraction.BigFraction;

import dev.overlap.testing.Isserlis;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.testing.Isserlis;

/**
 * An independent reference for the derived equations: the integrands of docs/model.md written as polynomials in the
 * fields Λ = (λ_1..λ_p, ν_1..ν_p*) with exact rational coefficients (η, Δ, κ_s, κ_t given as numbers), expanded
 * here (no Symja), and integrated monomial by monomial with the literal pairing enumeration
 * {@link Isserlis#moment(BigFraction[][], int...)}, or for two fields with the closed pairing count
 * E[λ^i ν^j] = Σ_k C(i,k) C(j,k) k! R^k (i−k−1)!! Q^((i−k)/2) (j−k−1)!! T^((j−k)/2) (k cross pairs; i−k, j−k
 * even), which is what makes degree-14 integrands affordable.
 */
final class BruteForce {

    /** A polynomial in the fields: exponent vector → coefficient. */
    static final class FieldPoly {
        final int n;
        final Map<Key, BigFraction> terms = new HashMap<>();

        FieldPoly(int n) {
            this.n = n;
        }

        static FieldPoly constant(int n, BigFraction c) {
            FieldPoly f = new FieldPoly(n);
            f.accumulate(new int[n], c);
            return f;
        }

        /** c Λ_i^k. */
        static FieldPoly power(int n, int i, int k, BigFraction c) {
            FieldPoly f = new FieldPoly(n);
            int[] e = new int[n];
            e[i] = k;
            f.accumulate(e, c);
            return f;
        }

        void accumulate(int[] e, BigFraction c) {
            if (c.equals(BigFraction.ZERO)) {
                return;
            }
            terms.merge(new Key(e.clone()), c, BigFraction::add);
        }

        FieldPoly add(FieldPoly o) {
            FieldPoly f = copy();
            for (Map.Entry<Key, BigFraction> t : o.terms.entrySet()) {
                f.accumulate(t.getKey().e, t.getValue());
            }
            return f;
        }

        FieldPoly scale(BigFraction c) {
            FieldPoly f = new FieldPoly(n);
            for (Map.Entry<Key, BigFraction> t : terms.entrySet()) {
                f.accumulate(t.getKey().e, t.getValue().multiply(c));
            }
            return f;
        }

        FieldPoly multiply(FieldPoly o) {
            FieldPoly f = new FieldPoly(n);
            for (Map.Entry<Key, BigFraction> a : terms.entrySet()) {
                for (Map.Entry<Key, BigFraction> b : o.terms.entrySet()) {
                    int[] e = new int[n];
                    for (int i = 0; i < n; i++) {
                        e[i] = a.getKey().e[i] + b.getKey().e[i];
                    }
                    f.accumulate(e, a.getValue().multiply(b.getValue()));
                }
            }
            return f;
        }

        FieldPoly copy() {
            FieldPoly f = new FieldPoly(n);
            f.terms.putAll(terms);
            return f;
        }
    }

    record Key(int[] e) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(e, other.e);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(e);
        }
    }

    private final int p;
    private final int ps;
    private final int n;
    private final BigFraction[][] c;
    private final Map<Key, BigFraction> moments = new HashMap<>();

    /** Expectations over N(0, c) with c the (p+p*)² covariance of (λ, ν). */
    BruteForce(int p, int ps, BigFraction[][] c) {
        this.p = p;
        this.ps = ps;
        this.n = p + ps;
        this.c = c;
    }

    /** E[f(Λ)]. */
    BigFraction expectation(FieldPoly f) {
        BigFraction s = BigFraction.ZERO;
        for (Map.Entry<Key, BigFraction> t : f.terms.entrySet()) {
            s = s.add(t.getValue().multiply(moment(t.getKey())));
        }
        return s;
    }

    private BigFraction moment(Key k) {
        BigFraction m = moments.get(k);
        if (m == null) {
            m = n == 2 ? twoFields(k.e[0], k.e[1]) : Isserlis.moment(c, WickTest.indices(k.e));
            moments.put(k, m);
        }
        return m;
    }

    /** E[λ^i ν^j] for two fields by counting pairings: k cross pairs, the rest within each group. */
    BigFraction twoFields(int i, int j) {
        BigFraction s = BigFraction.ZERO;
        for (int k = 0; k <= Math.min(i, j); k++) {
            if ((i - k) % 2 != 0 || (j - k) % 2 != 0) {
                continue;
            }
            BigFraction term = new BigFraction(binomial(i, k) * binomial(j, k) * factorial(k)
                    * doubleFactorial(i - k - 1) * doubleFactorial(j - k - 1));
            term = term.multiply(c[0][1].pow(k)).multiply(c[0][0].pow((i - k) / 2)).multiply(c[1][1].pow((j - k) / 2));
            s = s.add(term);
        }
        return s;
    }

    private static long binomial(int n, int k) {
        long b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }

    private static long factorial(int k) {
        long f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    /** (m)!! for odd m, 1 for m = −1. */
    private static long doubleFactorial(int m) {
        long f = 1;
        for (int i = m; i > 1; i -= 2) {
            f *= i;
        }
        return f;
    }

    /** σ(Λ_i) = Σ c_k Λ_i^k. */
    FieldPoly sigma(PolynomialActivation s, int i) {
        FieldPoly f = new FieldPoly(n);
        for (int k = 0; k <= s.degree(); k++) {
            f = f.add(FieldPoly.power(n, i, k, s.coefficient(k)));
        }
        return f;
    }

    /** σ'(Λ_i) = Σ k c_k Λ_i^(k−1). */
    FieldPoly sigmaPrime(PolynomialActivation s, int i) {
        FieldPoly f = new FieldPoly(n);
        for (int k = 1; k <= s.degree(); k++) {
            f = f.add(FieldPoly.power(n, i, k - 1, s.coefficient(k).multiply(k)));
        }
        return f;
    }

    FieldPoly field(int i) {
        return FieldPoly.power(n, i, 1, BigFraction.ONE);
    }

    /** The clean error e = κ_s Σ_a σ(λ_a) − κ_t Σ_r σ(ν_r). */
    FieldPoly error(PolynomialActivation s, BigFraction ks, BigFraction kt) {
        FieldPoly e = new FieldPoly(n);
        for (int a = 0; a < p; a++) {
            e = e.add(sigma(s, a).scale(ks));
        }
        for (int r = 0; r < ps; r++) {
            e = e.add(sigma(s, p + r).scale(kt.negate()));
        }
        return e;
    }

    /**
     * The right-hand sides of docs/model.md, in the flat layout (Q[a,b] for a ≤ b, then R[a,r]), and ε_g last:
     * dR_ar = −η κ_s E[e σ'(λ_a) ν_r], dQ_ab = −η κ_s E[e (σ'(λ_a) λ_b + λ_a σ'(λ_b))]
     * + η² κ_s² E[(e² + Δ) σ'(λ_a) σ'(λ_b)] (second term only with η²), ε_g = ½ E[e²].
     */
    BigFraction[] equations(PolynomialActivation s, BigFraction ks, BigFraction kt, BigFraction eta,
            BigFraction delta, boolean eta2) {
        FieldPoly e = error(s, ks, kt);
        FieldPoly noisy = e.multiply(e).add(FieldPoly.constant(n, delta));
        BigFraction drift = eta.multiply(ks).negate();
        BigFraction noise = eta.multiply(eta).multiply(ks).multiply(ks);
        BigFraction[] out = new BigFraction[p * (p + 1) / 2 + p * ps + 1];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                FieldPoly inner = sigmaPrime(s, a).multiply(field(b)).add(field(a).multiply(sigmaPrime(s, b)));
                BigFraction v = drift.multiply(expectation(e.multiply(inner)));
                if (eta2) {
                    v = v.add(noise.multiply(expectation(noisy.multiply(sigmaPrime(s, a)).multiply(sigmaPrime(s, b)))));
                }
                out[k++] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                out[k++] = drift.multiply(expectation(e.multiply(sigmaPrime(s, a)).multiply(field(p + r))));
            }
        }
        out[k] = expectation(e.multiply(e)).multiply(new BigFraction(1, 2));
        return out;
    }
}
