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
 * The z² deviation evaluator, the tail's hot loop: it agrees with the plain closed form at an ordinary state split
 * into centre + deviation, and it allocates nothing per call (the per-thread allocation counter of HotSpot, after a
 * warm-up that lets the JIT compile it).
 */
class QuadraticDeviationTest {

    @Test
    void agreesWithTheClosedFormAndAllocatesNothing() {
        SplittableRandom rng = new SplittableRandom(7);
        Overlaps o = CovarianceBlocks.split(RandomMatrices.randomCovariance(6, rng), 4);
        ModelSpec spec = ModelSpec.builder().p(4).pstar(2).lrPerWidth(0.05).noise(0.1).build();
        QuadraticClosedFormDynamics plain = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
        QuadraticDeviation dev = new QuadraticDeviation(spec, o.teacherOverlap());
        double[] y = o.toState();
        double[] centre = new double[y.length];
        double[] deviation = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            centre[k] = y[k] * 0.75;
            deviation[k] = y[k] - centre[k];
        }
        double[] expected = new double[y.length];
        double[] got = new double[y.length];
        plain.derivatives(y, expected);
        dev.derivatives(centre, deviation, got);
        for (int k = 0; k < y.length; k++) {
            assertEquals(expected[k], got[k], 1e-13 * (1 + Math.abs(expected[k])), "entry " + k);
        }
        assertEquals(plain.generalisationError(y), dev.generalisationError(centre, deviation), 1e-14);
        double bytes = Allocations.perCall(() -> dev.derivatives(centre, deviation, got), 20_000);
        Assumptions.assumeTrue(Double.isFinite(bytes), "allocation counter unavailable");
        assertTrue(bytes < 1.0, "the deviation right-hand side allocates " + bytes + " bytes per call");
    }
}
