package dev.overlap.symbolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hipparchus.fraction.BigFraction;

/**
 * An immutable sparse multivariate polynomial with exact rational coefficients. Variables are integer
 * indices (their names live in {@link OverlapVariables}); a monomial is the sorted multiset of its
 * variables, e.g. {@code [3, 3, 7]} = x₃² x₇. Like terms are always collected and zero terms dropped, so two
 * equal polynomials have equal term maps.
 */
public final class Poly {

    /** A monomial: the sorted variable indices with repetition. */
    public record Monomial(int[] vars) {
        public Monomial {
            vars = vars.clone();
            Arrays.sort(vars);
        }

        static final Monomial ONE = new Monomial(new int[0]);

        /** The indices (sorted, with repetition); a copy. */
        @Override
        public int[] vars() {
            return vars.clone();
        }

        int degree() {
            return vars.length;
        }

        int power(int v) {
            int n = 0;
            for (int x : vars) {
                if (x == v) {
                    n++;
                }
            }
            return n;
        }

        Monomial times(Monomial o) {
            int[] m = Arrays.copyOf(vars, vars.length + o.vars.length);
            System.arraycopy(o.vars, 0, m, vars.length, o.vars.length);
            return new Monomial(m);
        }

        /** This monomial with one factor of v removed (v must occur). */
        Monomial without(int v) {
            int[] m = new int[vars.length - 1];
            boolean removed = false;
            int k = 0;
            for (int x : vars) {
                if (!removed && x == v) {
                    removed = true;
                } else {
                    m[k++] = x;
                }
            }
            return new Monomial(m);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Monomial other && Arrays.equals(vars, other.vars);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(vars);
        }

        @Override
        public String toString() {
            return Arrays.toString(vars);
        }
    }

    private static final Poly ZERO = new Poly(Map.of());
    private static final Comparator<Monomial> ORDER = (x, y) -> {
        if (x.vars.length != y.vars.length) {
            return Integer.compare(x.vars.length, y.vars.length);
        }
        return Arrays.compare(x.vars, y.vars);
    };

    private final Map<Monomial, BigFraction> terms;

    private Poly(Map<Monomial, BigFraction> terms) {
        this.terms = terms;
    }

    public static Poly zero() {
        return ZERO;
    }

    public static Poly constant(BigFraction c) {
        return c.equals(BigFraction.ZERO) ? ZERO : new Poly(Map.of(Monomial.ONE, c));
    }

    public static Poly variable(int v) {
        return new Poly(Map.of(new Monomial(new int[] {v}), BigFraction.ONE));
    }

    /**
     * c · Π vars.
     *
     * @return the single-term polynomial (zero if c = 0)
     */
    public static Poly term(BigFraction c, int... vars) {
        return c.equals(BigFraction.ZERO) ? ZERO : new Poly(Map.of(new Monomial(vars), c));
    }

    public boolean isZero() {
        return terms.isEmpty();
    }

    public int size() {
        return terms.size();
    }

    /**
     * The terms in a canonical order (by degree, then variable indices).
     *
     * @return the (monomial, coefficient) pairs, zero coefficients absent
     */
    public List<Map.Entry<Monomial, BigFraction>> terms() {
        List<Map.Entry<Monomial, BigFraction>> l = new ArrayList<>(terms.entrySet());
        l.sort(Map.Entry.comparingByKey(ORDER));
        return Collections.unmodifiableList(l);
    }

    public Poly add(Poly o) {
        if (o.isZero()) {
            return this;
        }
        if (isZero()) {
            return o;
        }
        Map<Monomial, BigFraction> m = new HashMap<>(terms);
        for (Map.Entry<Monomial, BigFraction> e : o.terms.entrySet()) {
            accumulate(m, e.getKey(), e.getValue());
        }
        return new Poly(m);
    }

    public Poly subtract(Poly o) {
        return add(o.scale(BigFraction.MINUS_ONE));
    }

    public Poly scale(BigFraction c) {
        if (c.equals(BigFraction.ZERO) || isZero()) {
            return ZERO;
        }
        Map<Monomial, BigFraction> m = new HashMap<>(terms.size() * 2);
        for (Map.Entry<Monomial, BigFraction> e : terms.entrySet()) {
            m.put(e.getKey(), e.getValue().multiply(c));
        }
        return new Poly(m);
    }

    public Poly multiply(Poly o) {
        if (isZero() || o.isZero()) {
            return ZERO;
        }
        Map<Monomial, BigFraction> m = new HashMap<>(terms.size() * o.terms.size() * 2);
        for (Map.Entry<Monomial, BigFraction> a : terms.entrySet()) {
            for (Map.Entry<Monomial, BigFraction> b : o.terms.entrySet()) {
                accumulate(m, a.getKey().times(b.getKey()), a.getValue().multiply(b.getValue()));
            }
        }
        return new Poly(m);
    }

    /**
     * ∂/∂x_v.
     *
     * @return the partial derivative with respect to x_v
     */
    public Poly derivative(int v) {
        Map<Monomial, BigFraction> m = new HashMap<>();
        for (Map.Entry<Monomial, BigFraction> e : terms.entrySet()) {
            int k = e.getKey().power(v);
            if (k > 0) {
                accumulate(m, e.getKey().without(v), e.getValue().multiply(k));
            }
        }
        return new Poly(m);
    }

    /**
     * Substitutes x_v = value.
     *
     * @return the polynomial in the remaining variables
     */
    public Poly substitute(int v, BigFraction value) {
        Map<Monomial, BigFraction> m = new HashMap<>();
        for (Map.Entry<Monomial, BigFraction> e : terms.entrySet()) {
            Monomial mono = e.getKey();
            int k = mono.power(v);
            BigFraction c = e.getValue();
            Monomial rest = mono;
            for (int i = 0; i < k; i++) {
                c = c.multiply(value);
                rest = rest.without(v);
            }
            accumulate(m, rest, c);
        }
        return new Poly(m);
    }

    /**
     * Whether x_v occurs.
     *
     * @return true if some term has a non-zero power of x_v
     */
    public boolean contains(int v) {
        for (Monomial mono : terms.keySet()) {
            if (mono.power(v) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exact value at x = values.
     *
     * @return the exact value Σ c Π x
     */
    public BigFraction evaluate(BigFraction[] values) {
        BigFraction s = BigFraction.ZERO;
        for (Map.Entry<Monomial, BigFraction> e : terms.entrySet()) {
            BigFraction t = e.getValue();
            for (int v : e.getKey().vars) {
                t = t.multiply(values[v]);
            }
            s = s.add(t);
        }
        return s;
    }

    /**
     * Floating-point value at x = values (slow reference; compiled evaluators are for speed).
     *
     * @return the value Σ c Π x in double arithmetic
     */
    public double evaluate(double[] values) {
        double s = 0;
        for (Map.Entry<Monomial, BigFraction> e : terms.entrySet()) {
            double t = e.getValue().doubleValue();
            for (int v : e.getKey().vars) {
                t *= values[v];
            }
            s += t;
        }
        return s;
    }

    private static void accumulate(Map<Monomial, BigFraction> m, Monomial k, BigFraction c) {
        if (c.equals(BigFraction.ZERO)) {
            return;
        }
        BigFraction old = m.get(k);
        BigFraction sum = old == null ? c : old.add(c);
        if (sum.equals(BigFraction.ZERO)) {
            m.remove(k);
        } else {
            m.put(k, sum);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Poly other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return terms().toString();
    }
}
