package dev.overlap.validation;

import java.util.function.DoubleUnaryOperator;

import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * The one-sample Kolmogorov–Smirnov test of escape times censored at α_c: of n seeds, k escaped at the sorted
 * times x_1 ≤ … ≤ x_k &lt; α_c, the others had not escaped by α_c.
 *
 * <p>The statistic is the distance between the empirical CDF F_n and the predicted CDF F where both are observed,
 * before the censoring point:
 * <pre>
 *   D = sup_{α &lt; α_c} |F_n(α) − F(α)| = max( max_i max(i/n − F(x_i), F(x_i) − (i − 1)/n),  |k/n − F(α_c)| ),
 * </pre>
 * (F continuous). Its p-value is taken from the law of the uncensored statistic D_n (Hipparchus: exact for small n,
 * Pelz–Good otherwise). Restricting the supremum can only lower D, so the test is conservative: under the null its
 * rejection rate is at most the nominal one; without censoring (k = n, α_c = +∞) it is the usual test. Treating
 * the unescaped seeds as escaping at α_c (or at +∞) instead would put an atom where F has none, and a law that
 * predicts nothing before α_c would be rejected with p = 0 when, correctly, no seed escaped.
 */
public final class CensoredKolmogorovSmirnov {

    private CensoredKolmogorovSmirnov() {
    }

    /**
     * The statistic D.
     *
     * @param escaped   the escape times before α_c, ascending
     * @param n         the number of seeds, n ≥ k
     * @param censorAt  α_c (+∞ without censoring)
     * @param cdf       the predicted CDF F
     * @return D = sup over α &lt; α_c of |F_n(α) − F(α)|, F_n the empirical CDF of the n seeds
     */
    public static double statistic(double[] escaped, int n, double censorAt, DoubleUnaryOperator cdf) {
        int k = escaped.length;
        if (n < Math.max(1, k)) {
            throw new IllegalArgumentException("n = " + n + " seeds with " + k + " escapes");
        }
        double d = 0;
        for (int i = 0; i < k; i++) {
            double f = cdf.applyAsDouble(escaped[i]);
            d = Math.max(d, Math.max((i + 1) / (double) n - f, f - i / (double) n));
        }
        double atCensoring = censorAt == Double.POSITIVE_INFINITY ? 1.0 : cdf.applyAsDouble(censorAt);
        return Math.max(d, Math.abs(k / (double) n - atCensoring));
    }

    /**
     * The (conservative) p-value P(D_n ≥ D) of the class comment.
     *
     * @return the p-value, in [0, 1]
     */
    public static double pValue(double[] escaped, int n, double censorAt, DoubleUnaryOperator cdf) {
        double d = statistic(escaped, n, censorAt, cdf);
        if (d <= 0.5 / n) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(0.0, 1 - new KolmogorovSmirnovTest().cdf(d, n)));
    }
}
