package dev.overlap.ode.tails;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

import org.hipparchus.fraction.BigFraction;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.PolynomialActivation;

/**
 * {@link DeviationDynamics} for a polynomial activation σ(z) = Σ_k c_k z^k (degree ≤ 4), the equations of
 * {@link dev.overlap.ode.SymbolicDynamics} (docs/model.md §8) from Gaussian moments in double-double arithmetic.
 * With fields u = (λ_1..λ_p, ν_1..ν_p*) ~ N(0, C) and w = (κ_s, …, −κ_t, …), e = Σ_i w_i σ(u_i):
 * <pre>
 *   dR_ar/dα = −η κ_s Σ_i w_i E[σ(u_i) σ'(u_a) u_{p+r}]
 *   dQ_ab/dα = −η κ_s Σ_i w_i E[σ(u_i) (σ'(u_a) u_b + u_a σ'(u_b))]
 *              + η² κ_s² [Σ_{i,j} w_i w_j E[σ(u_i) σ(u_j) σ'(u_a) σ'(u_b)] + Δ E[σ'(u_a) σ'(u_b)]]   (η² term optional)
 *   ε_g     = ½ Σ_{i,j} w_i w_j E[σ(u_i) σ(u_j)]
 * </pre>
 * Each expectation of a product of polynomials in m ≤ 4 distinct fields g_1..g_m is expanded into monomials, whose
 * moments follow Isserlis' theorem as the recursion (q the first field with a positive exponent)
 * <pre>
 *   M(e) = Σ_j (e_j − δ_jq) C_{g_q g_j} M(e − 1_q − 1_j),   M(0) = 1,
 * </pre>
 * memoised over all e' ≤ e. All sums and products are double-doubles.
 *
 * <p>What does not depend on the state is prepared once, for each product of polynomials that occurs (σ σ' u, σ u σ',
 * σ σ σ' σ', σ' σ', σ σ) and each way its slots can fall on the same field ({@link MomentPlan}): the merged
 * polynomials' monomial coefficients and the recursion's terms. A call then only runs the recursion on the current C,
 * in preallocated arrays, and allocates nothing.
 */
final class PolynomialDeviation extends FieldDeviation {

    /** Product kinds: σ(u_i) σ'(u_a) u_b, σ(u_i) u_a σ'(u_b), σ σ σ' σ', σ' σ', σ σ. */
    private static final int DRIFT_A = 0;
    private static final int DRIFT_B = 1;
    private static final int NOISE = 2;
    private static final int NOISE_DELTA = 3;
    private static final int ERROR = 4;
    /** Number of factors of each kind. */
    private static final int[] SLOTS = {3, 3, 4, 2, 2};

    /** plans[kind][pattern]: pattern = Σ_f group(f) 4^f, group(f) the index of slot f's distinct field. */
    private final MomentPlan[][] plans = new MomentPlan[5][256];
    private final double[] momentHi;
    private final double[] momentLo;
    private final int[] distinct = new int[4];
    private final MutableDoubleDouble acc = new MutableDoubleDouble();
    private final MutableDoubleDouble sum = new MutableDoubleDouble();
    private final MutableDoubleDouble total = new MutableDoubleDouble();

    PolynomialDeviation(ModelSpec spec, double[][] t) {
        super(spec, t);
        PolynomialActivation act = (PolynomialActivation) spec.activation();
        int degree = act.degree();
        DoubleDouble[] sigma = new DoubleDouble[degree + 1];
        DoubleDouble[] sigmaPrime = new DoubleDouble[Math.max(1, degree)];
        for (int k = 0; k <= degree; k++) {
            sigma[k] = exact(act.coefficient(k));
        }
        sigmaPrime[0] = DoubleDouble.ZERO;
        for (int k = 1; k <= degree; k++) {
            sigmaPrime[k - 1] = sigma[k].multiply(k);
        }
        DoubleDouble[] identity = {DoubleDouble.ZERO, DoubleDouble.ONE};
        DoubleDouble[][][] kinds = {
            {sigma, sigmaPrime, identity},
            {sigma, identity, sigmaPrime},
            {sigma, sigma, sigmaPrime, sigmaPrime},
            {sigmaPrime, sigmaPrime},
            {sigma, sigma},
        };
        int largest = 1;
        for (int kind = 0; kind < kinds.length; kind++) {
            int slots = kinds[kind].length;
            int[] g = new int[slots];
            for (int code = 0; code < 1 << (2 * slots); code++) {
                int highest = -1;
                boolean valid = true;
                for (int f = 0; f < slots; f++) {
                    g[f] = (code >> (2 * f)) & 3;
                    valid &= g[f] <= highest + 1;
                    highest = Math.max(highest, g[f]);
                }
                if (valid) {
                    plans[kind][code] = new MomentPlan(g, kinds[kind]);
                    largest = Math.max(largest, plans[kind][code].size());
                }
            }
        }
        momentHi = new double[largest];
        momentLo = new double[largest];
    }

    /** A fraction to double-double precision. */
    private static DoubleDouble exact(BigFraction f) {
        BigDecimal v = new BigDecimal(f.getNumerator()).divide(new BigDecimal(f.getDenominator()), MathContext.DECIMAL128);
        double h = v.doubleValue();
        return new DoubleDouble(h, v.subtract(new BigDecimal(h)).doubleValue());
    }

    @Override
    public void derivatives(double[] centre, double[] deviation, double[] out) {
        loadCovariance(centre, deviation);
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                sum.reset();
                for (int i = 0; i < n; i++) {
                    expectation(DRIFT_A, i, a, b, 0);
                    double h = total.hi();
                    double l = total.lo();
                    expectation(DRIFT_B, i, a, b, 0);
                    acc.set(h, l).add(total).multiply(w[i]);
                    sum.add(acc);
                }
                sum.multiply(-eta * ks);
                if (eta2) {
                    double driftHi = sum.hi();
                    double driftLo = sum.lo();
                    sum.reset();
                    for (int i = 0; i < n; i++) {
                        for (int j = i; j < n; j++) {
                            expectation(NOISE, i, j, a, b);
                            sum.addScaled(total.hi(), total.lo(), i == j ? w[i] * w[i] : 2 * w[i] * w[j]);
                        }
                    }
                    if (delta != 0) {
                        expectation(NOISE_DELTA, a, b, 0, 0);
                        sum.addScaled(total.hi(), total.lo(), delta);
                    }
                    sum.multiply(eta * eta * ks * ks).add(driftHi, driftLo);
                }
                out[k++] = sum.value();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                sum.reset();
                for (int i = 0; i < n; i++) {
                    expectation(DRIFT_A, i, a, p + r, 0);
                    sum.addScaled(total.hi(), total.lo(), w[i]);
                }
                out[k++] = sum.multiply(-eta * ks).value();
            }
        }
    }

    @Override
    public double generalisationError(double[] centre, double[] deviation) {
        loadCovariance(centre, deviation);
        sum.reset();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                expectation(ERROR, i, j, 0, 0);
                sum.addScaled(total.hi(), total.lo(), i == j ? w[i] * w[i] : 2 * w[i] * w[j]);
            }
        }
        return Math.max(0, 0.5 * sum.value());
    }

    /**
     * Sets {@link #total} to E[Π_f P_f(u_{field f})] over the current C, the polynomials P_f those of {@code kind}
     * (slots beyond the kind's are ignored).
     */
    private void expectation(int kind, int f0, int f1, int f2, int f3) {
        int slots = SLOTS[kind];
        int m = 0;
        int code = 0;
        for (int f = 0; f < slots; f++) {
            int field = f == 0 ? f0 : f == 1 ? f1 : f == 2 ? f2 : f3;
            int at = -1;
            for (int g = 0; g < m; g++) {
                if (distinct[g] == field) {
                    at = g;
                }
            }
            if (at < 0) {
                distinct[m] = field;
                at = m++;
            }
            code |= at << (2 * f);
        }
        plans[kind][code].evaluate(distinct);
    }

    /**
     * The state-independent part of one expectation E[Π_f P_f(u_{g(f)})] whose slots f fall on m distinct fields as
     * given by g: the polynomials of the slots on one field multiplied (in slot order), the monomials e (mixed radix,
     * first field fastest) with their coefficients Π_g merged_g[e_g], and for each monomial of even degree the terms
     * (q, j, e_j − δ_jq, index of e − 1_q − 1_j) of the moment recursion.
     */
    private final class MomentPlan {
        private final int size;
        private final int[] degree;
        private final double[] coefHi;
        private final double[] coefLo;
        /** Terms of monomial index: termStart[index] .. termStart[index + 1] − 1. */
        private final int[] termStart;
        private final int[] termQ;
        private final int[] termJ;
        private final double[] termCount;
        private final int[] termPrevious;

        MomentPlan(int[] g, DoubleDouble[][] polys) {
            int m = 0;
            for (int v : g) {
                m = Math.max(m, v + 1);
            }
            DoubleDouble[][] merged = new DoubleDouble[m][];
            for (int f = 0; f < g.length; f++) {
                merged[g[f]] = merged[g[f]] == null ? polys[f] : times(merged[g[f]], polys[f]);
            }
            int[] radix = new int[m];
            int s = 1;
            for (int v = 0; v < m; v++) {
                radix[v] = merged[v].length;
                s *= radix[v];
            }
            size = s;
            degree = new int[s];
            coefHi = new double[s];
            coefLo = new double[s];
            termStart = new int[s + 1];
            int[] q = new int[s * m];
            int[] j = new int[s * m];
            double[] count = new double[s * m];
            int[] previous = new int[s * m];
            int terms = 0;
            int[] e = new int[m];
            for (int index = 0; index < s; index++) {
                int rest = index;
                DoubleDouble coefficient = DoubleDouble.ONE;
                for (int v = 0; v < m; v++) {
                    e[v] = rest % radix[v];
                    rest /= radix[v];
                    degree[index] += e[v];
                    coefficient = coefficient.multiply(merged[v][e[v]]);
                }
                coefHi[index] = coefficient.hi();
                coefLo[index] = coefficient.lo();
                termStart[index] = terms;
                if (degree[index] > 0 && degree[index] % 2 == 0) {
                    int first = 0;
                    while (e[first] == 0) {
                        first++;
                    }
                    for (int other = 0; other < m; other++) {
                        int c = other == first ? e[other] - 1 : e[other];
                        if (c <= 0) {
                            continue;
                        }
                        e[first]--;
                        e[other]--;
                        int idx = 0;
                        for (int v = m - 1; v >= 0; v--) {
                            idx = idx * radix[v] + e[v];
                        }
                        e[first]++;
                        e[other]++;
                        q[terms] = first;
                        j[terms] = other;
                        count[terms] = c;
                        previous[terms] = idx;
                        terms++;
                    }
                }
            }
            termStart[s] = terms;
            termQ = Arrays.copyOf(q, terms);
            termJ = Arrays.copyOf(j, terms);
            termCount = Arrays.copyOf(count, terms);
            termPrevious = Arrays.copyOf(previous, terms);
        }

        int size() {
            return size;
        }

        /** Sets {@link #total} to Σ_e coefficient(e) M(e) with the moments M over C restricted to the given fields. */
        void evaluate(int[] fields) {
            total.reset();
            for (int index = 0; index < size; index++) {
                int d = degree[index];
                if (d == 0) {
                    momentHi[index] = 1;
                    momentLo[index] = 0;
                } else if (d % 2 == 1) {
                    momentHi[index] = 0;
                    momentLo[index] = 0;
                    continue;
                } else {
                    acc.reset();
                    for (int term = termStart[index]; term < termStart[index + 1]; term++) {
                        int at = fields[termQ[term]] * n + fields[termJ[term]];
                        int prev = termPrevious[term];
                        acc.addProduct(cHi[at], cLo[at], momentHi[prev], momentLo[prev], termCount[term]);
                    }
                    momentHi[index] = acc.hi();
                    momentLo[index] = acc.lo();
                }
                if (coefHi[index] != 0) {
                    total.addProduct(coefHi[index], coefLo[index], momentHi[index], momentLo[index]);
                }
            }
        }
    }

    /** Product of two polynomials (coefficients, constant first). */
    private static DoubleDouble[] times(DoubleDouble[] a, DoubleDouble[] b) {
        DoubleDouble[] c = new DoubleDouble[a.length + b.length - 1];
        Arrays.fill(c, DoubleDouble.ZERO);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                c[i + j] = c[i + j].add(a[i].multiply(b[j]));
            }
        }
        return c;
    }
}
