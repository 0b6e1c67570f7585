package dev.overlap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.validation.SgdRun;

/**
 * {@code overlap bench sgd}: the speed of the simulator's SGD step, as steps per second and nanoseconds per
 * (step · N), at N = 10³ and 10⁴, on one thread and on all cores (one seed per thread, at least two seeds).
 * Each configuration advances every run by the same number of steps (about 2·10⁸ / N per run and timing),
 * {@value #WARMUP} untimed times and then {@value #REPEATS} timed times; the median and the range are printed.
 * Only the steps are timed: drawing the weights and recording are not.
 */
final class SgdBench {

    static final int REPEATS = 5;
    static final int WARMUP = 2;
    private static final double WORK = 2e8;

    private SgdBench() {
    }

    static int run(PrintWriter out, int p, int pstar) {
        int cores = Runtime.getRuntime().availableProcessors();
        int parallel = Math.max(2, cores);
        out.printf(Locale.ROOT, "overlap bench sgd: p=%d p*=%d quadratic mean η̃=0.05, Java %s, %d cores; median (min–max)"
                + " of %d timings%n", p, pstar, Versions.java(), cores, REPEATS);
        for (int n : new int[] {1_000, 10_000}) {
            long steps = Math.round(WORK / n);
            double single = measure(p, pstar, n, 1, steps, out, "1 thread ");
            double all = measure(p, pstar, n, parallel, steps, out,
                    String.format(Locale.ROOT, "%d threads", parallel));
            out.printf(Locale.ROOT, "  N = %5d: speed-up with %d threads (%d seeds): %.2f×%n", n, parallel, parallel,
                    all / single);
        }
        out.flush();
        return 0;
    }

    /** Times {@code seeds} runs advanced concurrently on one thread each; returns the median steps per second. */
    private static double measure(int p, int pstar, int n, int seeds, long steps, PrintWriter out, String label) {
        List<SgdRun> runs = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            ModelSpec spec = ModelSpec.builder().p(p).pstar(pstar).lrPerWidth(0.05)
                    .init(new InitialCondition.Random(n, 1.0, 1 + k)).build();
            runs.add(new SgdRun(spec));
        }
        double[] seconds = new double[REPEATS];
        for (int rep = -WARMUP; rep < REPEATS; rep++) {
            double s = timeConcurrently(runs, steps);
            if (rep >= 0) {
                seconds[rep] = s;
            }
        }
        Arrays.sort(seconds);
        double total = (double) steps * seeds;
        double median = seconds[REPEATS / 2];
        out.printf(Locale.ROOT, "  N = %5d, %s: %.3g steps/s (%.3g–%.3g), %.2f ns per step·N (%.2f–%.2f)%n", n, label,
                total / median, total / seconds[REPEATS - 1], total / seconds[0], 1e9 * median / (total * n),
                1e9 * seconds[0] / (total * n), 1e9 * seconds[REPEATS - 1] / (total * n));
        return total / median;
    }

    private static double timeConcurrently(List<SgdRun> runs, long steps) {
        if (runs.size() == 1) {
            long t0 = System.nanoTime();
            runs.get(0).advance(steps);
            return (System.nanoTime() - t0) * 1e-9;
        }
        CyclicBarrier start = new CyclicBarrier(runs.size() + 1);
        List<Thread> threads = new ArrayList<>();
        for (SgdRun r : runs) {
            Thread t = new Thread(() -> {
                await(start);
                r.advance(steps);
            }, "bench-sgd");
            t.start();
            threads.add(t);
        }
        await(start);
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
        }
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }
}
