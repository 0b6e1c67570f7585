package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.QuadraticClosedFormDynamics;
import dev.overlap.testing.Allocations;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.RandomMatrices;

/**
 * The z² difference evaluator against the double-double one ({@link QuadraticDeviation}, itself checked against the
 * closed form): near the zero-loss manifold, where f and ε_g are small differences of O(1) terms, both keep their
 * relative accuracy (the plain double closed form does not: the test shows its error is more than 10³ times larger), and the
 * evaluator allocates nothing per call.
 */
class QuadraticDifferenceTest {

    private static final double[][] IDENTITY_2 = {{1, 0}, {0, 1}};

    /**
     * A state at distance ~scale from the global minimum Q = R = T = I (p = p* = 2), split into centre + deviation:
     * the overlaps of student weights W = W* + scale G (W* the first two unit vectors of R⁴, G Gaussian), so that
     * the covariance is positive semi-definite, and of W + 0.3 scale G' for the deviation.
     */
    private static double[][] nearMinimum(SplittableRandom rng, double scale) {
        double[][] w = new double[2][4];
        double[][] v = new double[2][4];
        for (int a = 0; a < 2; a++) {
            for (int i = 0; i < 4; i++) {
                w[a][i] = (a == i ? 1 : 0) + scale * gaussian(rng);
                v[a][i] = w[a][i] + 0.3 * scale * gaussian(rng);
            }
        }
        double[] centre = state(w);
        double[] deviation = state(v);
        for (int k = 0; k < centre.length; k++) {
            deviation[k] -= centre[k];
        }
        return new double[][] {centre, deviation};
    }

    /** The flat state (Q₀₀, Q₀₁, Q₁₁, R₀₀, R₀₁, R₁₀, R₁₁) of student rows w against W* = (e₁, e₂). */
    private static double[] state(double[][] w) {
        return new double[] {dot(w[0], w[0]), dot(w[0], w[1]), dot(w[1], w[1]), w[0][0], w[0][1], w[1][0], w[1][1]};
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void keepsRelativeAccuracyNearTheMinimum() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).lrPerWidth(0.1).noise(0.0).build();
        QuadraticDeviation reference = new QuadraticDeviation(spec, IDENTITY_2);
        QuadraticDifference difference = new QuadraticDifference(spec, IDENTITY_2);
        QuadraticClosedFormDynamics plain = new QuadraticClosedFormDynamics(spec, IDENTITY_2);
        SplittableRandom rng = new SplittableRandom(11);
        double worstPlain = 0;
        for (double scale : new double[] {1e-3, 1e-5, 1e-7}) {
            for (int trial = 0; trial < 20; trial++) {
                double[][] cd = nearMinimum(rng, scale);
                double[] exact = new double[7];
                double[] got = new double[7];
                reference.derivatives(cd[0], cd[1], exact);
                difference.derivatives(cd[0], cd[1], got);
                double size = 0;
                for (double v : exact) {
                    size = Math.max(size, Math.abs(v));
                }
                double[] sum = new double[7];
                double[] naive = new double[7];
                for (int k = 0; k < 7; k++) {
                    sum[k] = cd[0][k] + cd[1][k];
                }
                plain.derivatives(sum, naive);
                for (int k = 0; k < 7; k++) {
                    assertEquals(exact[k], got[k], 1e-13 * size, "scale " + scale + ", entry " + k);
                    worstPlain = Math.max(worstPlain, Math.abs(naive[k] - exact[k]) / size);
                }
                double eps = reference.generalisationError(cd[0], cd[1]);
                assertEquals(eps, difference.generalisationError(cd[0], cd[1]), 1e-13 * eps, "ε_g at scale " + scale);
            }
        }
        assertTrue(worstPlain > 1e-10, "the plain closed form was expected to lose accuracy: " + worstPlain);
    }

    @Test
    void agreesWithTheDoubleDoubleEvaluatorAtOrdinaryStatesAndAllocatesNothing() {
        SplittableRandom rng = new SplittableRandom(7);
        Overlaps o = CovarianceBlocks.split(RandomMatrices.randomCovariance(7, rng), 4);
        ModelSpec spec = ModelSpec.builder().p(4).pstar(3).lrPerWidth(0.05).noise(0.1).build();
        QuadraticDeviation reference = new QuadraticDeviation(spec, o.teacherOverlap());
        QuadraticDifference difference = new QuadraticDifference(spec, o.teacherOverlap());
        double[] y = o.toState();
        double[] centre = new double[y.length];
        double[] deviation = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            centre[k] = y[k] * 0.999;
            deviation[k] = y[k] - centre[k];
        }
        double[] expected = new double[y.length];
        double[] got = new double[y.length];
        reference.derivatives(centre, deviation, expected);
        difference.derivatives(centre, deviation, got);
        for (int k = 0; k < y.length; k++) {
            assertEquals(expected[k], got[k], 1e-14 * (1 + Math.abs(expected[k])), "entry " + k);
        }
        assertEquals(reference.generalisationError(centre, deviation), difference.generalisationError(centre, deviation),
                1e-14);
        double bytes = Allocations.perCall(() -> difference.derivatives(centre, deviation, got), 20_000);
        Assumptions.assumeTrue(Double.isFinite(bytes), "allocation counter unavailable");
        assertTrue(bytes < 1.0, "the difference right-hand side allocates " + bytes + " bytes per call");
    }
}
