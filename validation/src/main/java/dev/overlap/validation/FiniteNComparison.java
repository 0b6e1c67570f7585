package dev.overlap.validation;

import java.util.Arrays;
import java.util.Locale;

import org.apache.commons.statistics.distribution.NormalDistribution;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.finiten.EscapeTimeLaw;

/**
 * A simulation at one N against the finite-N theory: the predicted mean and spread of ε_g across seeds
 * ({@link EscapeTimeLaw#curve}) and the predicted escape-time law.
 *
 * <p><b>Learning curve.</b> At each recorded α with a predicted spread sd(α) &gt; 0,
 * z(α) = (mean_k ε_sim,k(α) − mean_pred(α)) / (sd(α)/√S): the standard error is the predicted one, never a
 * sample standard deviation (which can be tiny by chance with few seeds). The curve passes when
 * max_α |z| ≤ z_max = Φ⁻¹(1 − a/(2m)), the normal Bonferroni bound over the m compared rows at family-wise rate a.
 *
 * <p><b>Escape.</b> The simulated escape times, censored at the last recorded α, against the predicted CDF by the
 * one-sample Kolmogorov–Smirnov test restricted to the α before the censoring ({@link CensoredKolmogorovSmirnov},
 * conservative; p ≥ a/n_N over the n_N values of N); and, when every seed escaped and the prediction puts at least 99.9 % of its mass before the
 * last α, the mean: |mean_sim − mean_pred| ≤ 3 sd_pred/√S.
 *
 * @param n            N
 * @param prediction   the predicted curve and escape law at N
 * @param alphas       the recorded α
 * @param simulation   ε_g statistics across seeds at each α
 * @param z            z(α) (0 where the row is not compared)
 * @param comparedRows m
 * @param zBound       z_max
 * @param maxAbsZ      max_α |z|
 * @param maxAbsZAlpha where it is attained
 * @param escapes      the simulated escape times, censored at the last α, ascending
 * @param escaped      how many seeds escaped within the run
 * @param escapeZ      (mean_sim − mean_pred)/(sd_pred/√S), NaN where the mean is not tested
 * @param ksPValue     the KS p-value
 * @param ksBound      a/n_N
 */
public record FiniteNComparison(int n, EscapeTimeLaw.Curve prediction, double[] alphas, SampleStatistics[] simulation,
        double[] z, int comparedRows, double zBound, double maxAbsZ, double maxAbsZAlpha, double[] escapes, int escaped,
        double escapeZ, double ksPValue, double ksBound) {

    /** Bound on the escape-mean z. */
    public static final double ESCAPE_MEAN_BOUND = 3.0;

    /** Whether the learning curve is within its bound. */
    public boolean curveOk() {
        return maxAbsZ <= zBound;
    }

    /** Whether the escape mean passes (true when it is not tested). */
    public boolean escapeMeanOk() {
        return Double.isNaN(escapeZ) || Math.abs(escapeZ) <= ESCAPE_MEAN_BOUND;
    }

    /** Whether the KS test passes. */
    public boolean ksOk() {
        return ksPValue >= ksBound;
    }

    /** All three. */
    public boolean agree() {
        return curveOk() && escapeMeanOk() && ksOk();
    }

    /** The simulated mean escape α over the escaped seeds (NaN if none). */
    public double simulatedEscapeMean() {
        double[] e = Arrays.copyOf(escapes, escaped);
        return escaped == 0 ? Double.NaN : SampleStatistics.mean(e);
    }

    /**
     * Compares a simulation with the prediction of {@code law} at its N.
     *
     * @param familyWiseRate a, for the curve at this N
     * @param valuesOfN      n_N, the number of N compared (for the KS bound a/n_N)
     */
    public static FiniteNComparison of(SimulationResult sim, EscapeTimeLaw law, int samples, double familyWiseRate,
            int valuesOfN, int threads) {
        return of(sim, law.curve(sim.n(), samples, sim.alphas(), threads), familyWiseRate, valuesOfN);
    }

    /**
     * Compares a simulation with a prediction already computed at its N and at (at least the first rows of) its
     * recorded α, e.g. one prediction for many repetitions of a simulation.
     */
    public static FiniteNComparison of(SimulationResult sim, EscapeTimeLaw.Curve pred, double familyWiseRate,
            int valuesOfN) {
        int rows = sim.rows();
        double[] alphas = sim.alphas();
        if (pred.n() != sim.n() || pred.alphas().length < rows) {
            throw new IllegalArgumentException("the prediction is for N = " + pred.n() + " and " + pred.alphas().length
                    + " α values; the simulation has N = " + sim.n() + " and " + rows + " rows");
        }
        int s = sim.seeds().size();
        SampleStatistics[] stats = new SampleStatistics[rows];
        double[] z = new double[rows];
        int compared = 0;
        for (int i = 0; i < rows; i++) {
            stats[i] = sim.epsGStatistics(i);
            double se = pred.sd()[i] / Math.sqrt(s);
            double dev = stats[i].mean() - pred.mean()[i];
            if (se > 0 && Double.isFinite(se)) {
                z[i] = dev / se;
                compared++;
            }
        }
        int at = -1;
        double max = 0;
        for (int i = 0; i < rows; i++) {
            if (Math.abs(z[i]) > max || at < 0) {
                max = Math.abs(z[i]);
                at = i;
            }
        }
        double zBound = NormalDistribution.of(0, 1).inverseSurvivalProbability(familyWiseRate / (2.0 * Math.max(1, compared)));

        double last = alphas[rows - 1];
        double[] esc = new double[s];
        int escaped = 0;
        for (int k = 0; k < s; k++) {
            Double e = sim.seeds().get(k).escapeAlpha();
            if (e != null && e <= last) {
                esc[k] = e;
                escaped++;
            } else {
                esc[k] = last;
            }
        }
        Arrays.sort(esc);
        EscapeTimeLaw.Prediction law0 = pred.escape();
        double p = CensoredKolmogorovSmirnov.pValue(Arrays.copyOf(esc, escaped), s,
                escaped == s ? Double.POSITIVE_INFINITY : last, law0::cdfInterpolated);
        double escapeZ = Double.NaN;
        if (escaped == s && law0.cdf(last) >= 0.999) {
            double mean = SampleStatistics.mean(esc);
            escapeZ = (mean - law0.mean()) / (law0.sd() / Math.sqrt(s));
        }
        return new FiniteNComparison(sim.n(), pred, Arrays.copyOf(alphas, rows), stats, z, compared, zBound, max,
                at < 0 ? Double.NaN : alphas[at], esc, escaped, escapeZ, p, familyWiseRate / valuesOfN);
    }

    /** One sentence for the verdict line. */
    public String finding() {
        String escape = Double.isNaN(escapeZ)
                ? String.format(Locale.ROOT, "escape mean not tested (%d/%d escaped by α = %s)", escaped, escapes.length,
                        ModelSpec.compact(alphas[alphas.length - 1]))
                : String.format(Locale.ROOT, "escape mean %.4g vs %.4g predicted (|z| = %.2f %s %.0f)",
                        simulatedEscapeMean(), prediction.escape().mean(), Math.abs(escapeZ),
                        escapeMeanOk() ? "≤" : ">", ESCAPE_MEAN_BOUND);
        return String.format(Locale.ROOT, "N = %d: max|z| = %.3g at α = %s %s z_max = %.3g (%d seeds, %d rows), %s,"
                + " KS p = %.3g %s %.3g", n, maxAbsZ, ModelSpec.compact(maxAbsZAlpha), curveOk() ? "≤" : ">", zBound,
                escapes.length, comparedRows, escape, ksPValue, ksOk() ? "≥" : "<", ksBound);
    }
}
