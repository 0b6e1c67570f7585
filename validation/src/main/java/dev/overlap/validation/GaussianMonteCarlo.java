package dev.overlap.validation;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

import dev.overlap.model.RandomStreams;

/**
 * Monte Carlo estimates of Gaussian expectations E[f(Λ)] for Λ ~ N(0, C): the brute-force check of the exact
 * (Isserlis / closed-form) expectations on which the overlap ODEs rest. It shares no algebra with them: it
 * only draws Λ and averages f.
 *
 * <p><b>Sampling.</b> C is factored as C = L Lᵀ with L = V diag(√μ) from the symmetric eigen-decomposition
 * C = V diag(μ) Vᵀ (Hipparchus {@link EigenDecompositionSymmetric}). Unlike a Cholesky factor this works for
 * singular C (e.g. a student that already equals its teacher); eigenvalues that are negative only by rounding
 * (above −{@value #PSD_TOLERANCE} · max(1, max|μ|)) are clamped to 0, more negative ones are rejected. Each sample
 * is Λ = L g with g a vector of independent standard normals drawn by
 * {@link ZigguratSampler.NormalizedGaussian} from {@link RandomStreams#stream(long, long)
 * RandomStreams.stream(seed, }{@link #STREAM}{@code )}, so an estimate is reproducible from its seed.
 *
 * <p><b>Estimates.</b> Several functions are evaluated on the same samples (so their errors are correlated,
 * which is what one wants when comparing a vector of exact values); for each, the sample mean and its standard
 * error s/√n (s the sample standard deviation, accumulated with Welford's update) are returned. An exact value
 * is then judged by its z-score (mean − exact)/SE.
 *
 * <p>Instances are immutable; the estimate methods allocate their own buffers and may be called concurrently.
 */
public final class GaussianMonteCarlo {

    /** Index of the {@link RandomStreams} stream the draws come from. */
    public static final long STREAM = 16;

    /** Relative size of negative eigenvalues of C tolerated as rounding (clamped to 0). */
    public static final double PSD_TOLERANCE = 1e-10;

    /** Functions of one sample: writes {@code out.length} values computed from Λ into {@code out}. */
    @FunctionalInterface
    public interface Observables {
        /**
         * @param lambda the sample Λ (do not modify; the buffer is reused)
         * @param out    where to write the values of the functions at Λ
         */
        void evaluate(double[] lambda, double[] out);
    }

    /**
     * A Monte Carlo estimate.
     *
     * @param mean          the sample mean
     * @param standardError its standard error, s/√n
     * @param samples       n
     */
    public record Estimate(double mean, double standardError, long samples) {

        /**
         * (mean − exact)/SE; 0 if both the difference and the SE are 0 (a constant function), ±∞ if only the SE is.
         *
         * @return the z-score of the exact value under this estimate
         */
        public double zScore(double exact) {
            double diff = mean - exact;
            if (standardError == 0) {
                return diff == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
            }
            return diff / standardError;
        }
    }

    private final int n;
    private final double[] factor; // L, row-major n×n

    /**
     * Prepares sampling from N(0, C).
     *
     * @param covariance C, square, finite, symmetric and positive semi-definite (up to rounding)
     * @throws IllegalArgumentException naming the violated condition
     */
    public GaussianMonteCarlo(double[][] covariance) {
        if (covariance == null || covariance.length == 0) {
            throw new IllegalArgumentException("the covariance must be a non-empty square matrix");
        }
        n = covariance.length;
        double scale = 1.0;
        for (int i = 0; i < n; i++) {
            if (covariance[i] == null || covariance[i].length != n) {
                throw new IllegalArgumentException("covariance row " + (i + 1) + " does not have " + n + " entries");
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(covariance[i][j])) {
                    throw new IllegalArgumentException(
                            "covariance entry [" + (i + 1) + "," + (j + 1) + "] is not finite: " + covariance[i][j]);
                }
                scale = Math.max(scale, Math.abs(covariance[i][j]));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(covariance[i][j] - covariance[j][i]) > PSD_TOLERANCE * scale) {
                    throw new IllegalArgumentException("the covariance is not symmetric at [" + (i + 1) + "," + (j + 1)
                            + "]: " + covariance[i][j] + " vs " + covariance[j][i]);
                }
            }
        }
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(covariance));
        double[] mu = eig.getEigenvalues();
        RealMatrix v = eig.getV();
        double top = 1.0;
        for (double m : mu) {
            top = Math.max(top, Math.abs(m));
        }
        factor = new double[n * n];
        for (int k = 0; k < n; k++) {
            if (mu[k] < -PSD_TOLERANCE * top) {
                throw new IllegalArgumentException(
                        "the covariance is not positive semi-definite: it has the eigenvalue " + mu[k]);
            }
            double root = Math.sqrt(Math.max(0.0, mu[k]));
            for (int i = 0; i < n; i++) {
                factor[i * n + k] = v.getEntry(i, k) * root;
            }
        }
    }

    /**
     * The dimension n of Λ.
     *
     * @return n
     */
    public int dimension() {
        return n;
    }

    /**
     * A copy of the factor L (C = L Lᵀ).
     *
     * @return a new n×n lower-triangular matrix L
     */
    public double[][] factor() {
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(factor, i * n, l[i], 0, n);
        }
        return l;
    }

    /**
     * Estimates E[f_k(Λ)] for the {@code count} functions computed by {@code f}, all on the same
     * {@code samples} draws.
     *
     * @param count   how many values {@code f} writes per sample
     * @param f       the functions
     * @param samples the number of draws, at least 2
     * @param seed    master seed of {@link RandomStreams}; the draws use stream {@link #STREAM}
     * @return one estimate (mean and standard error) per function
     */
    public Estimate[] estimate(int count, Observables f, long samples, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one function is needed (got " + count + ")");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("at least 2 samples are needed for a standard error (got " + samples + ")");
        }
        ZigguratSampler.NormalizedGaussian gauss =
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, STREAM));
        double[] g = new double[n];
        double[] lambda = new double[n];
        double[] values = new double[count];
        double[] mean = new double[count];
        double[] m2 = new double[count];
        for (long s = 1; s <= samples; s++) {
            for (int k = 0; k < n; k++) {
                g[k] = gauss.sample();
            }
            for (int i = 0; i < n; i++) {
                double x = 0;
                int row = i * n;
                for (int k = 0; k < n; k++) {
                    x += factor[row + k] * g[k];
                }
                lambda[i] = x;
            }
            f.evaluate(lambda, values);
            for (int c = 0; c < count; c++) {
                double delta = values[c] - mean[c];
                mean[c] += delta / s;
                m2[c] += delta * (values[c] - mean[c]);
            }
        }
        Estimate[] out = new Estimate[count];
        for (int c = 0; c < count; c++) {
            double variance = m2[c] / (samples - 1);
            out[c] = new Estimate(mean[c], Math.sqrt(variance / samples), samples);
        }
        return out;
    }

    /**
     * Estimates E[f_k(Λ)] for each function of the list, all on the same draws (see the array version).
     *
     * @return one estimate (mean and standard error) per function, in list order
     */
    public Estimate[] estimate(List<? extends ToDoubleFunction<double[]>> functions, long samples, long seed) {
        int m = functions.size();
        return estimate(m, (lambda, out) -> {
            for (int k = 0; k < m; k++) {
                out[k] = functions.get(k).applyAsDouble(lambda);
            }
        }, samples, seed);
    }

    /**
     * Estimates E[f(Λ)] for one function.
     *
     * @return the mean of f over the draws and its standard error
     */
    public Estimate estimate(ToDoubleFunction<double[]> f, long samples, long seed) {
        return estimate(1, (lambda, out) -> out[0] = f.applyAsDouble(lambda), samples, seed)[0];
    }
}
