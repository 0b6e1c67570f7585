package dev.overlap.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The counter sees a known allocation (a 1000-long array, at least 8000 bytes) and nothing in a loop of sums. */
class AllocationsTest {

    private static volatile Object sink;
    private static volatile double total;

    @Test
    void countsWhatIsAllocatedAndNothingElse() {
        double array = Allocations.perCall(() -> sink = new long[1000], 2000);
        Assumptions.assumeTrue(Double.isFinite(array), "no allocation counter in this JVM");
        assertTrue(array >= 8000, "a long[1000] per call, counted " + array);
        double[] v = {1, 2, 3};
        double none = Allocations.perCall(() -> total = v[0] + v[1] + v[2], 20_000);
        assertTrue(none < 1.0, "a sum of three doubles, counted " + none);
    }
}
