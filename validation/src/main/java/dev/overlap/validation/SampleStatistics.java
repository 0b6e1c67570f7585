package dev.overlap.validation;

import java.util.Arrays;

/**
 * Summary statistics of a sample of seeds at one α, and the helpers behind them.
 *
 * @param mean   the sample mean x̄ = Σ x_k / S
 * @param std    the sample standard deviation √(Σ (x_k − x̄)² / (S − 1)); NaN for S = 1
 * @param sem    the standard error of the mean std/√S; NaN for S = 1
 * @param median the 0.5 quantile
 * @param q10    the 0.1 quantile
 * @param q90    the 0.9 quantile
 */
public record SampleStatistics(double mean, double std, double sem, double median, double q10, double q90) {

    /**
     * The statistics of {@code values} (S ≥ 1). Quantiles are Hyndman–Fan type 7 (linear interpolation between
     * order statistics at position (S − 1) q, the default of R and NumPy).
     */
    public static SampleStatistics of(double[] values) {
        int s = values.length;
        if (s == 0) {
            throw new IllegalArgumentException("no values");
        }
        double m = mean(values);
        double sd = standardDeviation(values, m);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new SampleStatistics(m, sd, sd / Math.sqrt(s), quantile(sorted, 0.5), quantile(sorted, 0.1),
                quantile(sorted, 0.9));
    }

    /** Σ x_k / S. */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** √(Σ (x_k − mean)² / (S − 1)), NaN for a single value. */
    public static double standardDeviation(double[] values, double mean) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double ss = 0;
        for (double v : values) {
            double d = v - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /** Type-7 quantile of ascending {@code sorted}: x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (S − 1) q. */
    public static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
