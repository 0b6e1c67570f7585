package dev.overlap.testing;

import java.lang.management.ManagementFactory;

/**
 * HotSpot's per-thread allocation counter, for the tests that hot loops allocate nothing: one home for enabling it
 * and reading it. Where the JVM has no such counter the readings are −1 (bytes) or NaN (per call), and a test should
 * skip.
 */
public final class Allocations {

    private Allocations() {
    }

    /**
     * Bytes allocated so far by the calling thread, enabling the counter on first use.
     *
     * @return the thread's allocated bytes, or −1 if the JVM cannot count them
     */
    public static long threadAllocatedBytes() {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        if (!(std instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        if (!mx.isThreadAllocatedMemoryEnabled()) {
            mx.setThreadAllocatedMemoryEnabled(true);
        }
        return mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Runs {@code body} {@code calls} times to warm up, then counts over up to {@link #ROUNDS} further rounds of
     * {@code calls} runs and keeps the smallest mean: a round can include the tail of the JIT's work (code not yet
     * compiled still allocates), while code that allocates for real does so in every round.
     *
     * @return the smallest mean bytes allocated per call over the counted rounds (it stops at a round below 1 byte),
     *         or NaN if the JVM cannot count them
     */
    public static double perCall(Runnable body, int calls) {
        if (threadAllocatedBytes() < 0) {
            return Double.NaN;
        }
        for (int i = 0; i < calls; i++) {
            body.run();
        }
        double least = Double.POSITIVE_INFINITY;
        for (int round = 0; round < ROUNDS && least >= 1.0; round++) {
            long before = threadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                body.run();
            }
            long after = threadAllocatedBytes();
            least = Math.min(least, (double) (after - before) / calls);
        }
        return least;
    }

    /** Most counted rounds of {@link #perCall}. */
    public static final int ROUNDS = 5;
}
