package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * Statistical checks shared by the overlap-chain law tests, with a Bonferroni budget: a family of at most
 * {@code size} tests at total level {@code level}, so each p-value must exceed level/size. The family counts the
 * tests it runs and refuses to run more than it was sized for, so the stated family-wise error rate holds. Every
 * p-value is recorded with its label ({@link #report()}).
 */
final class LawChecks {

    private static final KolmogorovSmirnovTest KS = KolmogorovSmirnovTest.withDefaults();
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private final double level;
    private final int size;
    private final List<String> log = new ArrayList<>();
    private double smallest = 1;

    LawChecks(double level, int size) {
        this.level = level;
        this.size = size;
    }

    /** level/size: what each p-value must exceed. */
    double threshold() {
        return level / size;
    }

    int used() {
        return log.size();
    }

    double smallestP() {
        return smallest;
    }

    /** One-sample KS of {@code x} against the CDF; asserts p &gt; threshold. */
    synchronized double ks(String label, double[] x, DoubleUnaryOperator cdf) {
        return accept(label + " [KS vs exact law]", ksP(x, cdf));
    }

    /** Two-sample KS; asserts p &gt; threshold. */
    synchronized double ks2(String label, double[] x, double[] y) {
        return accept(label + " [KS two-sample]", ks2P(x, y));
    }

    /** Difference of means over its standard error (normal approximation); asserts p &gt; threshold. */
    synchronized double means(String label, double[] x, double[] y) {
        return accept(label + " [mean difference]", meansP(x, y));
    }

    /** A z statistic with its two-sided normal p-value; asserts p &gt; threshold. */
    synchronized double z(String label, double z) {
        return accept(label + String.format(Locale.ROOT, " [z = %.3f]", z), zP(z));
    }

    /** Fisher's exact test of equal event probabilities, d1 of n vs d2 of n; asserts p &gt; threshold. */
    synchronized double divergence(String label, int d1, int d2, int n) {
        return accept(label + " [Fisher exact]", fisherP(d1, d2, n));
    }

    static double fisherP(int d1, int d2, int n) {
        return FisherExactTest.withDefaults().test(new int[][] {{d1, n - d1}, {d2, n - d2}}).getPValue();
    }

    static double ksP(double[] x, DoubleUnaryOperator cdf) {
        return KS.test(x, cdf).getPValue();
    }

    static double ks2P(double[] x, double[] y) {
        return KS.test(x, y).getPValue();
    }

    static double meansP(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double se = Math.sqrt(variance(x, mx) / x.length + variance(y, my) / y.length);
        return zP((mx - my) / se);
    }

    static double zP(double z) {
        return Double.isNaN(z) ? 0.0 : 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }

    private double accept(String label, double p) {
        assertTrue(log.size() < size, "the family was sized for " + size + " tests; raise its size (and say so)");
        log.add(String.format(Locale.ROOT, "p = %.3g  %s", p, label));
        smallest = Math.min(smallest, p);
        assertTrue(p > threshold(), String.format(Locale.ROOT, "%s: p = %.3g ≤ %.3g (= %.0e / %d, Bonferroni)", label,
                p, threshold(), level, size));
        return p;
    }

    /** All recorded p-values, one per line. */
    synchronized String report() {
        return String.join("\n", log);
    }
}
