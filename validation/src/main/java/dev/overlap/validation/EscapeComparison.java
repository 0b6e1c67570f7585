package dev.overlap.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;


import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.finiten.EscapeTimeLaw;

/**
 * The predicted finite-N escape-time law ({@link EscapeTimeLaw}) at several N, optionally against the escape times
 * of the exact overlap chain ({@link OverlapChain}, many seeds per N).
 *
 * <p><b>Verdict</b> (with a simulation): AGREE when, for every N, (1) the predicted mean is within
 * {@value #MEAN_SE_BOUND} standard errors of the simulated mean, SE = sd_sim/√S (a false alarm rate of 0.27 % per
 * N if the prediction is exact), and (2) the one-sample Kolmogorov–Smirnov test of the simulated escape times
 * against the predicted CDF (piecewise linear through the sorted predicted samples) has p ≥ a/m, a the
 * family-wise level ({@value #KS_LEVEL}) and m the number of N (Bonferroni). Seeds that do not escape within the
 * run are censored there ({@link CensoredKolmogorovSmirnov}), are reported, and make the verdict DISAGREE. The prediction's own sampling error (quasi-Monte
 * Carlo over {@code samples} points) is not part of the bound.
 */
public final class EscapeComparison {

    /** Bound on |mean_sim − mean_pred| in units of the simulation's standard error. */
    public static final double MEAN_SE_BOUND = 3.0;
    /** Family-wise level of the KS tests over all N. */
    public static final double KS_LEVEL = 0.01;

    private EscapeComparison() {
    }

    /**
     * One N.
     *
     * @param prediction the predicted law
     * @param simulated  the escape times of the simulated seeds that escaped, ascending (empty without simulation)
     * @param seeds      the number of simulated seeds (0 without simulation)
     * @param simMean    their mean (NaN without simulation)
     * @param simSd      their standard deviation
     * @param simSem     SE of the mean, sd/√(escaped)
     * @param ksPValue   the KS p-value (NaN without simulation)
     * @param wallSeconds wall time of the simulation at this N
     */
    public record AtN(EscapeTimeLaw.Prediction prediction, double[] simulated, int seeds, double simMean, double simSd,
            double simSem, double ksPValue, double wallSeconds) {

        /**
         * Whether the simulation was run.
         *
         * @return true if seeds were simulated, false for a prediction only
         */
        public boolean simulatedRun() {
            return seeds > 0;
        }

        /**
         * (mean_sim − mean_pred)/SE.
         *
         * @return the z-score of the simulated mean escape time under the prediction
         */
        public double z() {
            return (simMean - prediction.mean()) / simSem;
        }
    }

    /**
     * The whole result.
     *
     * @param law      the escape-time law
     * @param perN     one entry per N, in the order given
     * @param agree    the verdict (true without simulation)
     * @param findings one sentence per N when simulated
     */
    public record Report(EscapeTimeLaw law, List<AtN> perN, boolean agree, List<String> findings) {

        /**
         * {@code AGREE} or {@code DISAGREE}.
         *
         * @return the verdict as the word written in the outputs
         */
        public String verdict() {
            return agree ? "AGREE" : "DISAGREE";
        }

        /**
         * The large-N constant c of mean ≈ ln N/(2γ) + c, from the largest N.
         *
         * @return c = mean − ln N/(2γ) at the largest N
         */
        public double largeNConstant() {
            AtN last = perN.get(perN.size() - 1);
            return last.prediction().mean() - Math.log(last.prediction().n()) / (2 * law.escapeRate());
        }
    }

    /** The law of a spec and its predictions at each N (the first phase of {@link #run}). */
    public record Predictions(EscapeTimeLaw law, List<EscapeTimeLaw.Prediction> perN) {

        /**
         * The α to which a simulation at this prediction's N runs: 1.25 × the latest predicted escape + 10.
         *
         * @return the α to simulate to
         */
        public static double simulationAlphaMax(EscapeTimeLaw.Prediction pred) {
            double last = pred.sortedTimes()[pred.sortedTimes().length - 1];
            return Double.isFinite(last) ? 1.25 * last + 10 : 4 * pred.q90();
        }

        /**
         * SGD steps a simulation of {@code seeds} seeds per N will take (for progress lines).
         *
         * @return the total number of SGD steps over all N and seeds
         */
        public long simulationSteps(int seeds) {
            long total = 0;
            for (EscapeTimeLaw.Prediction p : perN) {
                total += Math.round(simulationAlphaMax(p) * p.n()) * seeds;
            }
            return total;
        }
    }

    /**
     * Predicts the escape law at each N.
     *
     * @return the escape-time law and its prediction at each N
     * @throws SpecException for N outside [p + p*, 2³¹ − 1], or a model without a plateau
     */
    public static Predictions predict(ModelSpec spec, long[] ns, int samples, double escapeFraction, int threads) {
        if (ns.length == 0) {
            throw new SpecException("N", "the list of input dimensions N", "needs at least one value");
        }
        for (long n : ns) {
            if (n < spec.p() + spec.pstar() || n > Integer.MAX_VALUE) {
                throw new SpecException("N", "the input dimension N", "values must be between p + p* = "
                        + (spec.p() + spec.pstar()) + " and " + Integer.MAX_VALUE + " (got " + n + ")");
            }
        }
        EscapeTimeLaw law = EscapeTimeLaw.of(spec, escapeFraction);
        List<EscapeTimeLaw.Prediction> predictions = new ArrayList<>();
        for (long n : ns) {
            predictions.add(law.predict(n, samples, threads));
        }
        return new Predictions(law, List.copyOf(predictions));
    }

    /**
     * Predicts the escape law at each N and, if {@code seeds} &gt; 0, simulates that many seeds of the overlap chain
     * per N (master seed {@code masterSeed}) to the α where the predicted escapes are over.
     *
     * @param progress receives simulated steps, from worker threads; may be null
     * @return the predictions, the simulated escape times and the verdict
     */
    public static Report run(ModelSpec spec, long[] ns, int samples, int seeds, long masterSeed, double escapeFraction,
            int threads, LongConsumer progress) {
        return compare(spec, predict(spec, ns, samples, escapeFraction, threads), seeds, masterSeed, threads, progress);
    }

    /**
     * The second phase of {@link #run}: the simulations and the verdict (none if {@code seeds} = 0).
     *
     * @return the predictions, the simulated escape times and the verdict
     */
    public static Report compare(ModelSpec spec, Predictions predictions, int seeds, long masterSeed, int threads,
            LongConsumer progress) {
        if (seeds < 0) {
            throw new SpecException("simulate", "the number of simulated seeds", "must be at least 0 (got " + seeds
                    + ")");
        }
        EscapeTimeLaw law = predictions.law();
        List<AtN> perN = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        boolean agree = true;
        double ksBound = KS_LEVEL / predictions.perN().size();
        for (EscapeTimeLaw.Prediction pred : predictions.perN()) {
            if (seeds == 0) {
                perN.add(new AtN(pred, new double[0], 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0));
                continue;
            }
            int n = (int) pred.n();
            double alphaMax = Predictions.simulationAlphaMax(pred);
            SgdSimulator sim = new SgdSimulator(spec, Engine.OVERLAPS, n, masterSeed, seeds, AlphaGrid.of(alphaMax),
                    law.escapeFraction(), threads).withStopAtEscape(true);
            SimulationResult r = sim.run(progress);
            double[] esc = r.escapeAlphas();
            Arrays.sort(esc);
            double mean = esc.length == 0 ? Double.NaN : SampleStatistics.mean(esc);
            double sd = SampleStatistics.standardDeviation(esc, mean);
            double sem = sd / Math.sqrt(esc.length);
            double p = CensoredKolmogorovSmirnov.pValue(esc, seeds,
                    esc.length == seeds ? Double.POSITIVE_INFINITY : alphaMax, pred::cdfInterpolated);
            AtN a = new AtN(pred, esc, seeds, mean, sd, sem, p, r.wallSeconds());
            perN.add(a);
            boolean meanOk = Math.abs(a.z()) <= MEAN_SE_BOUND;
            boolean ksOk = p >= ksBound;
            agree &= meanOk && ksOk && esc.length == seeds;
            findings.add(String.format(Locale.ROOT, "N = %d: mean %.4g predicted vs %.4g ± %.2g simulated (|z| = %.2f %s"
                    + " %.0f), KS p = %.3g %s %.3g%s", n, pred.mean(), mean, sem, Math.abs(a.z()), meanOk ? "≤" : ">",
                    MEAN_SE_BOUND, p, ksOk ? "≥" : "<", ksBound,
                    esc.length == seeds ? "" : String.format(Locale.ROOT, ", %d/%d seeds did not escape by α = %s",
                            seeds - esc.length, seeds, ModelSpec.compact(alphaMax))));
        }
        return new Report(law, List.copyOf(perN), agree, List.copyOf(findings));
    }
}
