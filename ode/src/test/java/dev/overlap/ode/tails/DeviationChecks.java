package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.testing.Allocations;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.RandomMatrices;

/**
 * Shared checks of the double-double evaluators: the states they are compared at, agreement of an in-place evaluator
 * with the record-based reference it replaced, and no allocation per call.
 */
final class DeviationChecks {

    /**
     * Largest absolute difference allowed beyond one ulp of the reference: the terms summed are O(1) (|w_i| ≤ 1,
     * η ≤ 0.5, covariance entries below 2), so both evaluators are exact to about 10⁻³¹ absolute, and a result that
     * took a double-precision shortcut where the terms cancel would be off by 10⁻¹⁷.
     */
    static final double TOLERANCE = 1e-28;

    private DeviationChecks() {
    }

    /** A state split into centre + deviation (the form the tail evaluates). */
    record Split(double[][] t, double[] centre, double[] deviation, String label) {
    }

    /**
     * States at which to compare: for each of {@code draws} random joint covariances, the O(1) state split into its
     * value rounded to 20 bits plus the remainder; and where p = p*, the zero-loss state Q = R = T with deviations of
     * 10⁻⁴, 10⁻⁸ and 10⁻¹² (the tail's regime, where the rates and ε_g are small differences of O(1) terms).
     */
    static List<Split> states(int p, int ps, int draws, SplittableRandom rng) {
        List<Split> out = new ArrayList<>();
        for (int d = 0; d < draws; d++) {
            Overlaps o = CovarianceBlocks.split(RandomMatrices.randomCovariance(p + ps, rng, 1.5, 0.1), p);
            double[] x = o.toState();
            double[] centre = new double[x.length];
            double[] deviation = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                centre[k] = Math.scalb(Math.rint(Math.scalb(x[k], 20)), -20);
                deviation[k] = x[k] - centre[k];
            }
            out.add(new Split(o.teacherOverlap(), centre, deviation, "random state " + d));
            if (p == ps) {
                double[][] t = o.teacherOverlap();
                double[] zeroLoss = Overlaps.of(t, t, t).toState();
                for (int decade = 4; decade <= 12; decade += 4) {
                    double[] dev = new double[zeroLoss.length];
                    for (int k = 0; k < dev.length; k++) {
                        dev[k] = Math.pow(10, -decade) * RandomMatrices.gaussian(rng);
                    }
                    out.add(new Split(t, zeroLoss, dev, "zero loss + 1e-" + decade + ", draw " + d));
                }
            }
        }
        return out;
    }

    /** The in-place evaluator's rates and ε_g equal the reference's within one ulp + {@link #TOLERANCE}. */
    static void assertAgrees(DeviationDynamics got, DeviationDynamics reference, Split s, ModelSpec spec) {
        double[] expected = new double[got.dimension()];
        double[] rates = new double[got.dimension()];
        reference.derivatives(s.centre(), s.deviation(), expected);
        got.derivatives(s.centre(), s.deviation(), rates);
        for (int k = 0; k < rates.length; k++) {
            assertEquals(expected[k], rates[k], TOLERANCE + Math.ulp(expected[k]),
                    spec + ", " + s.label() + ": rate " + k);
        }
        double e = reference.generalisationError(s.centre(), s.deviation());
        assertEquals(e, got.generalisationError(s.centre(), s.deviation()), TOLERANCE + Math.ulp(e),
                spec + ", " + s.label() + ": ε_g");
    }

    /** Neither the rates nor ε_g allocate per call (HotSpot's counter, after a warm-up; skipped without it). */
    static void assertAllocatesNothing(DeviationDynamics dev, Split s) {
        double[] rates = new double[dev.dimension()];
        double bytes = Allocations.perCall(() -> dev.derivatives(s.centre(), s.deviation(), rates), 5_000);
        Assumptions.assumeTrue(Double.isFinite(bytes), "allocation counter unavailable");
        assertTrue(bytes < 1.0, "the deviation right-hand side allocates " + bytes + " bytes per call");
        double[] sink = new double[1];
        double epsBytes = Allocations.perCall(() -> sink[0] += dev.generalisationError(s.centre(), s.deviation()), 5_000);
        assertTrue(epsBytes < 1.0, "ε_g allocates " + epsBytes + " bytes per call");
    }
}
