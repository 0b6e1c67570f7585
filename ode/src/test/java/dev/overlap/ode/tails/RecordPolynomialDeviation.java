package dev.overlap.ode.tails;

import java.math.BigDecimal;
import java.math.MathContext;

import org.hipparchus.fraction.BigFraction;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.PolynomialActivation;

/**
 * Test reference: {@code PolynomialDeviation} as it was before it became allocation-free (commit b343083), built from
 * {@link DoubleDouble} records.
 *
 * <p>{@link DeviationDynamics} for a polynomial activation σ(z) = Σ_k c_k z^k (degree ≤ 4), the equations of
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
 */
final class RecordPolynomialDeviation extends RecordFieldDeviation {

    private final DoubleDouble[] sigma;
    private final DoubleDouble[] sigmaPrime;
    private final DoubleDouble[] identity = {DoubleDouble.ZERO, DoubleDouble.ONE};

    RecordPolynomialDeviation(ModelSpec spec, double[][] t) {
        super(spec, t);
        PolynomialActivation act = (PolynomialActivation) spec.activation();
        int degree = act.degree();
        this.sigma = new DoubleDouble[degree + 1];
        this.sigmaPrime = new DoubleDouble[Math.max(1, degree)];
        for (int k = 0; k <= degree; k++) {
            sigma[k] = exact(act.coefficient(k));
        }
        sigmaPrime[0] = DoubleDouble.ZERO;
        for (int k = 1; k <= degree; k++) {
            sigmaPrime[k - 1] = sigma[k].multiply(k);
        }
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
                DoubleDouble drift = DoubleDouble.ZERO;
                for (int i = 0; i < n; i++) {
                    DoubleDouble e = expectation(new int[] {i, a, b}, new DoubleDouble[][] {sigma, sigmaPrime, identity})
                            .add(expectation(new int[] {i, a, b}, new DoubleDouble[][] {sigma, identity, sigmaPrime}));
                    drift = drift.add(e.multiply(w[i]));
                }
                DoubleDouble v = drift.multiply(-eta * ks);
                if (eta2) {
                    DoubleDouble noise = DoubleDouble.ZERO;
                    for (int i = 0; i < n; i++) {
                        for (int j = i; j < n; j++) {
                            DoubleDouble e = expectation(new int[] {i, j, a, b},
                                    new DoubleDouble[][] {sigma, sigma, sigmaPrime, sigmaPrime});
                            noise = noise.add(e.multiply(i == j ? w[i] * w[i] : 2 * w[i] * w[j]));
                        }
                    }
                    if (delta != 0) {
                        noise = noise.add(expectation(new int[] {a, b}, new DoubleDouble[][] {sigmaPrime, sigmaPrime})
                                .multiply(delta));
                    }
                    v = v.add(noise.multiply(eta * eta * ks * ks));
                }
                out[k++] = v.doubleValue();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                DoubleDouble drift = DoubleDouble.ZERO;
                for (int i = 0; i < n; i++) {
                    drift = drift.add(expectation(new int[] {i, a, p + r},
                            new DoubleDouble[][] {sigma, sigmaPrime, identity}).multiply(w[i]));
                }
                out[k++] = drift.multiply(-eta * ks).doubleValue();
            }
        }
    }

    @Override
    public double generalisationError(double[] centre, double[] deviation) {
        loadCovariance(centre, deviation);
        DoubleDouble s = DoubleDouble.ZERO;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                DoubleDouble e = expectation(new int[] {i, j}, new DoubleDouble[][] {sigma, sigma});
                s = s.add(e.multiply(i == j ? w[i] * w[i] : 2 * w[i] * w[j]));
            }
        }
        return Math.max(0, 0.5 * s.doubleValue());
    }

    /** E[Π_m P_m(u_{fields[m]})] over the current C, the polynomials given by their coefficients (constant first). */
    DoubleDouble expectation(int[] fields, DoubleDouble[][] polys) {
        // merge factors on the same field into one polynomial per distinct field
        int[] distinct = new int[fields.length];
        DoubleDouble[][] merged = new DoubleDouble[fields.length][];
        int m = 0;
        for (int f = 0; f < fields.length; f++) {
            int at = -1;
            for (int g = 0; g < m; g++) {
                if (distinct[g] == fields[f]) {
                    at = g;
                }
            }
            if (at < 0) {
                distinct[m] = fields[f];
                merged[m++] = polys[f];
            } else {
                merged[at] = times(merged[at], polys[f]);
            }
        }
        int[] radix = new int[m];
        int size = 1;
        for (int g = 0; g < m; g++) {
            radix[g] = merged[g].length;
            size *= radix[g];
        }
        DoubleDouble[] moments = new DoubleDouble[size];
        int[] e = new int[m];
        DoubleDouble total = DoubleDouble.ZERO;
        for (int index = 0; index < size; index++) {
            int rest = index;
            int degree = 0;
            DoubleDouble coefficient = DoubleDouble.ONE;
            for (int g = 0; g < m; g++) {
                e[g] = rest % radix[g];
                rest /= radix[g];
                degree += e[g];
                coefficient = coefficient.multiply(merged[g][e[g]]);
            }
            moments[index] = moment(e, degree, distinct, radix, moments);
            if (coefficient.hi() != 0) {
                total = total.add(coefficient.multiply(moments[index]));
            }
        }
        return total;
    }

    /** M(e) from the already computed moments of smaller exponents (mixed-radix index, first field fastest). */
    private DoubleDouble moment(int[] e, int degree, int[] fields, int[] radix, DoubleDouble[] moments) {
        if (degree == 0) {
            return DoubleDouble.ONE;
        }
        if (degree % 2 == 1) {
            return DoubleDouble.ZERO;
        }
        int q = 0;
        while (e[q] == 0) {
            q++;
        }
        DoubleDouble s = DoubleDouble.ZERO;
        for (int j = 0; j < e.length; j++) {
            int count = j == q ? e[j] - 1 : e[j];
            if (count <= 0) {
                continue;
            }
            e[q]--;
            e[j]--;
            int idx = 0;
            for (int g = e.length - 1; g >= 0; g--) {
                idx = idx * radix[g] + e[g];
            }
            e[q]++;
            e[j]++;
            int fq = fields[q];
            int fj = fields[j];
            s = s.add(c(fq, fj).multiply(moments[idx]).multiply(count));
        }
        return s;
    }

    /** Product of two polynomials (coefficients, constant first). */
    private static DoubleDouble[] times(DoubleDouble[] a, DoubleDouble[] b) {
        DoubleDouble[] c = new DoubleDouble[a.length + b.length - 1];
        java.util.Arrays.fill(c, DoubleDouble.ZERO);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                c[i + j] = c[i + j].add(a[i].multiply(b[j]));
            }
        }
        return c;
    }
}
