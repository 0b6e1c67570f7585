package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.QuadraticClosedFormDynamics;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.RandomMatrices;

/**
 * The z² deviation evaluator, the tail's hot loop: it agrees with the plain closed form at an ordinary state split
 * into centre + deviation, and it allocates nothing per call (the per-thread allocation counter of HotSpot, after a
 * warm-up that lets the JIT compile it).
 */
class QuadraticDeviationTest {

    private static double allocatedPerCall(Runnable body, int calls) {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(std instanceof com.sun.management.ThreadMXBean, "no HotSpot ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation measurement unsupported");
        if (!mx.isThreadAllocatedMemoryEnabled()) {
            mx.setThreadAllocatedMemoryEnabled(true);
        }
        for (int i = 0; i < calls; i++) {
            body.run();
        }
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            body.run();
        }
        long after = mx.getThreadAllocatedBytes(id);
        Assumptions.assumeTrue(before >= 0 && after >= 0, "allocation counter unavailable");
        return (double) (after - before) / calls;
    }

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
        assertTrue(allocatedPerCall(() -> dev.derivatives(centre, deviation, got), 20_000) < 1.0,
                "the deviation right-hand side allocates");
    }
}
