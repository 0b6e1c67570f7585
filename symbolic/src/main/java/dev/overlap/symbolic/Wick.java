package dev.overlap.symbolic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.hipparchus.fraction.BigFraction;

/**
 * Gaussian moments of monomials in the fields, as exact polynomials in the covariance entries.
 *
 * <p>For Λ ~ N(0, C) and an exponent vector k, E[Λ^k] is Isserlis' sum over pairings. It is computed by the
 * equivalent recursion (Stein's lemma, or: pair the first factor with each other factor):
 * <pre>
 *   E[Λ_i · M] = Σ_j C_ij E[∂M/∂Λ_j],
 * </pre>
 * taking i = the first field with k_i &gt; 0 and M = Λ^{k − e_i}; so E[Λ^k] = Σ_j (k − e_i)_j C_ij E[Λ^{k − e_i − e_j}].
 * Odd total degree gives 0, degree 0 gives 1. Results are memoised by exponent vector, so the many
 * monomials of a derivation share their sub-moments.
 */
public final class Wick {

    private final OverlapVariables vars;
    private final int n;
    private final Map<Key, Poly> memo = new HashMap<>();

    private record Key(int[] k) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(k, other.k);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(k);
        }
    }

    public Wick(OverlapVariables vars) {
        this.vars = vars;
        this.n = vars.p() + vars.pstar();
    }

    /**
     * E[Π_i Λ_i^{k_i}] for the fields (λ_1..λ_p, ν_1..ν_p*).
     *
     * @return the moment as a polynomial in the Q, R, T variables
     */
    public Poly moment(int[] k) {
        if (k.length != n) {
            throw new IllegalArgumentException("exponent vector of length " + k.length + ", expected " + n);
        }
        int total = 0;
        for (int x : k) {
            total += x;
        }
        if (total % 2 == 1) {
            return Poly.zero();
        }
        if (total == 0) {
            return Poly.constant(BigFraction.ONE);
        }
        Key key = new Key(k.clone());
        Poly cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        int i = 0;
        while (k[i] == 0) {
            i++;
        }
        int[] rest = k.clone();
        rest[i]--;
        Poly sum = Poly.zero();
        for (int j = 0; j < n; j++) {
            if (rest[j] == 0) {
                continue;
            }
            int mult = rest[j];
            rest[j]--;
            Poly sub = moment(rest);
            rest[j]++;
            if (!sub.isZero()) {
                sum = sum.add(sub.multiply(Poly.variable(vars.covariance(i, j))).scale(new BigFraction(mult)));
            }
        }
        memo.put(key, sum);
        return sum;
    }

    /**
     * Number of memoised moments (for diagnostics).
     *
     * @return the number of moments in the memo table
     */
    public int cached() {
        return memo.size();
    }
}
